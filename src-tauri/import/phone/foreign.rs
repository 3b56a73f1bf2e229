//! Numbers of other countries, through libphonenumber (the `phonenumber` crate): its
//! metadata is maintained upstream, so no other country's plan is written by hand here.

use phonenumber::country::{self, Source};
use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, ParseError, PhoneNumber, Type};

use super::brazil::Line;
use super::verdict::{Change, InvalidReason, LineKind, NonGeographicKind};

/// E.164's limit on a country code plus national number.
const MAX_E164_DIGITS: usize = 15;

/// Digits that start with a country code (after "+" or "00").
pub(super) fn international(
    digits: &[u8],
    changes: &mut Vec<Change>,
) -> Result<Line, InvalidReason> {
    if digits.len() > MAX_E164_DIGITS {
        return Err(InvalidReason::TooLong);
    }
    // libphonenumber calls fewer than three digits "no number"; for the user it is short.
    if digits.len() < 3 {
        return Err(InvalidReason::TooShort);
    }
    let mut text = String::with_capacity(digits.len() + 1);
    text.push('+');
    text.extend(digits.iter().map(|&d| char::from(d)));
    let number = phonenumber::parse(None, &text).map_err(parse_error)?;
    finish(&number, digits, changes)
}

/// Digits without a country code, read by the rules of `region`.
pub(super) fn national(
    digits: &[u8],
    region: country::Id,
    changes: &mut Vec<Change>,
) -> Result<Line, InvalidReason> {
    if digits.len() > MAX_E164_DIGITS + 3 {
        return Err(InvalidReason::TooLong);
    }
    let text: String = digits.iter().map(|&d| char::from(d)).collect();
    let number = phonenumber::parse(Some(region), &text).map_err(parse_error)?;
    finish(&number, digits, changes)
}

/// The region for a default-country code, `None` when it names no region libphonenumber
/// knows (the caller then needs numbers with a country code).
pub(super) fn region(code: &str) -> Option<country::Id> {
    code.trim().to_ascii_uppercase().parse().ok()
}

fn finish(
    number: &PhoneNumber,
    input: &[u8],
    changes: &mut Vec<Change>,
) -> Result<Line, InvalidReason> {
    let code = number.code().value();
    if !number.is_valid() {
        return Err(InvalidReason::InvalidForCountry(format!("+{code}")));
    }
    let kind = line_kind(number.number_type(&DATABASE))?;
    let e164 = number.format().mode(Mode::E164).to_string();
    // libphonenumber's patterns accept some national numbers too long for E.164 once the
    // country code is added ("417674449615783" in Germany became 17 digits); WhatsApp and
    // every network refuse those.
    if e164.len() > 1 + MAX_E164_DIGITS {
        return Err(InvalidReason::TooLong);
    }
    record_changes(&e164, code, number.code().source(), input, changes);
    Ok(Line {
        e164,
        kind,
        alternative: None,
    })
}

/// Explains the difference between what the cell said and what libphonenumber made of it.
fn record_changes(e164: &str, code: u16, source: Source, input: &[u8], changes: &mut Vec<Change>) {
    let code_text = code.to_string();
    let national_number = e164
        .get(1 + code_text.len()..)
        .unwrap_or_default()
        .as_bytes();
    let written_national = match source {
        Source::Default => Some(input),
        Source::Plus | Source::Number => input.strip_prefix(code_text.as_bytes()),
        Source::Idd => {
            // The region's own international prefix (e.g. "011" in the USA).
            changes.push(Change::RemovedInternationalPrefix);
            return;
        }
    };
    match written_national {
        Some(written) if written == national_number => {}
        Some(written) if written.ends_with(national_number) => {
            let prefix = &written[..written.len() - national_number.len()];
            if prefix == b"0" {
                changes.push(Change::RemovedTrunkZero);
            } else {
                let prefix = prefix.iter().map(|&d| char::from(d)).collect();
                changes.push(Change::RemovedTrunkPrefix(prefix));
            }
        }
        _ => changes.push(Change::RewrittenForCountry),
    }
    if source == Source::Default {
        changes.push(Change::AddedCountryCode);
    }
}

/// Service numbers have no WhatsApp account; everything else is sendable.
fn line_kind(kind: Type) -> Result<LineKind, InvalidReason> {
    let service = match kind {
        Type::Mobile => return Ok(LineKind::Mobile),
        Type::FixedLine => return Ok(LineKind::Landline),
        Type::FixedLineOrMobile | Type::Voip | Type::PersonalNumber | Type::Unknown => {
            return Ok(LineKind::Unknown)
        }
        Type::TollFree => NonGeographicKind::TollFree,
        Type::PremiumRate => NonGeographicKind::PremiumRate,
        Type::SharedCost => NonGeographicKind::SharedCost,
        Type::Pager
        | Type::Uan
        | Type::Emergency
        | Type::Voicemail
        | Type::ShortCode
        | Type::StandardRate
        | Type::Carrier
        | Type::NoInternational => NonGeographicKind::Other,
    };
    Err(InvalidReason::NonGeographic(service))
}

fn parse_error(err: ParseError) -> InvalidReason {
    match err {
        ParseError::InvalidCountryCode => InvalidReason::UnknownCountryCode,
        ParseError::TooShortAfterIdd | ParseError::TooShortNsn => InvalidReason::TooShort,
        ParseError::TooLong => InvalidReason::TooLong,
        ParseError::NoNumber | ParseError::MalformedInteger(_) => InvalidReason::NotAPhoneNumber,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn international_ok(digits: &str) -> (Line, Vec<Change>) {
        let mut changes = Vec::new();
        let line = international(digits.as_bytes(), &mut changes).unwrap();
        (line, changes)
    }

    #[test]
    fn usa_numbers_are_valid_but_of_unknown_kind() {
        let (line, changes) = international_ok("14155552671");
        assert_eq!(line.e164, "+14155552671");
        assert_eq!(line.kind, LineKind::Unknown);
        assert_eq!(line.alternative, None);
        assert!(changes.is_empty());
    }

    #[test]
    fn portuguese_mobiles_are_mobiles() {
        let (line, _) = international_ok("351912345678");
        assert_eq!(line.e164, "+351912345678");
        assert_eq!(line.kind, LineKind::Mobile);
    }

    #[test]
    fn london_numbers_are_landlines() {
        let (line, _) = international_ok("442079460958");
        assert_eq!(line.e164, "+442079460958");
        assert_eq!(line.kind, LineKind::Landline);
    }

    #[test]
    fn a_trunk_zero_after_a_foreign_country_code_is_removed() {
        let (line, changes) = international_ok("4402079460958");
        assert_eq!(line.e164, "+442079460958");
        assert_eq!(changes, vec![Change::RemovedTrunkZero]);
    }

    #[test]
    fn invalid_foreign_numbers_name_their_country_code() {
        let mut changes = Vec::new();
        assert_eq!(
            international(b"44", &mut changes).unwrap_err(),
            InvalidReason::TooShort
        );
        assert_eq!(
            international(b"4412", &mut changes).unwrap_err(),
            InvalidReason::InvalidForCountry("+44".into())
        );
        assert_eq!(
            international(b"3519123", &mut changes).unwrap_err(),
            InvalidReason::InvalidForCountry("+351".into())
        );
        assert_eq!(
            international(b"1415555267100000", &mut changes).unwrap_err(),
            InvalidReason::TooLong
        );
    }

    #[test]
    fn unknown_country_codes_are_reported() {
        assert_eq!(
            international(b"99912345678", &mut Vec::new()).unwrap_err(),
            InvalidReason::UnknownCountryCode
        );
    }

    #[test]
    fn foreign_toll_free_numbers_are_not_for_whatsapp() {
        assert_eq!(
            international(b"18002530000", &mut Vec::new()).unwrap_err(),
            InvalidReason::NonGeographic(NonGeographicKind::TollFree)
        );
    }

    #[test]
    fn national_numbers_take_the_default_regions_code() {
        let mut changes = Vec::new();
        let line = national(b"912345678", country::PT, &mut changes).unwrap();
        assert_eq!(line.e164, "+351912345678");
        assert_eq!(changes, vec![Change::AddedCountryCode]);

        let mut changes = Vec::new();
        let line = national(b"02079460958", country::GB, &mut changes).unwrap();
        assert_eq!(line.e164, "+442079460958");
        assert_eq!(
            changes,
            vec![Change::RemovedTrunkZero, Change::AddedCountryCode]
        );
    }

    #[test]
    fn regions_are_read_case_insensitively() {
        assert_eq!(region("pt"), Some(country::PT));
        assert_eq!(region(" GB "), Some(country::GB));
        assert_eq!(region(""), None);
        assert_eq!(region("XX"), None);
    }
}
