//! Dates and times as Brazilians write them, read to one key: `25/12`, `25 de dezembro`
//! and `25 dez` are all `25/12`; `14h`, `14:00` and `14hs` are all `14:00`.

use crate::import::slug;

use super::scan::{digits_end, word_end, word_start};
use super::FactKind;

const MONTHS: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "marco",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

pub(super) fn date(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) || (i > 0 && matches!(chars[i - 1], '/' | '-' | '.')) {
        return None;
    }
    iso_date(chars, i)
        .or_else(|| numeric_date(chars, i))
        .or_else(|| written_date(chars, i))
        .map(|(end, key)| (end, FactKind::Date, key))
}

/// `2026-12-25`.
fn iso_date(chars: &[char], i: usize) -> Option<(usize, String)> {
    let year = digits(chars, i, 4..=4)?;
    let month = separated(chars, year.end, '-', 2..=2)?;
    let day = separated(chars, month.end, '-', 2..=2)?;
    let end = day.end;
    (not_more_digits(chars, end)).then_some(())?;
    Some((end, key(day.value, month.value, Some(year.value))?))
}

/// `25/12`, `25/12/26`, `25/12/2026`, `25.12.2026`, `25-12-2026` (the last two only with
/// a year: `15-20` is a range, `99.90` a price).
fn numeric_date(chars: &[char], i: usize) -> Option<(usize, String)> {
    let day = digits(chars, i, 1..=2)?;
    let separator = *chars.get(day.end)?;
    if !matches!(separator, '/' | '.' | '-') {
        return None;
    }
    let month = separated(chars, day.end, separator, 1..=2)?;
    let year = separated(chars, month.end, separator, 4..=4)
        .or_else(|| separated(chars, month.end, separator, 2..=2));
    if year.is_none() && separator != '/' {
        return None;
    }
    let end = year.as_ref().map_or(month.end, |y| y.end);
    if !not_more_digits(chars, end) || chars.get(end) == Some(&separator) {
        return None;
    }
    let year = year.map(|y| {
        if y.value < 100 {
            2000 + y.value
        } else {
            y.value
        }
    });
    Some((end, key(day.value, month.value, year)?))
}

/// `25 de dezembro`, `25 de dezembro de 2026`, `1º de maio`, `25 dez`, `25 dez. 2026`.
fn written_date(chars: &[char], i: usize) -> Option<(usize, String)> {
    let day = digits(chars, i, 1..=2)?;
    let mut at = day.end;
    if matches!(chars.get(at), Some('º' | '°')) {
        at += 1;
    }
    at = skip_word(chars, at, " de ").unwrap_or(at);
    if chars.get(at) == Some(&' ') {
        at += 1;
    }
    let word_end_at = (at..=chars.len())
        .find(|&k| chars.get(k).is_none_or(|c| !c.is_alphabetic()))
        .unwrap_or(at);
    let word = slug(&chars[at..word_end_at].iter().collect::<String>())?;
    let month = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(&word)))?;
    let mut end = word_end_at;
    if word.len() == 3 && chars.get(end) == Some(&'.') {
        end += 1;
    }
    let mut year = None;
    let year_at = skip_word(chars, end, " de ").or_else(|| skip_word(chars, end, " "));
    if let Some(year_at) = year_at {
        if let Some(y) = digits(chars, year_at, 4..=4).filter(|y| not_more_digits(chars, y.end)) {
            year = Some(y.value);
            end = y.end;
        }
    }
    Some((end, key(day.value, month as u32 + 1, year)?))
}

pub(super) fn time(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) {
        return None;
    }
    let hour = digits(chars, i, 1..=2)?;
    // "14h", "14h30", "14hs", "14hrs"; "14:30", "14:30h", "14:30hs".
    let (mut end, minute, suffixes): (usize, Option<u32>, &[&str]) = match chars.get(hour.end) {
        Some('h' | 'H') => {
            let minute = digits(chars, hour.end + 1, 2..=2);
            let end = minute.as_ref().map_or(hour.end + 1, |m| m.end);
            (end, minute.map(|m| m.value), &["rs", "s"])
        }
        Some(':') => {
            let minute = digits(chars, hour.end + 1, 2..=2)?;
            (minute.end, Some(minute.value), &["hrs", "hs", "h"])
        }
        _ => return None,
    };
    if let Some(after) = suffixes.iter().find_map(|s| skip_word(chars, end, s)) {
        end = after;
    }
    let minute = minute.unwrap_or(0);
    let valid = hour.value <= 24 && minute <= 59 && word_end(chars, end);
    valid.then(|| {
        (
            end,
            FactKind::Time,
            format!("{:02}:{minute:02}", hour.value),
        )
    })
}

struct Number {
    value: u32,
    end: usize,
}

/// A run of ASCII digits at `i` whose length is in `len`, not followed by another digit.
fn digits(chars: &[char], i: usize, len: std::ops::RangeInclusive<usize>) -> Option<Number> {
    let end = digits_end(chars, i);
    if !len.contains(&(end - i)) {
        return None;
    }
    let value = chars[i..end].iter().collect::<String>().parse().ok()?;
    Some(Number { value, end })
}

/// `separator` at `at`, then digits.
fn separated(
    chars: &[char],
    at: usize,
    separator: char,
    len: std::ops::RangeInclusive<usize>,
) -> Option<Number> {
    (chars.get(at) == Some(&separator)).then_some(())?;
    digits(chars, at + 1, len)
}

/// Where `word` ends when it is written at `at` (case-insensitive).
fn skip_word(chars: &[char], at: usize, word: &str) -> Option<usize> {
    super::scan::starts_with_ignore_case(chars, at, word).then(|| at + word.chars().count())
}

fn not_more_digits(chars: &[char], at: usize) -> bool {
    !chars.get(at).is_some_and(|c| c.is_alphanumeric())
}

/// `dd/mm` or `dd/mm/yyyy`, when the day and month exist.
fn key(day: u32, month: u32, year: Option<u32>) -> Option<String> {
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    Some(match year {
        Some(year) => format!("{day:02}/{month:02}/{year}"),
        None => format!("{day:02}/{month:02}"),
    })
}
