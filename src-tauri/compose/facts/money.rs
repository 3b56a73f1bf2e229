//! Prices and percentages, with Brazilian and American number spellings read to one
//! value: `R$ 1.234,56`, `R$1234,56` and `1,234.56` are all 1234.56.

use super::scan::{digits_end, starts_with_ignore_case, word_end, word_start};
use super::FactKind;

/// Currency signs, longest first so `US$` is not read as `$`.
const CURRENCIES: [(&str, &str); 6] = [
    ("R$", "BRL"),
    ("US$", "USD"),
    ("U$", "USD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
];

pub(super) fn price(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) {
        return None;
    }
    if let Some((sign, currency)) = CURRENCIES
        .iter()
        .find(|(sign, _)| starts_with_ignore_case(chars, i, sign))
    {
        let mut at = i + sign.chars().count();
        // "R$ 99" and "R$ 99" (no-break space) alike; at most two spaces.
        for _ in 0..2 {
            if chars
                .get(at)
                .is_some_and(|c| c.is_whitespace() && *c != '\n')
            {
                at += 1;
            }
        }
        let (end, amount) = number(chars, at)?;
        return Some((
            end,
            FactKind::Price,
            format!("{currency} {}", amount.money()),
        ));
    }
    // "50 reais".
    let (end, amount) = number(chars, i)?;
    let rest = chars.get(end..)?;
    let word = [" reais", " real"]
        .iter()
        .find(|w| starts_with_ignore_case(rest, 0, w))?;
    let end = end + word.len();
    word_end(chars, end).then(|| (end, FactKind::Price, format!("BRL {}", amount.money())))
}

pub(super) fn percent(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) {
        return None;
    }
    let (mut end, amount) = number(chars, i)?;
    if chars.get(end) == Some(&' ') {
        end += 1;
    }
    (chars.get(end) == Some(&'%')).then(|| (end + 1, FactKind::Percent, amount.percent()))
}

/// A number's integer digits and decimal digits.
struct Amount {
    whole: String,
    fraction: String,
}

impl Amount {
    /// Two decimals always: `99` and `99,00` are the same price.
    fn money(&self) -> String {
        let mut fraction = self.fraction.clone();
        while fraction.len() < 2 {
            fraction.push('0');
        }
        format!("{}.{fraction}", self.whole)
    }

    /// No trailing zeros: `10%` and `10,0%` are the same.
    fn percent(&self) -> String {
        let fraction = self.fraction.trim_end_matches('0');
        if fraction.is_empty() {
            format!("{}%", self.whole)
        } else {
            format!("{}.{fraction}%", self.whole)
        }
    }
}

/// The number at `i`: digits with `.` and `,` between them. The last separator is the
/// decimal one when both kinds appear, or when it appears once and is not followed by
/// exactly three digits; otherwise separators group thousands.
fn number(chars: &[char], i: usize) -> Option<(usize, Amount)> {
    let mut end = digits_end(chars, i);
    if end == i {
        return None;
    }
    while matches!(chars.get(end), Some('.' | ',')) && digits_end(chars, end + 1) > end + 1 {
        end = digits_end(chars, end + 1);
    }
    if chars.get(end).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let written = &chars[i..end];
    let separators: Vec<usize> = (0..written.len())
        .filter(|&k| matches!(written[k], '.' | ','))
        .collect();
    let decimal = separators.last().copied().filter(|&last| {
        let kind = written[last];
        let mixed = separators.iter().any(|&k| written[k] != kind);
        let once = separators.iter().filter(|&&k| written[k] == kind).count() == 1;
        mixed || (once && written.len() - last - 1 != 3)
    });
    let digits_of =
        |range: &[char]| -> String { range.iter().filter(|c| c.is_ascii_digit()).collect() };
    let (whole, fraction) = match decimal {
        Some(at) => (digits_of(&written[..at]), digits_of(&written[at + 1..])),
        None => (digits_of(written), String::new()),
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    Some((
        end,
        Amount {
            whole: whole.to_owned(),
            fraction,
        },
    ))
}
