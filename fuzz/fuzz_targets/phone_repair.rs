//! Any text or number as a phone cell: repair must never panic, and what it returns must
//! hold together (see `check`).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use whats_tip::import::phone::{self, PhoneOutcome, PhoneRepair, PhoneRules, RawPhone};

#[derive(Debug, Arbitrary)]
enum Input {
    Text(String),
    Number(f64),
    /// Digits and the usual phone punctuation: reaches the interesting paths faster than
    /// arbitrary Unicode.
    Dialled(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
struct Case {
    cell: Input,
    /// Index into COUNTRIES.
    country: u8,
}

/// Brazil (the hand-written fast path), a few libphonenumber regions, and no default.
const COUNTRIES: [&str; 6] = ["BR", "US", "PT", "AR", "DE", ""];

fuzz_target!(|case: Case| {
    let rules = PhoneRules {
        default_country: COUNTRIES[usize::from(case.country) % COUNTRIES.len()].to_owned(),
    };
    let dialled;
    let raw = match &case.cell {
        Input::Text(text) => RawPhone::Text(text),
        Input::Number(n) => RawPhone::Number(*n),
        Input::Dialled(bytes) => {
            const KEYS: &[u8] = b"0123456789+-() ./x";
            dialled = bytes
                .iter()
                .map(|b| char::from(KEYS[usize::from(*b) % KEYS.len()]))
                .collect::<String>();
            RawPhone::Text(&dialled)
        }
    };
    let repair = phone::repair(raw, &rules);
    check(raw, &repair, &rules);
});

fn check(raw: RawPhone<'_>, repair: &PhoneRepair, rules: &PhoneRules) {
    if let RawPhone::Text(text) = raw {
        assert_eq!(repair.original, text, "the original is the cell as written");
    }
    let (e164, alternative) = match &repair.outcome {
        PhoneOutcome::Invalid { .. } => return,
        PhoneOutcome::Ok {
            e164, alternative, ..
        } => (e164, alternative),
        PhoneOutcome::Repaired {
            e164,
            alternative,
            changes,
            ..
        } => {
            assert!(!changes.is_empty(), "repaired without a change: {repair:?}");
            (e164, alternative)
        }
    };
    assert_e164(e164, repair);
    // Repairing the answer again finds the same number: the import stores E.164 and
    // compares stored numbers with new cells this way.
    let again = phone::repair(RawPhone::Text(e164), rules);
    assert_eq!(
        again.e164(),
        Some(e164.as_str()),
        "{repair:?} then {again:?}"
    );
    if let Some(alternative) = alternative {
        assert_e164(alternative, repair);
        assert_ne!(alternative, e164);
        // The two 9th-digit forms are each other's alternative: deduplication keys on the
        // pair, whichever form a row holds.
        let other = phone::repair(RawPhone::Text(alternative), rules);
        let back = match &other.outcome {
            PhoneOutcome::Ok { alternative, .. } | PhoneOutcome::Repaired { alternative, .. } => {
                alternative.as_deref()
            }
            PhoneOutcome::Invalid { .. } => None,
        };
        assert_eq!(back, Some(e164.as_str()), "{repair:?} then {other:?}");
    }
}

/// "+" and digits: a Brazilian number has 12 or 13 with its country code; any other at most
/// 15 (E.164's limit) and at least 7 (the shortest numbering plans in use, such as Niue or
/// a small German town's exchange: libphonenumber accepts "+49 89 800").
fn assert_e164(number: &str, repair: &PhoneRepair) {
    let digits = number.strip_prefix('+').unwrap_or_else(|| {
        panic!("{number:?} does not start with '+': {repair:?}");
    });
    assert!(
        digits.bytes().all(|b| b.is_ascii_digit()),
        "{number:?} is not all digits: {repair:?}"
    );
    let lengths = if digits.starts_with("55") {
        12..=13
    } else {
        7..=15
    };
    assert!(
        lengths.contains(&digits.len()),
        "{number:?} has {} digits: {repair:?}",
        digits.len()
    );
    assert!(
        !digits.starts_with('0'),
        "{number:?}: no country code starts with 0"
    );
}
