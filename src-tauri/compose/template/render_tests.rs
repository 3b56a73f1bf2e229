//! Rendering: values and fallbacks, deterministic spintax, and the trace.

use std::collections::BTreeSet;

use super::*;

fn maria() -> MergeValues {
    MergeValues::new()
        .with("nome", "Maria")
        .with("cidade", "Recife")
        .with("bairro", "  ")
}

fn render(source: &str, values: &MergeValues, contact: &str) -> Rendered {
    Template::parse(source)
        .unwrap()
        .render(values, Seed::new("template:1", contact))
}

#[test]
fn fields_take_the_value_then_the_fallback_then_nothing() {
    let out = render(
        "Oi {{nome}} de {{City}}, {{bairro|seu bairro}} {{empresa|}}{{email}}!",
        &maria(),
        "+5511900000001",
    );
    assert_eq!(out.text, "Oi Maria de Recife, seu bairro !");
    let outcomes: Vec<(&str, FieldOutcome, &str)> = out
        .trace
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.outcome, f.value.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("nome", FieldOutcome::Filled, "Maria"),
            ("cidade", FieldOutcome::Filled, "Recife"),
            ("bairro", FieldOutcome::Fallback, "seu bairro"),
            ("empresa", FieldOutcome::Fallback, ""),
            ("email", FieldOutcome::Empty, ""),
        ]
    );
}

#[test]
fn the_same_template_and_contact_always_render_the_same() {
    let source = "{Olá|Oi|Bom dia} {{nome}}! {Temos {novidades|ofertas}|Chegou a coleção nova}.";
    let first = render(source, &maria(), "+5511987654321");
    for _ in 0..5 {
        assert_eq!(render(source, &maria(), "+5511987654321"), first);
    }
    // Editing text around the groups keeps the choices.
    let edited = render(
        &source.replace("! ", "!! Veja: "),
        &maria(),
        "+5511987654321",
    );
    let options = |r: &Rendered| r.trace.choices.iter().map(|c| c.option).collect::<Vec<_>>();
    assert_eq!(options(&edited), options(&first));
}

#[test]
fn contacts_spread_over_the_variants() {
    let source = "{Olá|Oi|Bom dia} {{nome}}! {Temos {novidades|ofertas}|Chegou a coleção nova}.";
    let texts: BTreeSet<String> = (0..200)
        .map(|n| render(source, &maria(), &format!("+55119{n:08}")).text)
        .collect();
    assert_eq!(
        texts.len() as u64,
        Template::parse(source).unwrap().variants()
    );
}

#[test]
fn the_trace_names_each_group_and_the_option_taken() {
    let source = "😀 {Oi {amigo|amiga}|Olá}, {{nome}}";
    let template = Template::parse(source).unwrap();
    // Find a contact whose outer choice is the first option, so the inner group runs.
    let out = (0..100)
        .map(|n| template.render(&maria(), Seed::new("t", &n.to_string())))
        .find(|r| r.trace.choices.len() == 2)
        .unwrap();
    let [outer, inner] = &out.trace.choices[..] else {
        panic!("two choices expected");
    };
    assert_eq!((outer.option, outer.options), (0, 2));
    assert_eq!(&source[outer.group.bytes()], "{Oi {amigo|amiga}|Olá}");
    assert_eq!(&source[outer.chosen.bytes()], "Oi {amigo|amiga}");
    // The emoji is 4 bytes and 2 UTF-16 units; the group starts after it and a space.
    assert_eq!((outer.group.byte_start, outer.group.utf16_start), (5, 3));
    assert_eq!(inner.options, 2);
    let word = if inner.option == 0 { "amigo" } else { "amiga" };
    assert_eq!(out.text, format!("😀 Oi {word}, Maria"));
    assert_eq!(&source[inner.chosen.bytes()], word);
    // When the outer group takes "Olá", the inner one is not in the trace.
    let other = (0..100)
        .map(|n| template.render(&maria(), Seed::new("t", &n.to_string())))
        .find(|r| r.trace.choices.len() == 1)
        .unwrap();
    assert_eq!(other.text, "😀 Olá, Maria");
}

#[test]
fn lengths_are_counted_in_characters_and_utf16_units() {
    let out = render("Olá {{nome}} 👋🏽", &maria(), "x");
    assert_eq!(out.text, "Olá Maria 👋🏽");
    // 👋🏽 is two code points, each two UTF-16 units.
    assert_eq!(out.chars, 12);
    assert_eq!(out.utf16_len, 14);
}

#[test]
fn escapes_render_as_the_character() {
    let out = render(r"Preço: \{promo\} 50\% \| {{nome}}\\", &maria(), "x");
    assert_eq!(out.text, r"Preço: {promo} 50\% | Maria\");
}

#[test]
fn a_broken_template_still_previews() {
    let (template, problems) = Template::parse_lenient("Oi {{nome}, tudo bem? }");
    assert!(!problems.is_empty());
    let out = template.render(&maria(), Seed::new("draft", "x"));
    assert_eq!(out.text, "Oi Maria, tudo bem? }");
}
