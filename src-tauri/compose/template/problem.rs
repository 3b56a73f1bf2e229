//! What the editor underlines: a kind the UI translates, where it is, and the field it is
//! about.

use std::ops::Range;

use serde::Serialize;
use ts_rs::TS;

use crate::compose::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LintKind {
    /// A `{` that is never closed.
    UnclosedBrace,
    /// A `}` with no `{` before it.
    UnmatchedClosingBrace,
    /// `{{nome` or `{{nome}`: a merge field missing its `}}`.
    UnclosedField,
    /// `{{}}` or `{{ ! }}`: no usable field name.
    EmptyFieldName,
    /// `{}`: a spintax group with nothing in it.
    EmptyBraces,
    /// `{Oi||Olá}`: one option of a group is empty, so some contacts get nothing there.
    EmptyOption,
    /// `{Olá}`: braces around a single option; the braces do nothing.
    SingleOption,
    /// `{nome}` where `nome` is a field: probably meant `{{nome}}`.
    LooksLikeField,
    /// Groups nested more than 16 deep.
    NestingTooDeep,
    /// A merge field no contact has.
    UnknownField,
    /// A field without a fallback that is blank for some contacts.
    BlankWithoutFallback,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The template cannot be saved or sent as it is.
    Error,
    /// Worth a look; the template still works.
    Warning,
}

impl LintKind {
    pub fn severity(self) -> Severity {
        match self {
            LintKind::UnclosedBrace
            | LintKind::UnmatchedClosingBrace
            | LintKind::UnclosedField
            | LintKind::EmptyFieldName
            | LintKind::EmptyBraces
            | LintKind::NestingTooDeep
            | LintKind::UnknownField => Severity::Error,
            LintKind::EmptyOption
            | LintKind::SingleOption
            | LintKind::LooksLikeField
            | LintKind::BlankWithoutFallback => Severity::Warning,
        }
    }

    /// Problems found from the text alone; the others need to know the contacts' fields.
    pub fn is_syntax(self) -> bool {
        match self {
            LintKind::UnclosedBrace
            | LintKind::UnmatchedClosingBrace
            | LintKind::UnclosedField
            | LintKind::EmptyFieldName
            | LintKind::EmptyBraces
            | LintKind::EmptyOption
            | LintKind::SingleOption
            | LintKind::NestingTooDeep => true,
            LintKind::LooksLikeField | LintKind::UnknownField | LintKind::BlankWithoutFallback => {
                false
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintProblem {
    pub kind: LintKind,
    pub severity: Severity,
    pub range: TextRange,
    /// The normalised field key, for field problems.
    pub field: Option<String>,
    /// A known field close to an unknown one ("did you mean `nome`?").
    pub suggestion: Option<String>,
    /// How many contacts leave the field blank (`BlankWithoutFallback`).
    #[ts(type = "number | null")]
    pub contacts: Option<u64>,
}

impl LintProblem {
    pub(crate) fn new(kind: LintKind, source: &str, bytes: Range<usize>) -> Self {
        Self {
            kind,
            severity: kind.severity(),
            range: TextRange::new(source, bytes),
            field: None,
            suggestion: None,
            contacts: None,
        }
    }

    pub(crate) fn with_field(mut self, key: &str) -> Self {
        self.field = Some(key.to_owned());
        self
    }
}

impl std::fmt::Display for LintProblem {
    /// English, for logs and the CLI; the UI translates `kind`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            LintKind::UnclosedBrace => "`{` is never closed",
            LintKind::UnmatchedClosingBrace => "`}` has no matching `{`",
            LintKind::UnclosedField => "merge field is missing its `}}`",
            LintKind::EmptyFieldName => "merge field has no name",
            LintKind::EmptyBraces => "`{}` has no options",
            LintKind::EmptyOption => "a spintax option is empty",
            LintKind::SingleOption => "braces around a single option do nothing",
            LintKind::LooksLikeField => "single braces around a field name",
            LintKind::NestingTooDeep => "spintax is nested too deep",
            LintKind::UnknownField => "unknown merge field",
            LintKind::BlankWithoutFallback => {
                "field is blank for some contacts and has no fallback"
            }
        };
        write!(f, "{what}")?;
        if let Some(field) = &self.field {
            write!(f, " `{field}`")?;
        }
        write!(
            f,
            " at bytes {}..{}",
            self.range.byte_start, self.range.byte_end
        )
    }
}
