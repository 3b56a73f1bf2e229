//! Lint: field problems against what the contacts have, and ranges in UTF-16.

use super::*;

fn contacts() -> Vec<MergeValues> {
    vec![
        MergeValues::new()
            .with("nome", "Maria")
            .with("bairro", "Boa Viagem"),
        MergeValues::new().with("nome", "João").with("bairro", ""),
        MergeValues::new()
            .with("nome", " ")
            .with("bairro", "Centro"),
    ]
}

#[test]
fn unknown_fields_are_flagged_with_a_suggestion() {
    let known = KnownFields::with_custom(["Bairro", "data de nascimento"]);
    let problems = lint(
        "Oi {{nme}}, {{bairo}} {{cpf}} {{Data de Nascimento}} {{Name}}",
        &known,
    );
    let found: Vec<(LintKind, Option<&str>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.kind, p.field.as_deref(), p.suggestion.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (LintKind::UnknownField, Some("nme"), Some("nome")),
            (LintKind::UnknownField, Some("bairo"), Some("bairro")),
            (LintKind::UnknownField, Some("cpf"), None),
        ]
    );
    assert!(problems.iter().all(|p| p.severity == Severity::Error));
}

#[test]
fn blank_fields_without_fallback_are_counted() {
    let contacts = contacts();
    let known = KnownFields::from_contacts(&contacts);
    let problems = lint("Oi {{nome}} do {{bairro|seu bairro}} em {{cidade}}", &known);
    let found: Vec<(LintKind, Option<&str>, Option<u64>)> = problems
        .iter()
        .map(|p| (p.kind, p.field.as_deref(), p.contacts))
        .collect();
    assert_eq!(
        found,
        [
            (LintKind::BlankWithoutFallback, Some("nome"), Some(1)),
            (LintKind::BlankWithoutFallback, Some("cidade"), Some(3)),
        ]
    );
    assert!(problems.iter().all(|p| p.severity == Severity::Warning));
    // With builtins only nothing is known about blanks.
    assert!(lint("Oi {{nome}}", &KnownFields::builtins()).is_empty());
}

#[test]
fn single_braces_around_a_field_name_suggest_double_ones() {
    let problems = lint("Oi {nome}, {Olá}", &KnownFields::builtins());
    let found: Vec<(LintKind, Option<&str>)> = problems
        .iter()
        .map(|p| (p.kind, p.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (LintKind::LooksLikeField, Some("nome")),
            (LintKind::SingleOption, None),
        ]
    );
}

#[test]
fn ranges_are_given_in_bytes_and_utf16_units() {
    // "Olá 👋🏽 " is 5 + 8 + 1 = 14 bytes but 4 + 4 + 1 = 9 UTF-16 units.
    let source = "Olá 👋🏽 {{cpf}} e {amigo|amiga";
    let problems = lint(source, &KnownFields::builtins());
    assert_eq!(problems.len(), 2);
    let unknown = &problems[0];
    assert_eq!(unknown.kind, LintKind::UnknownField);
    assert_eq!(&source[unknown.range.bytes()], "{{cpf}}");
    assert_eq!((unknown.range.byte_start, unknown.range.byte_end), (14, 21));
    let utf16: Vec<u16> = source.encode_utf16().collect();
    let slice = |r: &crate::compose::TextRange| {
        String::from_utf16_lossy(&utf16[r.utf16_start..r.utf16_end])
    };
    assert_eq!(
        (unknown.range.utf16_start, unknown.range.utf16_end),
        (9, 16)
    );
    assert_eq!(slice(&unknown.range), "{{cpf}}");
    let unclosed = &problems[1];
    assert_eq!(unclosed.kind, LintKind::UnclosedBrace);
    assert_eq!(slice(&unclosed.range), "{");
    assert_eq!(unclosed.range.utf16_start, 19);
}

#[test]
fn check_sums_up_the_editor_state() {
    let known = KnownFields::with_custom(["bairro"]);
    let report = check(
        "{Oi|Olá} {{nome|cliente}}, {novidade em {{bairro}}|oferta}",
        &known,
    );
    assert!(!report.has_errors);
    assert_eq!(report.variants, 4);
    assert_eq!(report.fields, ["nome", "bairro"]);
    let report = check("{Oi|Olá {{xyz}}", &known);
    assert!(report.has_errors);
    assert_eq!(report.problems.len(), 2);
}

#[test]
fn known_fields_list_builtins_first() {
    let known = KnownFields::with_custom(["Bairro", "nome", "Name", "zona"]);
    assert_eq!(
        known.keys(),
        ["nome", "telefone", "email", "empresa", "cidade", "bairro", "zona"]
    );
}
