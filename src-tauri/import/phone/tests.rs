//! End-to-end cases of `repair`, one per kind of damage seen in real sheets, and a sweep of
//! generated cells that must never panic.

use super::*;

fn brazil() -> PhoneRules {
    PhoneRules::default()
}

fn text(cell: &str) -> PhoneOutcome {
    repair(RawPhone::Text(cell), &brazil()).outcome
}

fn number(cell: f64) -> PhoneOutcome {
    repair(RawPhone::Number(cell), &brazil()).outcome
}

fn ok(e164: &str, kind: LineKind, alternative: Option<&str>) -> PhoneOutcome {
    PhoneOutcome::Ok {
        e164: e164.into(),
        kind,
        alternative: alternative.map(Into::into),
    }
}

fn repaired(
    e164: &str,
    kind: LineKind,
    alternative: Option<&str>,
    changes: &[Change],
) -> PhoneOutcome {
    PhoneOutcome::Repaired {
        e164: e164.into(),
        kind,
        alternative: alternative.map(Into::into),
        changes: changes.to_vec(),
    }
}

fn invalid(reason: InvalidReason) -> PhoneOutcome {
    PhoneOutcome::Invalid { reason }
}

/// The São Paulo mobile most cases below spell in different ways.
const SP_MOBILE: &str = "+5511987654321";
const SP_MOBILE_OLD: &str = "+551187654321";

fn sp_mobile(changes: &[Change]) -> PhoneOutcome {
    repaired(SP_MOBILE, LineKind::Mobile, Some(SP_MOBILE_OLD), changes)
}

// --- numeric cells -------------------------------------------------------------------

#[test]
fn numeric_cell_without_country_code() {
    let got = repair(RawPhone::Number(11987654321.0), &brazil());
    assert_eq!(got.original, "11987654321");
    assert_eq!(
        got.outcome,
        sp_mobile(&[Change::FromNumericCell, Change::AddedCountryCode])
    );
}

#[test]
fn numeric_cell_with_country_code() {
    let got = repair(RawPhone::Number(5511987654321.0), &brazil());
    assert_eq!(got.original, "5511987654321");
    assert_eq!(got.outcome, sp_mobile(&[Change::FromNumericCell]));
}

#[test]
fn numeric_cell_exported_as_text_with_decimal_zero() {
    let got = repair(RawPhone::Text("11987654321.0"), &brazil());
    assert_eq!(got.original, "11987654321.0");
    assert_eq!(
        got.outcome,
        sp_mobile(&[Change::FromNumericCell, Change::AddedCountryCode])
    );
}

#[test]
fn numeric_cell_that_lost_its_trunk_zero_before_a_carrier_code() {
    // "0 21 11 98765-4321" typed into a numeric cell keeps 2111987654321.
    assert_eq!(
        number(2111987654321.0),
        sp_mobile(&[
            Change::FromNumericCell,
            Change::RemovedCarrierCode("21".into()),
            Change::AddedCountryCode
        ])
    );
}

#[test]
fn numeric_cells_that_are_not_whole_numbers() {
    assert_eq!(
        number(1198765432.5),
        invalid(InvalidReason::NotAPhoneNumber)
    );
    assert_eq!(
        number(-11987654321.0),
        invalid(InvalidReason::NotAPhoneNumber)
    );
    assert_eq!(number(f64::NAN), invalid(InvalidReason::NotAPhoneNumber));
    assert_eq!(repair(RawPhone::Number(1.5), &brazil()).original, "1.5");
}

#[test]
fn numeric_toll_free_number_that_lost_its_zero() {
    assert_eq!(
        number(8001234567.0),
        invalid(InvalidReason::NonGeographic(NonGeographicKind::TollFree))
    );
}

// --- scientific notation -------------------------------------------------------------

#[test]
fn scientific_notation_that_lost_digits_is_never_completed() {
    assert_eq!(
        text("5.5119876543E+12"),
        invalid(InvalidReason::DigitsLostInScientificNotation)
    );
    assert_eq!(
        text("5,51199E+12"),
        invalid(InvalidReason::DigitsLostInScientificNotation)
    );
}

#[test]
fn scientific_notation_with_every_digit_is_repaired() {
    assert_eq!(
        text("5.5119876543210E+12"),
        sp_mobile(&[Change::FromScientificNotation])
    );
    assert_eq!(
        text("1.1987654321E+10"),
        sp_mobile(&[Change::FromScientificNotation, Change::AddedCountryCode])
    );
}

#[test]
fn scientific_notation_as_a_float_is_an_exact_numeric_cell() {
    // A numeric cell stores the double itself; Excel's "E+12" was only its display.
    assert_eq!(
        number(5.5119876543210E+12),
        sp_mobile(&[Change::FromNumericCell])
    );
}

// --- punctuation -----------------------------------------------------------------------

#[test]
fn digits_only_with_country_code_need_nothing() {
    let expected = ok(SP_MOBILE, LineKind::Mobile, Some(SP_MOBILE_OLD));
    assert_eq!(text("+5511987654321"), expected);
    assert_eq!(text("5511987654321"), expected);
    // Blanks around the cell are not part of it.
    assert_eq!(text("  5511987654321\u{00A0}"), expected);
}

#[test]
fn punctuation_with_country_code() {
    for cell in [
        "+55 (11) 98765-4321",
        "+55 11 98765 4321",
        "+55.11.98765.4321",
        "55 11 98765-4321",
        "+55\u{202F}11\u{2007}98765\u{2014}4321",
        "\u{FEFF}+55 11 98765\u{2212}4321",
        "\u{FF0B}55 11 98765-4321",
    ] {
        assert_eq!(
            text(cell),
            sp_mobile(&[Change::StrippedPunctuation]),
            "{cell:?}"
        );
    }
}

#[test]
fn punctuation_without_country_code() {
    for cell in [
        "(11) 98765-4321",
        "11 98765-4321",
        "(11)98765.4321",
        "11-98765-4321",
    ] {
        assert_eq!(
            text(cell),
            sp_mobile(&[Change::StrippedPunctuation, Change::AddedCountryCode]),
            "{cell:?}"
        );
    }
}

#[test]
fn tel_prefix() {
    assert_eq!(
        text("tel:+5511987654321"),
        sp_mobile(&[Change::RemovedTelPrefix])
    );
    assert_eq!(
        text("Tel: +55 11 98765-4321"),
        sp_mobile(&[Change::RemovedTelPrefix, Change::StrippedPunctuation])
    );
}

#[test]
fn letters_mixed_in_are_invalid() {
    for cell in [
        "11 98765-432l",
        "(11) 9876S-4321",
        "11987654321 ramal 2",
        "whatsapp 11987654321",
        "O11 98765-4321",
    ] {
        assert_eq!(
            text(cell),
            invalid(InvalidReason::NotAPhoneNumber),
            "{cell:?}"
        );
    }
}

#[test]
fn several_numbers_in_one_cell() {
    assert_eq!(
        text("(11) 98765-4321 / (11) 3333-4444"),
        invalid(InvalidReason::SeveralNumbers)
    );
}

// --- trunk zero and carrier codes ------------------------------------------------------

#[test]
fn trunk_zero_before_the_area_code() {
    assert_eq!(
        text("011 98765-4321"),
        sp_mobile(&[
            Change::StrippedPunctuation,
            Change::RemovedTrunkZero,
            Change::AddedCountryCode
        ])
    );
    assert_eq!(
        text("(011) 3333-4444"),
        repaired(
            "+551133334444",
            LineKind::Landline,
            None,
            &[
                Change::StrippedPunctuation,
                Change::RemovedTrunkZero,
                Change::AddedCountryCode
            ]
        )
    );
}

#[test]
fn trunk_zero_and_carrier_code() {
    let expected = |carrier: &str| {
        sp_mobile(&[
            Change::StrippedPunctuation,
            Change::RemovedTrunkZero,
            Change::RemovedCarrierCode(carrier.into()),
            Change::AddedCountryCode,
        ])
    };
    assert_eq!(text("0 21 11 98765-4321"), expected("21"));
    assert_eq!(text("021 11 987654321"), expected("21"));
    assert_eq!(text("015 11 98765 4321"), expected("15"));
    for carrier in ["12", "14", "31", "41", "43", "85"] {
        assert_eq!(
            text(&format!("0{carrier} (11) 98765-4321")),
            expected(carrier),
            "{carrier}"
        );
    }
    // Carrier code before an 8-digit landline.
    assert_eq!(text("0 41 21 3333-4444").e164(), Some("+552133334444"));
}

#[test]
fn carrier_placeholder_xx() {
    let expected = sp_mobile(&[
        Change::StrippedPunctuation,
        Change::RemovedTrunkZero,
        Change::RemovedCarrierPlaceholder,
        Change::AddedCountryCode,
    ]);
    assert_eq!(text("0XX11 98765-4321"), expected);
    assert_eq!(text("(0xx11) 98765-4321"), expected);
}

#[test]
fn trunk_zero_after_the_country_code() {
    assert_eq!(
        text("+55 (011) 98765-4321"),
        sp_mobile(&[Change::StrippedPunctuation, Change::RemovedTrunkZero])
    );
}

// --- country code and area codes -------------------------------------------------------

#[test]
fn missing_country_code_is_added() {
    assert_eq!(text("11987654321"), sp_mobile(&[Change::AddedCountryCode]));
    assert_eq!(
        text("2133334444"),
        repaired(
            "+552133334444",
            LineKind::Landline,
            None,
            &[Change::AddedCountryCode]
        )
    );
}

#[test]
fn unassigned_area_codes_are_rejected() {
    assert_eq!(
        text("(20) 98765-4321"),
        invalid(InvalidReason::InvalidAreaCode("20".into()))
    );
    assert_eq!(
        text("+55 23 98765-4321"),
        invalid(InvalidReason::InvalidAreaCode("23".into()))
    );
    assert_eq!(
        text("0 21 10 98765-4321"),
        invalid(InvalidReason::InvalidAreaCode("10".into()))
    );
}

#[test]
fn every_area_code_of_every_state_is_accepted() {
    for ddd in [
        11, 21, 27, 31, 41, 47, 51, 61, 62, 63, 65, 67, 68, 69, 71, 79, 81, 82, 83, 84, 85, 86, 91,
        92, 95, 96, 98,
    ] {
        let cell = format!("({ddd}) 98765-4321");
        assert_eq!(
            text(&cell).e164(),
            Some(format!("+55{ddd}987654321").as_str()),
            "{cell}"
        );
    }
}

#[test]
fn local_number_without_area_code() {
    assert_eq!(text("98765-4321"), invalid(InvalidReason::MissingAreaCode));
    assert_eq!(text("3333-4444"), invalid(InvalidReason::MissingAreaCode));
}

// --- the 9th digit ---------------------------------------------------------------------

#[test]
fn nine_digit_mobile_keeps_its_form_and_offers_the_old_one() {
    assert_eq!(
        text("+5511987654321"),
        ok(SP_MOBILE, LineKind::Mobile, Some(SP_MOBILE_OLD))
    );
}

#[test]
fn eight_digit_mobile_keeps_its_form_and_offers_the_new_one() {
    assert_eq!(
        text("+55 31 8765-4321"),
        repaired(
            "+553187654321",
            LineKind::Mobile,
            Some("+5531987654321"),
            &[Change::StrippedPunctuation]
        )
    );
    assert_eq!(
        text("556187654321"),
        ok("+556187654321", LineKind::Mobile, Some("+5561987654321"))
    );
}

#[test]
fn landlines_have_no_alternative() {
    assert_eq!(
        text("+55 11 3333-4444"),
        repaired(
            "+551133334444",
            LineKind::Landline,
            None,
            &[Change::StrippedPunctuation]
        )
    );
}

#[test]
fn nine_digits_not_starting_with_nine_are_invalid() {
    assert_eq!(
        text("11 88765-4321"),
        invalid(InvalidReason::InvalidLocalNumber)
    );
}

// --- other countries -------------------------------------------------------------------

#[test]
fn usa() {
    assert_eq!(
        text("+1 415 555 2671"),
        repaired(
            "+14155552671",
            LineKind::Unknown,
            None,
            &[Change::StrippedPunctuation]
        )
    );
}

#[test]
fn portugal() {
    assert_eq!(
        text("+351 912 345 678"),
        repaired(
            "+351912345678",
            LineKind::Mobile,
            None,
            &[Change::StrippedPunctuation]
        )
    );
}

#[test]
fn united_kingdom() {
    assert_eq!(
        text("+44 20 7946 0958"),
        repaired(
            "+442079460958",
            LineKind::Landline,
            None,
            &[Change::StrippedPunctuation]
        )
    );
}

#[test]
fn foreign_numbers_invalid_by_their_plan() {
    assert_eq!(
        text("+351 912 34"),
        invalid(InvalidReason::InvalidForCountry("+351".into()))
    );
    assert_eq!(
        text("+999 1234 5678"),
        invalid(InvalidReason::UnknownCountryCode)
    );
}

#[test]
fn international_prefix_00() {
    assert_eq!(
        text("0055 11 98765-4321"),
        sp_mobile(&[
            Change::StrippedPunctuation,
            Change::RemovedInternationalPrefix
        ])
    );
    assert_eq!(
        text("001 415 555 2671"),
        repaired(
            "+14155552671",
            LineKind::Unknown,
            None,
            &[
                Change::StrippedPunctuation,
                Change::RemovedInternationalPrefix
            ]
        )
    );
}

#[test]
fn international_prefix_with_brazilian_carrier_code() {
    assert_eq!(
        text("00 21 55 11 98765-4321"),
        sp_mobile(&[
            Change::StrippedPunctuation,
            Change::RemovedInternationalPrefix,
            Change::RemovedCarrierCode("21".into())
        ])
    );
}

#[test]
fn another_default_country() {
    let portugal = PhoneRules {
        default_country: "PT".into(),
    };
    assert_eq!(
        repair(RawPhone::Text("912 345 678"), &portugal).outcome,
        repaired(
            "+351912345678",
            LineKind::Mobile,
            None,
            &[Change::StrippedPunctuation, Change::AddedCountryCode]
        )
    );
    // A "+55" number is still read by the Brazilian rules.
    assert_eq!(
        repair(RawPhone::Text("+5511987654321"), &portugal).outcome,
        ok(SP_MOBILE, LineKind::Mobile, Some(SP_MOBILE_OLD))
    );
}

#[test]
fn no_default_country_needs_a_country_code() {
    let none = PhoneRules {
        default_country: String::new(),
    };
    assert_eq!(
        repair(RawPhone::Text("11987654321"), &none).outcome,
        invalid(InvalidReason::MissingCountryCode)
    );
    assert_eq!(
        repair(RawPhone::Text("+5511987654321"), &none).e164(),
        Some(SP_MOBILE)
    );
}

// --- empty, lengths, service numbers ---------------------------------------------------

#[test]
fn empty_and_blank_cells() {
    for cell in ["", " ", "\t\n", "\u{00A0}\u{200B}", "-"] {
        assert_eq!(text(cell), invalid(InvalidReason::Empty), "{cell:?}");
    }
}

#[test]
fn too_short_and_too_long() {
    assert_eq!(text("190"), invalid(InvalidReason::TooShort));
    assert_eq!(text("+55 11 9876"), invalid(InvalidReason::TooShort));
    assert_eq!(text("119876543210"), invalid(InvalidReason::TooLong));
    assert_eq!(text("+55 11 98765-43210"), invalid(InvalidReason::TooLong));
    assert_eq!(text(&"1".repeat(60)), invalid(InvalidReason::TooLong));
    assert_eq!(number(1e15), invalid(InvalidReason::TooLong));
}

#[test]
fn service_numbers_cannot_receive_whatsapp() {
    let cases = [
        ("0800 123 4567", NonGeographicKind::TollFree),
        ("0800-12-3456", NonGeographicKind::TollFree),
        ("+55 800 123 4567", NonGeographicKind::TollFree),
        ("0300 123 4567", NonGeographicKind::SharedCost),
        ("0303 123 4567", NonGeographicKind::Other),
        ("0500 123 4567", NonGeographicKind::PremiumRate),
        ("0900 123 4567", NonGeographicKind::PremiumRate),
        ("4004-0001", NonGeographicKind::SharedCost),
        ("3003 1234", NonGeographicKind::SharedCost),
    ];
    for (cell, kind) in cases {
        assert_eq!(
            text(cell),
            invalid(InvalidReason::NonGeographic(kind)),
            "{cell}"
        );
    }
}

// --- helpers and robustness ------------------------------------------------------------

#[test]
fn digits_only_is_public() {
    assert_eq!(digits_only("(11) 98765-4321"), "11987654321");
}

#[test]
fn original_is_exactly_the_cell() {
    let cell = "  (11) 98765-4321 ";
    assert_eq!(repair(RawPhone::Text(cell), &brazil()).original, cell);
}

/// Deterministic xorshift: the sweep must be reproducible when it finds something.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        // `below` is under `items.len()`, which fits in usize.
        items[self.below(items.len() as u64) as usize]
    }
}

/// Checks the promises every outcome makes, whatever the input.
fn assert_well_formed(cell: &str, outcome: &PhoneOutcome) {
    match outcome {
        PhoneOutcome::Ok {
            e164, alternative, ..
        }
        | PhoneOutcome::Repaired {
            e164, alternative, ..
        } => {
            let digits = e164.strip_prefix('+').expect(cell);
            // Vienna's "+43 1 5821" shows how short a valid number can be.
            assert!(
                (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
                "{cell:?} gave {e164}"
            );
            if let Some(alternative) = alternative {
                assert!(
                    alternative.starts_with("+55") && e164.starts_with("+55"),
                    "{cell:?}"
                );
                assert_ne!(alternative, e164, "{cell:?}");
                assert_eq!(alternative.len().abs_diff(e164.len()), 1, "{cell:?}");
            }
            if let PhoneOutcome::Repaired { changes, .. } = outcome {
                assert!(!changes.is_empty(), "{cell:?}");
            }
        }
        PhoneOutcome::Invalid { .. } => {}
    }
}

#[test]
fn a_hundred_thousand_generated_cells_never_panic() {
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let rules = brazil();
    // Mostly Brazilian, like real sheets; the rest reaches libphonenumber, which is slow
    // in debug builds.
    let brazilian = ["", "+55 ", "55", "0", "021 ", "0XX", "tel:"];
    let foreign = ["00", "+1 ", "+351 ", "+"];
    let separators = [
        "", " ", "-", ".", "(", ")", "\u{00A0}", "\u{2013}", "/", "x", "E+", ",",
    ];
    let mut cell = String::new();
    let mut sendable = 0;
    for _ in 0..100_000 {
        cell.clear();
        let prefixes: &[&str] = if noise.below(20) == 0 {
            &foreign
        } else {
            &brazilian
        };
        cell.push_str(noise.pick(prefixes));
        let length = noise.below(16);
        for _ in 0..length {
            cell.push(char::from(b'0' + noise.below(10) as u8));
            if noise.below(5) == 0 {
                cell.push_str(noise.pick(&separators));
            }
        }
        let outcome = repair(RawPhone::Text(&cell), &rules).outcome;
        assert_well_formed(&cell, &outcome);
        sendable += usize::from(outcome.e164().is_some());

        let value = (noise.next() % 100_000_000_000_000) as f64;
        let outcome = repair(RawPhone::Number(value), &rules).outcome;
        assert_well_formed(&value.to_string(), &outcome);
    }
    // The generator is meant to hit valid numbers too, not only rejections.
    assert!(sendable > 1_000, "only {sendable} sendable cells");
}

#[test]
fn generated_brazilian_numbers_in_every_spelling_come_back_the_same() {
    const AREA_CODES: [&str; 8] = ["11", "21", "31", "47", "61", "71", "85", "99"];
    let mut noise = Noise(42);
    for _ in 0..20_000 {
        let ddd = noise.pick(&AREA_CODES);
        let subscriber = format!("9{:08}", 60_000_000 + noise.below(40_000_000));
        let expected = format!("+55{ddd}{subscriber}");
        let (head, tail) = subscriber.split_at(5);
        let spellings = [
            format!("+55 ({ddd}) {head}-{tail}"),
            format!("({ddd}) {head}-{tail}"),
            format!("0{ddd} {head}{tail}"),
            format!("0 15 {ddd} {head}-{tail}"),
            format!("0XX{ddd} {head}-{tail}"),
            format!("55{ddd}{subscriber}"),
            format!("{ddd}{subscriber}.0"),
            format!("0055{ddd}{subscriber}"),
        ];
        for spelling in &spellings {
            let outcome = text(spelling);
            assert_eq!(outcome.e164(), Some(expected.as_str()), "{spelling}");
            assert_well_formed(spelling, &outcome);
        }
        let value: f64 = format!("{ddd}{subscriber}").parse().unwrap();
        assert_eq!(number(value).e164(), Some(expected.as_str()));
    }
}

/// Found by `fuzz/phone_repair`: German rules accepted a 15-digit national number, which
/// with its country code is longer than E.164 allows.
#[test]
fn a_foreign_number_longer_than_e164_allows_is_too_long() {
    let germany = PhoneRules {
        default_country: "DE".into(),
    };
    assert_eq!(
        repair(RawPhone::Text("417674449615783"), &germany).outcome,
        invalid(InvalidReason::TooLong)
    );
    assert_eq!(
        repair(RawPhone::Text("+49417674449615783"), &germany).outcome,
        invalid(InvalidReason::TooLong)
    );
}
