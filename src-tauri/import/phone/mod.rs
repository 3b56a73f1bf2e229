//! Phone repair, the "spreadsheet doctor": turns a phone cell as a spreadsheet holds it
//! (mangled by Excel, typed by hand) into an E.164 number, and tells the user what it
//! changed or why it cannot. Brazil is read by hand for speed; other countries go through
//! libphonenumber. It never invents digits and never settles the 9th digit on its own.

mod brazil;
mod cells;
mod foreign;
mod verdict;

#[cfg(test)]
mod tests;

pub use cells::digits_only;
pub use verdict::{
    Change, InvalidReason, LineKind, NonGeographicKind, PhoneOutcome, PhoneRepair, PhoneRules,
    UsablePhone,
};

use brazil::Line;
use cells::Cell;

/// A phone cell as the spreadsheet reader found it.
///
/// Pass `Number` only for cells the file stores as numbers (xlsx, xls and ods numeric
/// cells): those hold the exact value whatever Excel displays. Pass everything read from
/// CSV or text cells as `Text`, even when it looks numeric, so that a number saved in
/// scientific notation ("5.51199E+12") is recognised as having lost digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawPhone<'a> {
    Text(&'a str),
    Number(f64),
}

/// Repairs one cell. Pure and allocation-light: plain Brazilian numbers never reach
/// libphonenumber.
pub fn repair(raw: RawPhone<'_>, rules: &PhoneRules) -> PhoneRepair {
    let (original, cell) = match raw {
        RawPhone::Text(text) => (text.to_owned(), cells::read_text(text)),
        RawPhone::Number(value) => (cells::render_number(value), cells::read_number(value)),
    };
    let outcome = match cell.and_then(|cell| interpret(cell, rules)) {
        Ok((line, changes)) if changes.is_empty() => PhoneOutcome::Ok {
            e164: line.e164,
            kind: line.kind,
            alternative: line.alternative,
        },
        Ok((line, changes)) => PhoneOutcome::Repaired {
            e164: line.e164,
            kind: line.kind,
            alternative: line.alternative,
            changes,
        },
        Err(reason) => PhoneOutcome::Invalid { reason },
    };
    PhoneRepair { original, outcome }
}

/// Reads the digits: an explicit country code first, then the Brazilian habits (also
/// whenever the Brazilian "0XX" notation appears), then the default country's rules.
fn interpret(cell: Cell, rules: &PhoneRules) -> Result<(Line, Vec<Change>), InvalidReason> {
    let Cell {
        digits,
        plus,
        origin,
        carrier_placeholder,
        mut changes,
    } = cell;
    if digits.overflowed() {
        return Err(InvalidReason::TooLong);
    }
    let digits = digits.as_bytes();
    let line = if plus {
        international(digits, &mut changes)?
    } else if let [b'0', b'0', rest @ ..] = digits {
        changes.push(Change::RemovedInternationalPrefix);
        from_abroad(rest, &mut changes)?
    } else if carrier_placeholder || is_brazil(rules) {
        brazil::domestic(digits, origin, carrier_placeholder, &mut changes)?
    } else if let Some(region) = foreign::region(&rules.default_country) {
        foreign::national(digits, region, &mut changes)?
    } else {
        return Err(InvalidReason::MissingCountryCode);
    };
    Ok((line, changes))
}

/// Digits that start with a country code.
fn international(digits: &[u8], changes: &mut Vec<Change>) -> Result<Line, InvalidReason> {
    match digits {
        [b'5', b'5', national @ ..] => brazil::after_country_code(national, changes),
        _ => foreign::international(digits, changes),
    }
}

/// After "00". Dialling out of Brazil puts a carrier code between "00" and the country
/// code ("00 21 55 11 …" is unusual but seen); only that Brazilian shape is recognised, as
/// guessing carrier codes before foreign country codes would be a lottery.
fn from_abroad(digits: &[u8], changes: &mut Vec<Change>) -> Result<Line, InvalidReason> {
    match digits {
        [c1, c2, b'5', b'5', national @ ..]
            if !digits.starts_with(b"55") && matches!(national.len(), 10 | 11) =>
        {
            changes.push(Change::RemovedCarrierCode(
                [char::from(*c1), char::from(*c2)].iter().collect(),
            ));
            brazil::after_country_code(national, changes)
        }
        _ => international(digits, changes),
    }
}

/// Compared in place: this runs once per row.
fn is_brazil(rules: &PhoneRules) -> bool {
    rules.default_country.trim().eq_ignore_ascii_case("BR")
}
