//! `import::phone` through the crate's public API, as the importer and the UI will use it:
//! a column of mixed cells in, one verdict per cell out, serialized for the screen.

use serde_json::json;
use whats_tip::import::phone::{
    repair, Change, InvalidReason, LineKind, PhoneOutcome, PhoneRules, RawPhone,
};

#[test]
fn a_column_of_mixed_cells_gets_one_verdict_each() {
    let rules = PhoneRules::default();
    let column = [
        RawPhone::Text("+55 (11) 98765-4321"),
        RawPhone::Number(11987654321.0),
        RawPhone::Text("5.5119876543E+12"),
        RawPhone::Text("0800 123 4567"),
        RawPhone::Text("+351 912 345 678"),
        RawPhone::Text(""),
    ];
    let sent: Vec<Option<String>> = column
        .iter()
        .map(|cell| repair(*cell, &rules).e164().map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("+5511987654321".to_owned()),
            Some("+5511987654321".to_owned()),
            None,
            None,
            Some("+351912345678".to_owned()),
            None,
        ]
    );
}

#[test]
fn a_verdict_serializes_as_the_ui_reads_it() {
    let verdict = repair(RawPhone::Text("0 21 11 98765-4321"), &PhoneRules::default());
    assert_eq!(
        serde_json::to_value(&verdict).unwrap(),
        json!({
            "original": "0 21 11 98765-4321",
            "outcome": {
                "status": "repaired",
                "e164": "+5511987654321",
                "kind": "mobile",
                "alternative": "+551187654321",
                "changes": [
                    { "kind": "strippedPunctuation" },
                    { "kind": "removedTrunkZero" },
                    { "kind": "removedCarrierCode", "value": "21" },
                    { "kind": "addedCountryCode" }
                ]
            }
        })
    );
}

#[test]
fn lost_digits_are_reported_not_invented() {
    let verdict = repair(RawPhone::Text("5.5119876543E+12"), &PhoneRules::default());
    assert_eq!(verdict.original, "5.5119876543E+12");
    assert_eq!(
        verdict.outcome,
        PhoneOutcome::Invalid {
            reason: InvalidReason::DigitsLostInScientificNotation
        }
    );
    assert_eq!(
        serde_json::to_value(&verdict.outcome).unwrap(),
        json!({ "status": "invalid", "reason": { "kind": "digitsLostInScientificNotation" } })
    );
}

#[test]
fn old_mobiles_carry_the_form_to_check_on_whatsapp() {
    let verdict = repair(RawPhone::Number(553187654321.0), &PhoneRules::default());
    assert_eq!(verdict.original, "553187654321");
    assert_eq!(
        verdict.outcome,
        PhoneOutcome::Repaired {
            e164: "+553187654321".into(),
            kind: LineKind::Mobile,
            alternative: Some("+5531987654321".into()),
            changes: vec![Change::FromNumericCell],
        }
    );
}
