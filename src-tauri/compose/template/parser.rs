//! Reads template text into nodes. Lenient on purpose: any text gives a tree, so the
//! preview keeps working while the user types, plus the problems met on the way.
//!
//! The language:
//! - `{{nome}}` is a merge field; `{{nome|cliente}}` falls back to "cliente" when the
//!   contact's value is missing or blank, and `{{nome|}}` says blank is fine. The name is
//!   normalised like spreadsheet headers (`{{ Nome Completo }}` is `nome_completo`,
//!   `{{Name}}` is `nome`); the fallback is trimmed.
//! - `{Olá|Oi|Bom dia}` is spintax: one option per contact. Options may hold fields and
//!   further groups: `{Oi {amigo|amiga}|Olá {{nome}}}`.
//! - `{{` opens a merge field when a `}}` closes it on the same line with no `{` between;
//!   otherwise it is a group whose first option starts with a group (`{{Oi|Olá} Ana|Eai}`).
//! - A backslash escapes the four special characters: `\{`, `\}`, `\|`, `\\`. Any other
//!   backslash is kept as written. `|` outside braces needs no escape.

use std::ops::Range;

use super::ast::{FieldRef, Node, SpinGroup, SpinOption};
use super::fields::field_key;
use super::problem::{LintKind, LintProblem};

pub(crate) struct Parsed {
    pub nodes: Vec<Node>,
    pub problems: Vec<LintProblem>,
}

pub(crate) fn parse(source: &str) -> Parsed {
    let mut parser = Parser {
        src: source,
        pos: 0,
        groups: 0,
        depth: 0,
        problems: Vec::new(),
    };
    let nodes = parser.sequence(false);
    parser
        .problems
        .sort_by_key(|p| (p.range.byte_start, p.range.byte_end));
    Parsed {
        nodes,
        problems: parser.problems,
    }
}

/// Groups inside groups deeper than this are refused: nobody writes them on purpose,
/// and the parser, renderer and lint recurse once per level.
pub(crate) const MAX_DEPTH: usize = 16;

/// The longest name we take for a field whose `}}` is missing; longer runs are text.
const MAX_UNCLOSED_NAME: usize = 40;

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    groups: usize,
    /// Groups open around `pos`.
    depth: usize,
    problems: Vec<LintProblem>,
}

/// Where the scan of a `{{…` stopped.
enum FieldEnd {
    /// At the first `}` of `}}`.
    Closed(usize),
    /// At a lone `}`.
    Single(usize),
    /// At a line break or the end of the text.
    Open(usize),
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    /// Text, fields and groups up to the end, or (inside a group) to a `|` or `}`.
    fn sequence(&mut self, in_group: bool) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.rest().chars().next() {
            match c {
                '\\' => {
                    let mut chars = self.rest().chars().skip(1);
                    match chars.next() {
                        Some(next @ ('{' | '}' | '|' | '\\')) => {
                            text.push(next);
                            self.pos += 2;
                        }
                        _ => {
                            text.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                '{' => {
                    flush(&mut text, &mut nodes);
                    let field = if self.rest().starts_with("{{") {
                        self.field()
                    } else {
                        None
                    };
                    match field {
                        Some(field) => nodes.push(field),
                        None if self.depth >= MAX_DEPTH => {
                            self.report(LintKind::NestingTooDeep, self.pos..self.pos + 1);
                            text.push('{');
                            self.pos += 1;
                        }
                        None => nodes.push(self.group()),
                    }
                }
                '|' | '}' if in_group => break,
                '}' => {
                    self.report(LintKind::UnmatchedClosingBrace, self.pos..self.pos + 1);
                    text.push('}');
                    self.pos += 1;
                }
                _ => {
                    text.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        flush(&mut text, &mut nodes);
        nodes
    }

    /// At `{{`: the merge field, or `None` when this is a group starting with a group.
    fn field(&mut self) -> Option<Node> {
        let src = self.src;
        let start = self.pos;
        let inner = start + 2;
        let mut i = inner;
        let mut pipe = None;
        let end = loop {
            let Some(c) = self.src[i..].chars().next() else {
                break FieldEnd::Open(i);
            };
            match c {
                '\\' => {
                    i += 1;
                    if let Some(next) = self.src[i..].chars().next() {
                        i += next.len_utf8();
                    }
                }
                '|' => {
                    pipe.get_or_insert(i);
                    i += 1;
                }
                '}' if self.src[i + 1..].starts_with('}') => break FieldEnd::Closed(i),
                '}' => break FieldEnd::Single(i),
                '{' => return None,
                '\n' => break FieldEnd::Open(i),
                _ => i += c.len_utf8(),
            }
        };
        let name_end = |stop: usize| pipe.unwrap_or(stop);
        let fallback = |stop: usize| pipe.map(|p| unescape(&src[p + 1..stop]));
        let (key, fallback, consumed) = match end {
            FieldEnd::Closed(close) => {
                let key = field_key(&src[inner..name_end(close)]).unwrap_or_default();
                if key.is_empty() {
                    self.report(LintKind::EmptyFieldName, start..close + 2);
                }
                (key, fallback(close), close + 2)
            }
            // `{{nome}`: a field missing a brace. With a `|` it is more likely spintax
            // that starts with a group, `{{Oi|Olá} Ana|Eai}`.
            FieldEnd::Single(close) if pipe.is_none() => {
                let key = plausible_name(&self.src[inner..close])?;
                self.report(LintKind::UnclosedField, start..close + 1);
                (key, None, close + 1)
            }
            FieldEnd::Single(_) => return None,
            FieldEnd::Open(stop) => {
                let key = plausible_name(&self.src[inner..name_end(stop)])?;
                self.report(LintKind::UnclosedField, start..stop);
                (key, fallback(stop), stop)
            }
        };
        self.pos = consumed;
        Some(Node::Field(FieldRef {
            key,
            fallback,
            span: start..consumed,
        }))
    }

    /// At `{`: a spintax group. An unclosed group runs to the end of the text (reported);
    /// re-reading it as literal text would need backtracking, exponential on `{ { { …`.
    fn group(&mut self) -> Node {
        let start = self.pos;
        let ordinal = self.groups;
        self.groups += 1;
        self.pos += 1;
        self.depth += 1;
        let mut options = Vec::new();
        let closed = loop {
            let option_start = self.pos;
            let nodes = self.sequence(true);
            options.push(SpinOption {
                nodes,
                span: option_start..self.pos,
            });
            match self.rest().chars().next() {
                Some('|') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    break true;
                }
                _ => break false,
            }
        };
        self.depth -= 1;
        if !closed {
            self.report(LintKind::UnclosedBrace, start..start + 1);
        }
        let group = SpinGroup {
            ordinal,
            options,
            span: start..self.pos,
        };
        self.check_options(&group);
        Node::Spin(group)
    }

    fn check_options(&mut self, group: &SpinGroup) {
        let blank: Vec<bool> = group
            .options
            .iter()
            .map(|o| self.src[o.span.clone()].trim().is_empty())
            .collect();
        if blank.iter().all(|b| *b) {
            self.report(LintKind::EmptyBraces, group.span.clone());
        } else if group.options.len() == 1 {
            self.report(LintKind::SingleOption, group.span.clone());
        } else {
            for (option, _) in group.options.iter().zip(&blank).filter(|(_, b)| **b) {
                // An empty option has no width to underline: take its separators too.
                let start = option.span.start.saturating_sub(1);
                let end = (option.span.end + 1).min(group.span.end);
                self.report(LintKind::EmptyOption, start..end);
            }
        }
    }

    fn report(&mut self, kind: LintKind, bytes: Range<usize>) {
        self.problems.push(LintProblem::new(kind, self.src, bytes));
    }
}

fn flush(text: &mut String, nodes: &mut Vec<Node>) {
    if !text.is_empty() {
        nodes.push(Node::Text(std::mem::take(text)));
    }
}

/// A field name, when the text looks like one (for fields missing their `}}`).
fn plausible_name(text: &str) -> Option<String> {
    let text = text.trim();
    let wordy = text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'));
    if !wordy || text.chars().count() > MAX_UNCLOSED_NAME {
        return None;
    }
    field_key(text)
}

/// A fallback's text with escapes resolved, trimmed.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next @ ('{' | '}' | '|' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.trim().to_owned()
}
