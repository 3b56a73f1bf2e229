//! A template rendered for one contact, with the trace the preview shows: the option
//! each spintax group took and how each merge field was filled.

use serde::Serialize;
use ts_rs::TS;

use crate::compose::text_range::utf16_len;
use crate::compose::TextRange;

use super::ast::Node;
use super::fields::MergeValues;
use super::seed::Seed;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    pub text: String,
    /// Unicode characters (an emoji with modifiers counts several).
    #[ts(type = "number")]
    pub chars: usize,
    /// UTF-16 units, JavaScript's `.length`.
    #[ts(type = "number")]
    pub utf16_len: usize,
    pub trace: RenderTrace,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenderTrace {
    /// Groups in source order; groups inside options not taken are absent.
    pub choices: Vec<SpinChoice>,
    /// Fields in source order, each time one is used.
    pub fields: Vec<FieldUse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpinChoice {
    /// The whole `{…}` in the template.
    pub group: TextRange,
    /// The option taken, within the template.
    pub chosen: TextRange,
    /// 0-based index of the option taken.
    #[ts(type = "number")]
    pub option: usize,
    #[ts(type = "number")]
    pub options: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldUse {
    pub field: String,
    pub range: TextRange,
    pub outcome: FieldOutcome,
    /// What went into the message.
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FieldOutcome {
    /// The contact's own value.
    Filled,
    /// Missing or blank, so the fallback was used.
    Fallback,
    /// Missing or blank with no fallback: nothing was written.
    Empty,
}

pub(crate) fn render(source: &str, nodes: &[Node], values: &MergeValues, seed: Seed) -> Rendered {
    let mut out = Renderer {
        source,
        values,
        seed,
        text: String::new(),
        trace: RenderTrace::default(),
    };
    out.nodes(nodes);
    Rendered {
        chars: out.text.chars().count(),
        utf16_len: utf16_len(&out.text),
        text: out.text,
        trace: out.trace,
    }
}

struct Renderer<'a> {
    source: &'a str,
    values: &'a MergeValues,
    seed: Seed,
    text: String,
    trace: RenderTrace,
}

impl Renderer<'_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => self.text.push_str(text),
                Node::Field(field) => {
                    let (outcome, value) = match (self.values.get(&field.key), &field.fallback) {
                        (Some(value), _) => (FieldOutcome::Filled, value),
                        (None, Some(fallback)) => (FieldOutcome::Fallback, fallback.as_str()),
                        (None, None) => (FieldOutcome::Empty, ""),
                    };
                    self.text.push_str(value);
                    self.trace.fields.push(FieldUse {
                        field: field.key.clone(),
                        range: TextRange::new(self.source, field.span.clone()),
                        outcome,
                        value: value.to_owned(),
                    });
                }
                Node::Spin(group) => {
                    let index = self.seed.pick(group.ordinal, group.options.len());
                    let Some(option) = group.options.get(index) else {
                        continue;
                    };
                    self.trace.choices.push(SpinChoice {
                        group: TextRange::new(self.source, group.span.clone()),
                        chosen: TextRange::new(self.source, option.span.clone()),
                        option: index,
                        options: group.options.len(),
                    });
                    self.nodes(&option.nodes);
                }
            }
        }
    }
}
