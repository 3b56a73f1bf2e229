//! Lint while typing: the syntax problems, plus the field problems that need to know
//! which fields the contacts have.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use ts_rs::TS;

use crate::compose::similarity::edit_distance;

use super::ast::{each_field, each_group, Node};
use super::fields::{field_key, BuiltinField, MergeValues};
use super::problem::{LintKind, LintProblem, Severity};
use super::Template;

/// The fields a template may use: the built-in ones, the custom fields of the contacts
/// it is meant for, and (when known) how many of those contacts leave each blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownFields {
    custom: BTreeSet<String>,
    blank: BTreeMap<String, u64>,
}

impl KnownFields {
    /// Built-in fields only (a template not tied to a list yet).
    pub fn builtins() -> Self {
        Self::default()
    }

    /// Built-in fields plus these custom keys (normalised here).
    pub fn with_custom<S: AsRef<str>>(keys: impl IntoIterator<Item = S>) -> Self {
        let custom = keys
            .into_iter()
            .filter_map(|k| field_key(k.as_ref()))
            .filter(|k| BuiltinField::from_key(k).is_none())
            .collect();
        Self {
            custom,
            blank: BTreeMap::new(),
        }
    }

    /// The fields of these contacts, with how many leave each blank.
    pub fn from_contacts<'a>(contacts: impl IntoIterator<Item = &'a MergeValues>) -> Self {
        let contacts: Vec<&MergeValues> = contacts.into_iter().collect();
        let mut known = Self::with_custom(contacts.iter().flat_map(|c| c.keys()));
        for key in known.keys() {
            let blank = contacts.iter().filter(|c| c.get(&key).is_none()).count();
            if blank > 0 {
                known.blank.insert(key, blank as u64);
            }
        }
        known
    }

    pub fn contains(&self, key: &str) -> bool {
        BuiltinField::from_key(key).is_some() || self.custom.contains(key)
    }

    /// Every usable key: built-in ones (Portuguese names) first, then custom ones.
    pub fn keys(&self) -> Vec<String> {
        BuiltinField::ALL
            .iter()
            .map(|f| f.key().to_owned())
            .chain(self.custom.iter().cloned())
            .collect()
    }

    fn blank_count(&self, key: &str) -> u64 {
        self.blank.get(key).copied().unwrap_or(0)
    }

    /// The known key closest to an unknown one, when it is close enough to be a typo.
    fn suggest(&self, key: &str) -> Option<String> {
        let typed: Vec<char> = key.chars().collect();
        let mut names: Vec<&str> = BuiltinField::ALL
            .iter()
            .flat_map(|f| f.keys().iter().copied())
            .collect();
        names.extend(self.custom.iter().map(String::as_str));
        names
            .into_iter()
            .map(|name| {
                let chars: Vec<char> = name.chars().collect();
                (edit_distance(&typed, &chars), name)
            })
            .filter(|(distance, name)| *distance <= (name.chars().count() / 3).max(1))
            .min()
            .and_then(|(_, name)| field_key(name))
    }
}

/// What the editor shows under the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCheck {
    /// In source order.
    pub problems: Vec<LintProblem>,
    /// True when a problem is an error: the template cannot be saved or sent.
    pub has_errors: bool,
    /// Possible messages, capped at `Number.MAX_SAFE_INTEGER`.
    #[ts(type = "number")]
    pub variants: u64,
    /// The fields used, each once, in source order.
    pub fields: Vec<String>,
}

/// Every problem of `source` given the fields the contacts have.
pub fn lint(source: &str, known: &KnownFields) -> Vec<LintProblem> {
    let (template, mut problems) = Template::parse_lenient(source);
    mark_field_lookalikes(source, template.nodes(), known, &mut problems);
    each_field(template.nodes(), &mut |field| {
        if field.key.is_empty() {
            return; // EmptyFieldName is already reported.
        }
        let problem = LintProblem::new(LintKind::UnknownField, source, field.span.clone())
            .with_field(&field.key);
        if !known.contains(&field.key) {
            problems.push(LintProblem {
                suggestion: known.suggest(&field.key),
                ..problem
            });
        } else if field.fallback.is_none() && known.blank_count(&field.key) > 0 {
            problems.push(LintProblem {
                kind: LintKind::BlankWithoutFallback,
                severity: LintKind::BlankWithoutFallback.severity(),
                contacts: Some(known.blank_count(&field.key)),
                ..problem
            });
        }
    });
    problems.sort_by_key(|p| (p.range.byte_start, p.range.byte_end));
    problems
}

/// The lint, the variant count and the fields used, in one call for the editor.
pub fn check(source: &str, known: &KnownFields) -> TemplateCheck {
    let problems = lint(source, known);
    let (template, _) = Template::parse_lenient(source);
    TemplateCheck {
        has_errors: problems.iter().any(|p| p.severity == Severity::Error),
        problems,
        variants: template.variants(),
        fields: template.fields(),
    }
}

/// `{nome}` parses as a one-option group; when the word is a field, say so.
fn mark_field_lookalikes(
    source: &str,
    nodes: &[Node],
    known: &KnownFields,
    problems: &mut [LintProblem],
) {
    each_group(nodes, &mut |group| {
        let [option] = group.options.as_slice() else {
            return;
        };
        let [Node::Text(text)] = option.nodes.as_slice() else {
            return;
        };
        let Some(key) = field_key(text).filter(|k| known.contains(k)) else {
            return;
        };
        let range = crate::compose::TextRange::new(source, group.span.clone());
        for problem in problems.iter_mut() {
            if problem.kind == LintKind::SingleOption && problem.range == range {
                problem.kind = LintKind::LooksLikeField;
                problem.severity = LintKind::LooksLikeField.severity();
                problem.field = Some(key.clone());
            }
        }
    });
}
