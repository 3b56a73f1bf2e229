//! Brazilian numbers, written by hand rather than through libphonenumber: most rows of every
//! sheet are Brazilian and libphonenumber is slow for a million of them. Covers the DDD
//! list, the mobile 9th digit, the trunk "0", carrier codes and service numbers.

use super::cells::Origin;
use super::verdict::{Change, InvalidReason, LineKind, NonGeographicKind};

/// What a valid number becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub(super) e164: String,
    pub(super) kind: LineKind,
    pub(super) alternative: Option<String>,
}

/// ANATEL's 67 area codes (DDD) of the national numbering plan. The gaps (20, 23, 25, 26,
/// 29, 30, 36, 39, 40, 50, 52, 56–60, 70, 72, 76, 78, 80, 90) are not assigned.
const AREA_CODES: [u8; 67] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, // São Paulo
    21, 22, 24, // Rio de Janeiro
    27, 28, // Espírito Santo
    31, 32, 33, 34, 35, 37, 38, // Minas Gerais
    41, 42, 43, 44, 45, 46, // Paraná
    47, 48, 49, // Santa Catarina
    51, 53, 54, 55, // Rio Grande do Sul
    61, // Distrito Federal
    62, 64, // Goiás
    63, // Tocantins
    65, 66, // Mato Grosso
    67, // Mato Grosso do Sul
    68, // Acre
    69, // Rondônia
    71, 73, 74, 75, 77, // Bahia
    79, // Sergipe
    81, 87, // Pernambuco
    82, // Alagoas
    83, // Paraíba
    84, // Rio Grande do Norte
    85, 88, // Ceará
    86, 89, // Piauí
    91, 93, 94, // Pará
    92, 97, // Amazonas
    95, // Roraima
    96, // Amapá
    98, 99, // Maranhão
];

/// `AREA_CODES` as a lookup table, built at compile time.
const IS_AREA_CODE: [bool; 100] = {
    let mut table = [false; 100];
    let mut i = 0;
    while i < AREA_CODES.len() {
        table[AREA_CODES[i] as usize] = true;
        i += 1;
    }
    table
};

/// Digits after the country code: DDD + 8 or 9 digits. A trunk "0" (and a carrier code
/// after it) written after "+55" is a common slip and is removed.
pub(super) fn after_country_code(
    digits: &[u8],
    changes: &mut Vec<Change>,
) -> Result<Line, InvalidReason> {
    match digits.split_first() {
        Some((b'0', rest)) => after_trunk_zero(rest, false, changes),
        _ => national(digits),
    }
}

/// Digits with no country code, read by Brazilian habits.
pub(super) fn domestic(
    digits: &[u8],
    origin: Origin,
    carrier_placeholder: bool,
    changes: &mut Vec<Change>,
) -> Result<Line, InvalidReason> {
    let line = match digits {
        [b'0', rest @ ..] => after_trunk_zero(rest, carrier_placeholder, changes)?,
        // The country code without "+" (the "+" is lost in numeric cells, often dropped in
        // text). Read before the carrier case below: "55" as a carrier gives the same number.
        [b'5', b'5', rest @ ..] if matches!(digits.len(), 12 | 13) => {
            return national(rest);
        }
        // A numeric cell ate the trunk "0" of "0 21 11 98765-4321"; in text, 12–13 digits
        // without a "0" are more likely a foreign number missing its "+", so they stay
        // too long rather than being forced into a Brazilian shape.
        [c1, c2, rest @ ..] if origin == Origin::Numeric && matches!(digits.len(), 12 | 13) => {
            let line = national(rest)?;
            changes.push(Change::RemovedCarrierCode(two_digits(*c1, *c2)));
            line
        }
        _ => national(digits)?,
    };
    changes.push(Change::AddedCountryCode);
    Ok(line)
}

/// After a trunk "0": the DDD, or a 2-digit carrier code and then the DDD ("0 21 11 …";
/// the lengths tell them apart since a national number has 10 or 11 digits).
fn after_trunk_zero(
    rest: &[u8],
    carrier_placeholder: bool,
    changes: &mut Vec<Change>,
) -> Result<Line, InvalidReason> {
    changes.push(Change::RemovedTrunkZero);
    if carrier_placeholder {
        changes.push(Change::RemovedCarrierPlaceholder);
        return national(rest);
    }
    match rest {
        [c1, c2, after_carrier @ ..]
            if matches!(rest.len(), 12 | 13) && non_geographic(rest).is_none() =>
        {
            changes.push(Change::RemovedCarrierCode(two_digits(*c1, *c2)));
            national(after_carrier)
        }
        _ => national(rest),
    }
}

/// DDD + subscriber, the national significant number.
pub(super) fn national(digits: &[u8]) -> Result<Line, InvalidReason> {
    if let Some(kind) = non_geographic(digits) {
        return Err(InvalidReason::NonGeographic(kind));
    }
    let (area, subscriber) = match digits.len() {
        0..=7 => return Err(InvalidReason::TooShort),
        8 | 9 => return Err(InvalidReason::MissingAreaCode),
        10 | 11 => digits.split_at(2),
        _ => return Err(InvalidReason::TooLong),
    };
    let ddd = usize::from(area[0] - b'0') * 10 + usize::from(area[1] - b'0');
    if !IS_AREA_CODE[ddd] {
        return Err(InvalidReason::InvalidAreaCode(two_digits(area[0], area[1])));
    }
    // Mobiles gained a leading 9 in 2012–2016, but WhatsApp accounts made before keep the
    // 8-digit form; the sender checks both, so the other form goes in `alternative` and the
    // sheet's own form stays the answer. Only 8-digit forms starting with 6–9 ever existed:
    // a 9-digit mobile like 9 1234-5678 has no older twin.
    let (kind, alternative) = match (subscriber.len(), subscriber[0]) {
        (9, b'9') => {
            let old = &subscriber[1..];
            let alternative = matches!(old[0], b'6'..=b'9').then(|| e164(area, None, old));
            (LineKind::Mobile, alternative)
        }
        (8, b'2'..=b'5') => (LineKind::Landline, None),
        (8, b'6'..=b'9') => (LineKind::Mobile, Some(e164(area, Some(b'9'), subscriber))),
        _ => return Err(InvalidReason::InvalidLocalNumber),
    };
    Ok(Line {
        e164: e164(area, None, subscriber),
        kind,
        alternative,
    })
}

/// Service numbers that look like phone numbers but route calls to a switchboard.
/// 0800/0300/0303/0500/0900 are followed by 6 or 7 digits; 3003 and 400x "capitalidade"
/// numbers have 8 digits and are dialled without a DDD anywhere in Brazil.
fn non_geographic(digits: &[u8]) -> Option<NonGeographicKind> {
    match (digits.len(), digits) {
        (9 | 10, [b'8', b'0', b'0', ..]) => Some(NonGeographicKind::TollFree),
        (9 | 10, [b'3', b'0', b'3', ..]) => Some(NonGeographicKind::Other),
        (9 | 10, [b'3', b'0', b'0', ..]) => Some(NonGeographicKind::SharedCost),
        (9 | 10, [b'5' | b'9', b'0', b'0', ..]) => Some(NonGeographicKind::PremiumRate),
        (8, [b'3' | b'4', b'0', b'0', ..]) => Some(NonGeographicKind::SharedCost),
        _ => None,
    }
}

fn two_digits(first: u8, second: u8) -> String {
    [char::from(first), char::from(second)].iter().collect()
}

/// "+55" + DDD + (optional 9) + subscriber, in one allocation.
fn e164(area: &[u8], ninth: Option<u8>, subscriber: &[u8]) -> String {
    let mut out = String::with_capacity(14);
    out.push_str("+55");
    out.extend(
        area.iter()
            .chain(ninth.as_slice())
            .chain(subscriber)
            .map(|&d| char::from(d)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(e164: &str, kind: LineKind, alternative: Option<&str>) -> Line {
        Line {
            e164: e164.into(),
            kind,
            alternative: alternative.map(Into::into),
        }
    }

    #[test]
    fn the_area_code_list_is_anatels() {
        assert_eq!(AREA_CODES.len(), 67);
        let valid: Vec<usize> = (0..100).filter(|&d| IS_AREA_CODE[d]).collect();
        let mut expected: Vec<usize> = Vec::new();
        expected.extend(11..=19);
        expected.extend([21, 22, 24, 27, 28]);
        expected.extend([31, 32, 33, 34, 35, 37, 38]);
        expected.extend(41..=49);
        expected.extend([51, 53, 54, 55]);
        expected.extend(61..=69);
        expected.extend([71, 73, 74, 75, 77, 79]);
        expected.extend(81..=89);
        expected.extend(91..=99);
        assert_eq!(valid, expected);
    }

    #[test]
    fn every_unassigned_area_code_is_rejected() {
        for ddd in [
            10, 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 57, 58, 59, 60, 70, 72, 76, 78,
        ] {
            let digits = format!("{ddd}987654321");
            assert_eq!(
                national(digits.as_bytes()).unwrap_err(),
                InvalidReason::InvalidAreaCode(ddd.to_string()),
                "{ddd}"
            );
        }
    }

    #[test]
    fn nine_digit_mobiles_offer_the_eight_digit_form() {
        assert_eq!(
            national(b"11987654321").unwrap(),
            line("+5511987654321", LineKind::Mobile, Some("+551187654321"))
        );
    }

    #[test]
    fn new_nine_digit_mobiles_have_no_older_twin() {
        assert_eq!(
            national(b"11912345678").unwrap(),
            line("+5511912345678", LineKind::Mobile, None)
        );
    }

    #[test]
    fn old_eight_digit_mobiles_offer_the_nine_digit_form() {
        for first in ['6', '7', '8', '9'] {
            let digits = format!("31{first}7654321");
            assert_eq!(
                national(digits.as_bytes()).unwrap(),
                line(
                    &format!("+5531{first}7654321"),
                    LineKind::Mobile,
                    Some(&format!("+55319{first}7654321"))
                )
            );
        }
    }

    #[test]
    fn landlines_have_no_alternative() {
        for first in ['2', '3', '4', '5'] {
            let digits = format!("11{first}3334444");
            assert_eq!(
                national(digits.as_bytes()).unwrap(),
                line(&format!("+5511{first}3334444"), LineKind::Landline, None)
            );
        }
    }

    #[test]
    fn impossible_local_numbers_are_rejected() {
        for digits in ["11887654321", "11187654321", "1113334444", "1103334444"] {
            assert_eq!(
                national(digits.as_bytes()).unwrap_err(),
                InvalidReason::InvalidLocalNumber,
                "{digits}"
            );
        }
    }

    #[test]
    fn lengths_outside_the_plan_are_reported() {
        assert_eq!(national(b"1234567").unwrap_err(), InvalidReason::TooShort);
        assert_eq!(
            national(b"987654321").unwrap_err(),
            InvalidReason::MissingAreaCode
        );
        assert_eq!(
            national(b"33334444").unwrap_err(),
            InvalidReason::MissingAreaCode
        );
        assert_eq!(
            national(b"119876543210").unwrap_err(),
            InvalidReason::TooLong
        );
    }

    #[test]
    fn service_numbers_are_named() {
        let cases: [(&[u8], NonGeographicKind); 7] = [
            (b"8001234567", NonGeographicKind::TollFree),
            (b"800123456", NonGeographicKind::TollFree),
            (b"3001234567", NonGeographicKind::SharedCost),
            (b"3031234567", NonGeographicKind::Other),
            (b"9001234567", NonGeographicKind::PremiumRate),
            (b"40040001", NonGeographicKind::SharedCost),
            (b"30031234", NonGeographicKind::SharedCost),
        ];
        for (digits, kind) in cases {
            assert_eq!(
                national(digits).unwrap_err(),
                InvalidReason::NonGeographic(kind)
            );
        }
    }

    #[test]
    fn trunk_zero_and_carrier_codes_are_removed() {
        let mut changes = Vec::new();
        let got = domestic(b"02111987654321", Origin::Text, false, &mut changes).unwrap();
        assert_eq!(got.e164, "+5511987654321");
        assert_eq!(
            changes,
            vec![
                Change::RemovedTrunkZero,
                Change::RemovedCarrierCode("21".into()),
                Change::AddedCountryCode
            ]
        );

        let mut changes = Vec::new();
        let got = domestic(b"01133334444", Origin::Text, false, &mut changes).unwrap();
        assert_eq!(got.e164, "+551133334444");
        assert_eq!(
            changes,
            vec![Change::RemovedTrunkZero, Change::AddedCountryCode]
        );
    }

    #[test]
    fn carrier_without_trunk_zero_only_for_numeric_cells() {
        let mut changes = Vec::new();
        let got = domestic(b"2111987654321", Origin::Numeric, false, &mut changes).unwrap();
        assert_eq!(got.e164, "+5511987654321");
        assert_eq!(
            changes,
            vec![
                Change::RemovedCarrierCode("21".into()),
                Change::AddedCountryCode
            ]
        );
        assert_eq!(
            domestic(b"2111987654321", Origin::Text, false, &mut Vec::new()).unwrap_err(),
            InvalidReason::TooLong
        );
    }

    #[test]
    fn trunk_zero_after_the_country_code_is_a_slip() {
        let mut changes = Vec::new();
        let got = after_country_code(b"011987654321", &mut changes).unwrap();
        assert_eq!(got.e164, "+5511987654321");
        assert_eq!(changes, vec![Change::RemovedTrunkZero]);
    }
}
