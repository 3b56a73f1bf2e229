//! Reading one raw cell into bare digits: numeric cells, Excel's scientific notation and ".0"
//! tails, punctuation, and the few words a phone cell may legitimately hold ("tel:", "0XX").
//! Nothing here knows any numbering plan; `brazil` and `foreign` interpret the digits.

use super::verdict::{Change, InvalidReason};

/// More digits than any phone number plus prefixes (15 + "00" + carrier code) can have;
/// anything longer is reported as too long without being stored.
const MAX_DIGITS: usize = 24;

/// ASCII digits kept on the stack: this runs on every row of million-row sheets, so the
/// common path must not allocate before the result strings are built.
#[derive(Debug, Clone, Copy)]
pub(super) struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
    /// Every digit seen, stored or not.
    seen: usize,
}

impl Digits {
    pub(super) fn new() -> Self {
        Self {
            buf: [0; MAX_DIGITS],
            len: 0,
            seen: 0,
        }
    }

    /// `digit` is an ASCII digit (`b'0'..=b'9'`).
    fn push(&mut self, digit: u8) {
        if self.len < MAX_DIGITS {
            self.buf[self.len] = digit;
            self.len += 1;
        }
        self.seen += 1;
    }

    fn from_u64(mut value: u64) -> Self {
        let mut reversed = Digits::new();
        loop {
            // `value % 10` is below 10, so the cast cannot truncate.
            reversed.push(b'0' + (value % 10) as u8);
            value /= 10;
            if value == 0 {
                break;
            }
        }
        let mut digits = Digits::new();
        for &d in reversed.as_bytes().iter().rev() {
            digits.push(d);
        }
        digits
    }

    fn from_slice(slice: &[u8]) -> Self {
        let mut digits = Digits::new();
        for &d in slice {
            digits.push(d);
        }
        digits
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// More digits than fit: too long to be a phone number, whatever they are.
    pub(super) fn overflowed(&self) -> bool {
        self.seen > self.len
    }
}

/// Whether leading zeros can still be trusted: a number stored as a number has lost them
/// (and its "+"), which changes how a 12–13 digit value is read in Brazil.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    Text,
    Numeric,
}

/// A cell reduced to digits, with what was removed on the way.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub(super) digits: Digits,
    /// A leading "+": the digits start with a country code.
    pub(super) plus: bool,
    pub(super) origin: Origin,
    /// "0XX" was written in place of a carrier code; the "0" is still in `digits`.
    pub(super) carrier_placeholder: bool,
    /// Changes made while reading, in order.
    pub(super) changes: Vec<Change>,
}

impl Cell {
    fn numeric(digits: Digits, change: Change) -> Self {
        Cell {
            digits,
            plus: false,
            origin: Origin::Numeric,
            carrier_placeholder: false,
            changes: vec![change],
        }
    }
}

/// The cell as the user typed it: integral values without ".0", anything else as Rust
/// prints it (`1.5`, `NaN`).
pub(super) fn render_number(value: f64) -> String {
    format!("{value}")
}

/// A numeric cell. Spreadsheet files store the full double, so the value is exact; only the
/// leading zeros and the "+" the user typed are gone.
pub(super) fn read_number(value: f64) -> Result<Cell, InvalidReason> {
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 {
        return Err(InvalidReason::NotAPhoneNumber);
    }
    // E.164 allows 15 digits; larger doubles also stop being exact integers past 2^53.
    if value >= 1e15 {
        return Err(InvalidReason::TooLong);
    }
    // Integral, non-negative and below 1e15: the conversion is exact.
    let digits = Digits::from_u64(value as u64);
    Ok(Cell::numeric(digits, Change::FromNumericCell))
}

/// A text cell: trims, recognises scientific notation and ".0" tails left by numeric cells,
/// then keeps the digits of a written phone number.
pub(super) fn read_text(text: &str) -> Result<Cell, InvalidReason> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    if trimmed.is_empty() {
        return Err(InvalidReason::Empty);
    }
    let mut changes = Vec::new();
    let mut rest = trimmed;
    if let Some(after) = strip_prefix_ignore_case(rest, "tel:") {
        changes.push(Change::RemovedTelPrefix);
        rest = after.trim_start_matches(|c: char| c.is_whitespace() || is_invisible(c));
    }
    if let Some(read) = scientific(rest) {
        let digits = read?;
        return Ok(Cell::numeric(digits, Change::FromScientificNotation));
    }
    if let Some(digits) = decimal_tail(rest) {
        return Ok(Cell::numeric(digits, Change::FromNumericCell));
    }
    scan(rest, changes)
}

/// ASCII-only case-insensitive prefix match (no allocation).
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Excel's scientific display saved as text: "5.5119876543210E+12", or "5,51199E+12" in a
/// Brazilian locale. `None` when the text does not have that shape. The digits are kept
/// only if the mantissa still holds all of them: zeros are never appended.
fn scientific(text: &str) -> Option<Result<Digits, InvalidReason>> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let (negative, exponent) = match exponent.as_bytes().first() {
        Some(b'+') => (false, &exponent[1..]),
        Some(b'-') => (true, &exponent[1..]),
        _ => (false, exponent),
    };
    if exponent.is_empty() || exponent.len() > 3 || !is_ascii_digits(exponent) {
        return None;
    }
    let (int_part, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    if int_part.is_empty() || !is_ascii_digits(int_part) || !is_ascii_digits(fraction) {
        return None;
    }
    if negative {
        // A tiny fraction is no phone number.
        return Some(Err(InvalidReason::NotAPhoneNumber));
    }
    let exponent: usize = exponent.parse().ok()?;
    let all: Vec<u8> = int_part.bytes().chain(fraction.bytes()).collect();
    let leading_zeros = all.iter().take_while(|&&d| d == b'0').count();
    // Where the decimal point lands once the exponent is applied.
    let point = int_part.len() + exponent;
    if point <= leading_zeros {
        return Some(Err(InvalidReason::NotAPhoneNumber));
    }
    if point > all.len() {
        return Some(Err(InvalidReason::DigitsLostInScientificNotation));
    }
    if all[point..].iter().any(|&d| d != b'0') {
        return Some(Err(InvalidReason::NotAPhoneNumber));
    }
    let significant = &all[leading_zeros..point];
    if significant.len() > MAX_DIGITS {
        return Some(Err(InvalidReason::TooLong));
    }
    Some(Ok(Digits::from_slice(significant)))
}

/// "11987654321.0" or "11987654321,00": a numeric cell exported as text. Needs 8+ digits
/// before the separator so that "98765.0000" stays an ordinary dotted phone number.
fn decimal_tail(text: &str) -> Option<Digits> {
    let (int_part, zeros) = text.split_once(['.', ','])?;
    let is_tail = int_part.len() >= 8
        && is_ascii_digits(int_part)
        && (1..=2).contains(&zeros.len())
        && zeros.bytes().all(|b| b == b'0');
    is_tail.then(|| Digits::from_slice(int_part.as_bytes()))
}

fn is_ascii_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// Digits groups of this size or more, split by a list separator, are separate numbers.
const MIN_NUMBER_DIGITS: usize = 8;

/// Keeps the digits of a written number and rejects anything that is not formatting.
fn scan(text: &str, mut changes: Vec<Change>) -> Result<Cell, InvalidReason> {
    let mut digits = Digits::new();
    let mut plus = false;
    let mut punctuation = false;
    let mut carrier_placeholder = false;
    // Digits since the last list separator, and groups long enough to be a number.
    let mut group = 0;
    let mut numbers = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if let Some(digit) = digit_value(c) {
            punctuation |= !c.is_ascii_digit();
            digits.push(digit);
            group += 1;
            continue;
        }
        match c {
            '+' | '\u{FF0B}' => {
                if plus || digits.seen > 0 {
                    return Err(InvalidReason::NotAPhoneNumber);
                }
                plus = true;
                punctuation |= c != '+';
            }
            // "0XX11 …": only right after the first "0", and only as a pair.
            'x' | 'X' => {
                let first_zero = digits.as_bytes() == b"0" && !carrier_placeholder && !plus;
                if !first_zero || !matches!(chars.next(), Some('x' | 'X')) {
                    return Err(InvalidReason::NotAPhoneNumber);
                }
                carrier_placeholder = true;
            }
            '/' | ';' | ',' | '|' | '\n' | '\r' => {
                punctuation = true;
                if group >= MIN_NUMBER_DIGITS {
                    numbers += 1;
                }
                group = 0;
            }
            c if is_formatting(c) => punctuation = true,
            _ => return Err(InvalidReason::NotAPhoneNumber),
        }
    }
    if group >= MIN_NUMBER_DIGITS {
        numbers += 1;
    }
    if numbers >= 2 {
        return Err(InvalidReason::SeveralNumbers);
    }
    if digits.seen == 0 {
        // "-", "( )", "n/a" dashes: a placeholder for "no number".
        return Err(InvalidReason::Empty);
    }
    if punctuation {
        changes.push(Change::StrippedPunctuation);
    }
    Ok(Cell {
        digits,
        plus,
        origin: Origin::Text,
        carrier_placeholder,
        changes,
    })
}

/// ASCII and full-width digits (typed with an East Asian input method, or pasted).
fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        // The full-width block is contiguous; the offset is below 10.
        '\u{FF10}'..='\u{FF19}' => Some(b'0' + (c as u32 - 0xFF10) as u8),
        _ => None,
    }
}

/// Characters people and word processors put between digits.
fn is_formatting(c: char) -> bool {
    c.is_whitespace()
        || is_invisible(c)
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '[' | ']' | '\'' | '\u{00B7}' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{FE63}'
                    | '\u{FF0D}'
                    | '\u{FF0E}'
                    | '\u{FF08}'
                    | '\u{FF09}'
        )
}

/// Zero-width and direction marks that copy-paste from web pages and chat apps leaves behind.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Every digit of `text`, ASCII or full-width, as ASCII, in order.
pub fn digits_only(text: &str) -> String {
    text.chars()
        .filter_map(digit_value)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(cell: &Cell) -> &str {
        std::str::from_utf8(cell.digits.as_bytes()).unwrap()
    }

    #[test]
    fn numbers_render_like_the_sheet_shows_them() {
        assert_eq!(render_number(11987654321.0), "11987654321");
        assert_eq!(render_number(5511987654321.0), "5511987654321");
        assert_eq!(render_number(1.5), "1.5");
    }

    #[test]
    fn numeric_cells_give_their_exact_digits() {
        let cell = read_number(5511987654321.0).unwrap();
        assert_eq!(digits(&cell), "5511987654321");
        assert_eq!(cell.origin, Origin::Numeric);
        assert_eq!(cell.changes, vec![Change::FromNumericCell]);
        assert_eq!(digits(&read_number(0.0).unwrap()), "0");
    }

    #[test]
    fn numeric_cells_that_are_no_integers_are_rejected() {
        for value in [1.5, -11987654321.0, f64::NAN, f64::INFINITY] {
            assert_eq!(
                read_number(value).unwrap_err(),
                InvalidReason::NotAPhoneNumber,
                "{value}"
            );
        }
        assert_eq!(read_number(1e15).unwrap_err(), InvalidReason::TooLong);
    }

    #[test]
    fn scientific_notation_keeps_only_complete_numbers() {
        let cell = read_text("5.5119876543210E+12").unwrap();
        assert_eq!(digits(&cell), "5511987654321");
        assert_eq!(cell.changes, vec![Change::FromScientificNotation]);
        assert_eq!(
            digits(&read_text("1,1987654321e10").unwrap()),
            "11987654321"
        );
        assert_eq!(
            read_text("5.5119876543E+12").unwrap_err(),
            InvalidReason::DigitsLostInScientificNotation
        );
        assert_eq!(
            read_text("5,51199E+12").unwrap_err(),
            InvalidReason::DigitsLostInScientificNotation
        );
        assert_eq!(
            read_text("5.51198765432105E+12").unwrap_err(),
            InvalidReason::NotAPhoneNumber
        );
        assert_eq!(
            read_text("1.5E-03").unwrap_err(),
            InvalidReason::NotAPhoneNumber
        );
    }

    #[test]
    fn decimal_tails_are_numeric_cells_in_disguise() {
        let cell = read_text("11987654321.0").unwrap();
        assert_eq!(digits(&cell), "11987654321");
        assert_eq!(cell.origin, Origin::Numeric);
        assert_eq!(cell.changes, vec![Change::FromNumericCell]);
        assert_eq!(digits(&read_text("11987654321,00").unwrap()), "11987654321");
        // A dotted short number is punctuation, not a decimal.
        let dotted = read_text("98765.0000").unwrap();
        assert_eq!(digits(&dotted), "987650000");
        assert_eq!(dotted.origin, Origin::Text);
    }

    #[test]
    fn punctuation_and_unicode_formatting_are_stripped() {
        for text in [
            "(11) 98765-4321",
            "11.98765.4321",
            "11\u{00A0}98765\u{2013}4321",
            "\u{200B}11 98765\u{2011}4321\u{FEFF}",
            "\u{FF11}\u{FF11}987654321",
            "[11] 98765 4321",
        ] {
            let cell = read_text(text).unwrap();
            assert_eq!(digits(&cell), "11987654321", "{text:?}");
            assert_eq!(cell.changes, vec![Change::StrippedPunctuation], "{text:?}");
        }
    }

    #[test]
    fn plus_and_tel_prefix_are_understood() {
        let cell = read_text("tel:+55-11-98765-4321").unwrap();
        assert!(cell.plus);
        assert_eq!(digits(&cell), "5511987654321");
        assert_eq!(
            cell.changes,
            vec![Change::RemovedTelPrefix, Change::StrippedPunctuation]
        );
        assert!(read_text("TEL: +5511987654321").unwrap().plus);
        assert_eq!(read_text("+5511987654321").unwrap().changes, vec![]);
    }

    #[test]
    fn letters_and_symbols_are_not_phone_numbers() {
        for text in [
            "11 9876A-4321",
            "ramal 22",
            "11 98765-4321 r. 5",
            "55+11987654321",
            "++5511987654321",
            "#11987654321",
            "0X11 98765-4321",
            "1XX 98765-4321",
        ] {
            assert_eq!(
                read_text(text).unwrap_err(),
                InvalidReason::NotAPhoneNumber,
                "{text:?}"
            );
        }
    }

    #[test]
    fn carrier_placeholder_is_read_after_the_first_zero() {
        for text in [
            "0XX11 98765-4321",
            "(0xx11) 98765-4321",
            "0 XX 11 98765 4321",
        ] {
            let cell = read_text(text).unwrap();
            assert!(cell.carrier_placeholder, "{text:?}");
            assert_eq!(digits(&cell), "011987654321", "{text:?}");
        }
    }

    #[test]
    fn several_numbers_in_one_cell_are_reported() {
        for text in [
            "11 98765-4321 / 11 91234-5678",
            "98765-4321; 3333-4444",
            "(11) 98765-4321\n(11) 3333-4444",
        ] {
            assert_eq!(
                read_text(text).unwrap_err(),
                InvalidReason::SeveralNumbers,
                "{text:?}"
            );
        }
        // A separator inside one number is only punctuation.
        assert_eq!(digits(&read_text("11/98765-4321").unwrap()), "11987654321");
    }

    #[test]
    fn blank_and_dash_only_cells_are_empty() {
        for text in ["", "   ", "\u{00A0}\t", "-", "( ) -"] {
            assert_eq!(
                read_text(text).unwrap_err(),
                InvalidReason::Empty,
                "{text:?}"
            );
        }
    }

    #[test]
    fn overlong_digit_runs_are_flagged_without_storing_them() {
        let cell = read_text(&"9".repeat(40)).unwrap();
        assert!(cell.digits.overflowed());
        assert_eq!(cell.digits.as_bytes().len(), MAX_DIGITS);
    }

    #[test]
    fn digits_only_keeps_every_digit() {
        assert_eq!(digits_only("+55 (11) 98765-4321"), "5511987654321");
        assert_eq!(digits_only("\u{FF11}\u{FF12}a3"), "123");
        assert_eq!(digits_only("abc"), "");
    }
}
