//! The template language: merge fields with fallbacks, nested spintax, escapes (see
//! `parser` for the grammar), rendering per contact with a trace, and lint.

mod ast;
mod fields;
mod lint;
mod parser;
mod problem;
mod render;
mod seed;
mod variants;

#[cfg(test)]
mod lint_tests;
#[cfg(test)]
mod parser_tests;
#[cfg(test)]
mod render_tests;

pub use fields::{display_phone, field_key, BuiltinField, MergeValues};
pub use lint::{check, lint, KnownFields, TemplateCheck};
pub use problem::{LintKind, LintProblem, Severity};
pub use render::{FieldOutcome, FieldUse, RenderTrace, Rendered, SpinChoice};
pub use seed::Seed;
pub use variants::MAX_VARIANTS;

use super::ComposeError;
use ast::Node;

/// A parsed template, ready to render for any number of contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    nodes: Vec<Node>,
}

impl Template {
    /// Parses `source`, refusing it when it has syntax errors (warnings are fine). What
    /// is saved or sent goes through here.
    pub fn parse(source: &str) -> Result<Self, ComposeError> {
        let (template, problems) = Self::parse_lenient(source);
        let errors: Vec<LintProblem> = problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            Ok(template)
        } else {
            Err(ComposeError::InvalidTemplate(errors))
        }
    }

    /// Parses anything, for the live preview: broken parts render as best they can and
    /// the syntax problems come back alongside.
    pub fn parse_lenient(source: &str) -> (Self, Vec<LintProblem>) {
        let parsed = parser::parse(source);
        let template = Self {
            source: source.to_owned(),
            nodes: parsed.nodes,
        };
        (template, parsed.problems)
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The message for one contact. The same seed always gives the same text.
    pub fn render(&self, values: &MergeValues, seed: Seed) -> Rendered {
        render::render(&self.source, &self.nodes, values, seed)
    }

    /// Possible messages (spintax choices), capped at [`MAX_VARIANTS`].
    pub fn variants(&self) -> u64 {
        variants::count(&self.nodes)
    }

    /// The field keys used, each once, in source order (all branches).
    pub fn fields(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        ast::each_field(&self.nodes, &mut |field| {
            if !field.key.is_empty() && !keys.contains(&field.key) {
                keys.push(field.key.clone());
            }
        });
        keys
    }

    pub(crate) fn nodes(&self) -> &[Node] {
        &self.nodes
    }
}
