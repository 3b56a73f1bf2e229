//! Unit tests for the column guesser.

use super::*;
use crate::import::read::{Cell, Row};

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn row(number: usize, cells: &[&str]) -> Row {
    Row {
        number,
        cells: cells.iter().map(|s| Cell::Text((*s).to_owned())).collect(),
    }
}

fn fields(s: &MappingSuggestion) -> Vec<Field> {
    s.mapping.columns.iter().map(|c| c.field.clone()).collect()
}

fn custom(key: &str) -> Field {
    Field::Custom(key.to_owned())
}

#[test]
fn portuguese_headers_with_accents_and_odd_case() {
    let h = headers(&[
        "NOME",
        "Celular",
        "E-mail",
        "Razão Social",
        "Município",
        "Bairro",
    ]);
    let rows = [row(
        2,
        &["Ana", "(11) 98765-4321", "a@x.br", "Loja", "SP", "Centro"],
    )];
    let s = suggest(&h, &rows, &PhoneRules::default());
    assert_eq!(
        fields(&s),
        vec![
            Field::Name,
            Field::Phone,
            Field::Email,
            Field::Company,
            Field::City,
            custom("bairro")
        ]
    );
    assert_eq!(s.note, None);
}

#[test]
fn english_headers() {
    let h = headers(&[
        "Full Name",
        "Mobile",
        "Email",
        "Company",
        "City",
        "Birthday",
    ]);
    let s = suggest(&h, &[], &PhoneRules::default());
    assert_eq!(
        fields(&s),
        vec![
            Field::Name,
            Field::Phone,
            Field::Email,
            Field::Company,
            Field::City,
            custom("birthday")
        ]
    );
}

#[test]
fn other_portuguese_names_for_the_same_fields() {
    for (header, field) in [
        ("Cliente", Field::Name),
        ("Contato", Field::Name),
        ("WhatsApp", Field::Phone),
        ("Whats", Field::Phone),
        ("Fone", Field::Phone),
        ("Número", Field::Phone),
        ("Tel.", Field::Phone),
        ("Telefone do cliente", Field::Phone),
        ("Nome da empresa", Field::Company),
        ("Empresa", Field::Company),
        ("Cidade", Field::City),
        ("E-mail do contato", Field::Email),
    ] {
        let s = suggest(&headers(&[header]), &[], &PhoneRules::default());
        assert_eq!(fields(&s), vec![field], "{header}");
    }
}

#[test]
fn the_phone_column_with_most_usable_values_wins_and_says_so() {
    let h = headers(&["Nome", "Telefone", "WhatsApp"]);
    let rows = [
        row(2, &["Ana", "ramal 12", "11987654321"]),
        row(3, &["Bia", "", "(21) 99876-5432"]),
        row(4, &["Caio", "11 3333-4444", "+55 31 98888-7777"]),
    ];
    let s = suggest(&h, &rows, &PhoneRules::default());
    assert_eq!(
        fields(&s),
        vec![Field::Name, custom("telefone"), Field::Phone]
    );
    assert_eq!(s.phone_candidates.len(), 2);
    assert_eq!(s.phone_candidates[0].usable, 3);
    assert_eq!(s.phone_candidates[1].usable, 1);
    let note = s.note.unwrap();
    assert!(
        note.contains("\"Telefone\"") && note.contains("using \"WhatsApp\""),
        "{note}"
    );
}

#[test]
fn a_file_without_headers_finds_the_phone_by_its_values() {
    let rows = [
        row(1, &["Ana", "11987654321", "Centro"]),
        row(2, &["Bia", "21998765432", "Lapa"]),
    ];
    let s = suggest(&[], &rows, &PhoneRules::default());
    assert_eq!(
        fields(&s),
        vec![custom("coluna_a"), Field::Phone, custom("coluna_c")]
    );
}

#[test]
fn a_second_name_column_stays_custom_and_keys_are_unique() {
    let h = headers(&["Nome", "Nome", "Obs", "Obs"]);
    let s = suggest(&h, &[], &PhoneRules::default());
    assert_eq!(
        fields(&s),
        vec![
            Field::Name,
            custom("nome_2"),
            custom("obs"),
            custom("obs_2")
        ]
    );
}

#[test]
fn overrides_by_header_or_letter_move_single_fields() {
    let h = headers(&["Nome", "Celular", "Fixo", "Região"]);
    let mut m = suggest(&h, &[], &PhoneRules::default()).mapping;
    m.apply_override("regiao=cidade").unwrap();
    assert_eq!(m.field_column(&Field::City), Some(3));
    m.apply_override("C=phone").unwrap();
    assert_eq!(m.phone_column(), Some(2));
    assert_eq!(m.columns[1].field, custom("celular"));
    m.apply_override("Nome=ignore").unwrap();
    assert_eq!(m.columns[0].field, Field::Ignore);
    assert_eq!(
        m.apply_override("Idade=phone"),
        Err(MappingError::UnknownColumn("Idade".into()))
    );
    assert_eq!(
        m.apply_override("Nome"),
        Err(MappingError::BadOverride("Nome".into()))
    );
    assert_eq!(
        m.apply_override("Nome=**"),
        Err(MappingError::BadField("**".into()))
    );
}

#[test]
fn override_fields_are_exact_words_or_custom_keys() {
    assert_eq!(Field::parse("Telefone"), Ok(Field::Phone));
    assert_eq!(Field::parse("E-mail"), Ok(Field::Email));
    assert_eq!(Field::parse("ignorar"), Ok(Field::Ignore));
    assert_eq!(Field::parse("customer_code"), Ok(custom("customer_code")));
    assert_eq!(
        Field::parse("Data de Nascimento"),
        Ok(custom("data_de_nascimento"))
    );
}

#[test]
fn thousands_of_columns_named_alike_get_their_keys_at_once() {
    // Found by the xls fuzz target (a timeout): each key was compared with every key
    // before it, and a repeated name tried every suffix that way, so 65,536 columns kept
    // the import screen busy for minutes, and 16,384 named alike for hours.
    let mut names = vec!["Obs", "obs_3"];
    names.extend(std::iter::repeat_n("Obs", 16_384));
    let s = suggest(&headers(&names), &[], &PhoneRules::default());
    let keys: Vec<&str> = s.mapping.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys[..5], ["obs", "obs_3", "obs_2", "obs_4", "obs_5"]);
    assert_eq!(keys.last(), Some(&"obs_16386"));
    let distinct: std::collections::HashSet<&str> = keys.iter().copied().collect();
    assert_eq!(distinct.len(), names.len());
    // No header at all: one key per column letter.
    let wide = [Row {
        number: 1,
        cells: vec![Cell::Text("x".to_owned()); 65_536],
    }];
    let s = suggest(&[], &wide, &PhoneRules::default());
    assert_eq!(s.mapping.columns.len(), 65_536);
    assert_eq!(s.mapping.columns[65_535].key, "coluna_crxp");
}
