//! The parsed shape of a template: literal text, merge fields and spintax groups.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// Literal text, escapes already resolved.
    Text(String),
    Field(FieldRef),
    Spin(SpinGroup),
}

/// `{{nome|cliente}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldRef {
    /// The normalised key (`Nome Completo` → `nome_completo`); empty when nothing usable
    /// was written, which the parser reports.
    pub key: String,
    /// `None` without a `|`; `Some("")` for `{{nome|}}`, meaning "blank is fine".
    pub fallback: Option<String>,
    /// The whole `{{…}}` in the source, in bytes.
    pub span: Range<usize>,
}

/// `{Olá|Oi|Bom dia}`: one option is chosen per contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpinGroup {
    /// Position among all groups in source order (nested ones included). Choices are
    /// seeded by it, not by the byte offset, so typing text before a group does not
    /// reshuffle the preview.
    pub ordinal: usize,
    pub options: Vec<SpinOption>,
    /// From `{` to `}` (or to the end of the text when unclosed), in bytes.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpinOption {
    pub nodes: Vec<Node>,
    /// The option's text between its separators, in bytes.
    pub span: Range<usize>,
}

/// Every field, in source order, in every option (taken or not).
pub(crate) fn each_field<'a>(nodes: &'a [Node], visit: &mut impl FnMut(&'a FieldRef)) {
    for node in nodes {
        match node {
            Node::Text(_) => {}
            Node::Field(field) => visit(field),
            Node::Spin(group) => {
                for option in &group.options {
                    each_field(&option.nodes, visit);
                }
            }
        }
    }
}

/// Every group, outer ones before the groups inside them.
pub(crate) fn each_group<'a>(nodes: &'a [Node], visit: &mut impl FnMut(&'a SpinGroup)) {
    for node in nodes {
        if let Node::Spin(group) = node {
            visit(group);
            for option in &group.options {
                each_group(&option.nodes, visit);
            }
        }
    }
}
