//! The grammar: fields, fallbacks, spintax, nesting, escapes, and what broken text gives.

use super::ast::{FieldRef, Node};
use super::parser::MAX_DEPTH as MAX_DEPTH_FOR_TESTS;
use super::*;

fn nodes(source: &str) -> Vec<Node> {
    let (template, problems) = Template::parse_lenient(source);
    assert!(problems.is_empty(), "{source:?}: {problems:?}");
    template.nodes
}

fn kinds(source: &str) -> Vec<LintKind> {
    Template::parse_lenient(source)
        .1
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

fn text(s: &str) -> Node {
    Node::Text(s.into())
}

#[test]
fn fields_with_and_without_fallbacks() {
    assert_eq!(
        nodes("Oi {{nome}}!"),
        [
            text("Oi "),
            Node::Field(FieldRef {
                key: "nome".into(),
                fallback: None,
                span: 3..11
            }),
            text("!")
        ]
    );
    let [Node::Field(field)] = &nodes("{{ Nome Completo | querido cliente }}")[..] else {
        panic!("one field expected");
    };
    assert_eq!(field.key, "nome_completo");
    assert_eq!(field.fallback.as_deref(), Some("querido cliente"));
    let [Node::Field(field)] = &nodes("{{name|}}")[..] else {
        panic!("one field expected");
    };
    assert_eq!(
        (field.key.as_str(), field.fallback.as_deref()),
        ("nome", Some(""))
    );
}

#[test]
fn nested_spintax_with_fields_inside() {
    let template = Template::parse("{Oi {amigo|amiga}|Olá {{nome}}|Bom dia}, tudo bem?").unwrap();
    let [Node::Spin(group), Node::Text(rest)] = template.nodes() else {
        panic!("{:?}", template.nodes());
    };
    assert_eq!(rest, ", tudo bem?");
    assert_eq!(group.options.len(), 3);
    assert_eq!(group.ordinal, 0);
    let Node::Spin(inner) = &group.options[0].nodes[1] else {
        panic!("nested group expected");
    };
    assert_eq!(inner.ordinal, 1);
    assert!(matches!(&group.options[1].nodes[1], Node::Field(f) if f.key == "nome"));
    assert_eq!(template.variants(), 4);
    assert_eq!(template.fields(), ["nome"]);
}

#[test]
fn double_braces_start_a_group_when_no_field_closes() {
    let template = Template::parse("{{Oi|Olá} Ana|Eai}").unwrap();
    let [Node::Spin(outer)] = template.nodes() else {
        panic!("{:?}", template.nodes());
    };
    assert_eq!(outer.options.len(), 2);
    assert!(matches!(outer.options[0].nodes[0], Node::Spin(_)));
    // A group whose first option is a field.
    let template = Template::parse("{{{nome}}|cliente}").unwrap();
    let [Node::Spin(group)] = template.nodes() else {
        panic!("{:?}", template.nodes());
    };
    assert!(matches!(&group.options[0].nodes[0], Node::Field(f) if f.key == "nome"));
}

#[test]
fn escapes_give_literal_braces_pipes_and_backslashes() {
    assert_eq!(
        nodes(r"Use \{chaves\} e \| e \\ e \n"),
        [text(r"Use {chaves} e | e \ e \n")]
    );
    let template = Template::parse(r"{a\|b|c\}}").unwrap();
    let [Node::Spin(group)] = template.nodes() else {
        panic!("{:?}", template.nodes());
    };
    assert_eq!(group.options[0].nodes, [text("a|b")]);
    assert_eq!(group.options[1].nodes, [text("c}")]);
    let [Node::Field(field)] = &nodes(r"{{nome|a \} b}}")[..] else {
        panic!("one field expected");
    };
    assert_eq!(field.fallback.as_deref(), Some("a } b"));
    // A pipe outside braces is text.
    assert_eq!(nodes("a | b"), [text("a | b")]);
}

#[test]
fn broken_text_still_parses_and_says_why() {
    assert_eq!(kinds("Oi {amigo|amiga"), [LintKind::UnclosedBrace]);
    assert_eq!(kinds("Oi amigo}"), [LintKind::UnmatchedClosingBrace]);
    assert_eq!(kinds("Oi {{nome"), [LintKind::UnclosedField]);
    assert_eq!(kinds("Oi {{nome}, tudo bem?"), [LintKind::UnclosedField]);
    assert_eq!(
        kinds("Oi {{nome\n}}"),
        [
            LintKind::UnclosedField,
            LintKind::UnmatchedClosingBrace,
            LintKind::UnmatchedClosingBrace
        ]
    );
    assert_eq!(
        kinds("Oi {{}} {{ ! }}"),
        [LintKind::EmptyFieldName, LintKind::EmptyFieldName]
    );
    assert_eq!(kinds("Oi {}"), [LintKind::EmptyBraces]);
    assert_eq!(kinds("Oi {|}"), [LintKind::EmptyBraces]);
    assert_eq!(
        kinds("{Oi||Olá|}"),
        [LintKind::EmptyOption, LintKind::EmptyOption]
    );
    assert_eq!(kinds("{Olá}"), [LintKind::SingleOption]);
    // Warnings do not stop a template; errors do.
    assert!(Template::parse("{Oi||Olá}").is_ok());
    assert!(matches!(
        Template::parse("{Oi"),
        Err(ComposeError::InvalidTemplate(p)) if p.len() == 1
    ));
}

#[test]
fn unclosed_field_ranges_cover_what_was_typed() {
    let (_, problems) = Template::parse_lenient("Oi {{nome}, tudo");
    assert_eq!(problems[0].range.bytes(), 3..10);
    let (_, problems) = Template::parse_lenient("Oi {Ana||Bia}");
    // The empty option is underlined with its two separators.
    assert_eq!(problems[0].range.bytes(), 7..9);
}

#[test]
fn deep_or_pathological_input_is_linear() {
    // No backtracking and no deep recursion, whatever is typed.
    let source = "{ ".repeat(5000);
    let (_, problems) = Template::parse_lenient(&source);
    let count = |kind| problems.iter().filter(|p| p.kind == kind).count();
    assert_eq!(count(LintKind::UnclosedBrace), MAX_DEPTH_FOR_TESTS);
    assert_eq!(count(LintKind::NestingTooDeep), 5000 - MAX_DEPTH_FOR_TESTS);
    let nested = |depth: usize| "{a|".repeat(depth) + &"}".repeat(depth);
    let template = Template::parse(&nested(MAX_DEPTH_FOR_TESTS)).unwrap();
    assert_eq!(template.variants(), MAX_DEPTH_FOR_TESTS as u64 + 1);
    assert!(Template::parse(&nested(MAX_DEPTH_FOR_TESTS + 1)).is_err());
}

#[test]
fn variant_counts_saturate() {
    let source = "{a|b|c|d|e|f|g|h|i|j}".repeat(40);
    assert_eq!(Template::parse(&source).unwrap().variants(), MAX_VARIANTS);
    assert_eq!(Template::parse("sem spintax").unwrap().variants(), 1);
    assert_eq!(Template::parse("{a|b} {c|d|e}").unwrap().variants(), 6);
}
