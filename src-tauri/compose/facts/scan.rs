//! The scanner: at each word start, tries the fact shapes in priority order (a link
//! before the code-like word inside it, a price before the bare number) and skips past
//! whatever matched. Hand-written rather than regexes: each shape needs a rule or two
//! (Brazilian number separators, a line ending in `-4321`) a regex would hide.

use crate::compose::template::field_key;

use super::dates::{date, time};
use super::money::{percent, price};
use super::FactKind;

/// A fact found at `start..end` (char indices).
pub(super) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: FactKind,
    pub key: String,
}

/// A shape tried at a char index: where it ends and its key.
pub(super) type Matcher = fn(&[char], usize) -> Option<(usize, FactKind, String)>;

const MATCHERS: [Matcher; 9] = [
    merge_field,
    email,
    link,
    price,
    percent,
    date,
    time,
    phone,
    code,
];

pub(super) fn scan(chars: &[char]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match MATCHERS.iter().find_map(|m| m(chars, i)) {
            Some((end, kind, key)) if end > i => {
                found.push(Found {
                    start: i,
                    end,
                    kind,
                    key,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    found
}

/// True when `i` starts a word: the char before is not a letter or digit.
pub(super) fn word_start(chars: &[char], i: usize) -> bool {
    i == 0 || !chars[i - 1].is_alphanumeric()
}

/// True when nothing word-like continues at `i`.
pub(super) fn word_end(chars: &[char], i: usize) -> bool {
    chars.get(i).is_none_or(|c| !c.is_alphanumeric())
}

/// The run of ASCII digits at `i` (possibly empty), as its end.
pub(super) fn digits_end(chars: &[char], i: usize) -> usize {
    let mut end = i;
    while chars.get(end).is_some_and(char::is_ascii_digit) {
        end += 1;
    }
    end
}

pub(super) fn text(chars: &[char], range: std::ops::Range<usize>) -> String {
    chars[range].iter().collect()
}

/// Case-insensitive ASCII prefix test.
pub(super) fn starts_with_ignore_case(chars: &[char], i: usize, prefix: &str) -> bool {
    let mut at = i;
    for p in prefix.chars() {
        match chars.get(at) {
            Some(c) if c.eq_ignore_ascii_case(&p) => at += 1,
            _ => return false,
        }
    }
    true
}

fn merge_field(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if chars.get(i..i + 2) != Some(&['{', '{']) {
        return None;
    }
    let close = (i + 2..chars.len().saturating_sub(1))
        .take_while(|&j| chars[j] != '\n' && chars[j] != '{')
        .find(|&j| chars[j] == '}' && chars[j + 1] == '}')?;
    let inner = text(chars, i + 2..close);
    let (name, fallback) = match inner.split_once('|') {
        Some((name, fallback)) => (name, Some(fallback.trim())),
        None => (inner.as_str(), None),
    };
    let key = field_key(name)?;
    let key = match fallback {
        Some(fallback) => format!("{{{{{key}|{fallback}}}}}"),
        None => format!("{{{{{key}}}}}"),
    };
    Some((close + 2, FactKind::MergeField, key))
}

fn email(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    let local = |c: &char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    if i > 0 && local(&chars[i - 1]) || !chars[i].is_alphanumeric() {
        return None;
    }
    let mut at = i;
    while chars.get(at).is_some_and(local) {
        at += 1;
    }
    if chars.get(at) != Some(&'@') {
        return None;
    }
    let end = domain_end(chars, at + 1)?;
    Some((end, FactKind::Email, text(chars, i..end).to_lowercase()))
}

/// The end of a domain name at `i` (`loja.com.br`): labels of letters, digits and `-`
/// joined by dots, ending in a label of two or more letters. A final dot is left out.
fn domain_end(chars: &[char], i: usize) -> Option<usize> {
    let label = |c: &char| c.is_alphanumeric() || *c == '-';
    let mut end = i;
    let mut last_dot = None;
    while let Some(c) = chars.get(end) {
        if label(c) {
            end += 1;
        } else if *c == '.' && chars.get(end + 1).is_some_and(label) && end > i {
            last_dot = Some(end);
            end += 1;
        } else {
            break;
        }
    }
    let tld = &chars[last_dot? + 1..end];
    (tld.len() >= 2 && tld.iter().all(|c| c.is_alphabetic())).then_some(end)
}

/// Top-level domains taken for a link written without `http` or `www.`; other dotted
/// words ("fim.Agora") are not links.
const BARE_TLDS: [&str; 25] = [
    "com", "br", "net", "org", "io", "app", "me", "ly", "gl", "gle", "shop", "store", "site",
    "online", "info", "biz", "co", "link", "page", "dev", "xyz", "tv", "pt", "us", "ai",
];

fn link(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) || (i > 0 && matches!(chars[i - 1], '@' | '.' | '/')) {
        return None;
    }
    let explicit = ["https://", "http://", "www."]
        .iter()
        .any(|p| starts_with_ignore_case(chars, i, p));
    if !explicit {
        let end = domain_end(chars, i)?;
        let host = text(chars, i..end);
        let tld = host.rsplit('.').next().unwrap_or_default();
        if !BARE_TLDS.contains(&tld) || !host.chars().any(char::is_alphabetic) {
            return None;
        }
        if chars.get(end) != Some(&'/') && !word_end(chars, end) {
            return None;
        }
    }
    let mut end = i;
    while chars
        .get(end)
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '\''))
    {
        end += 1;
    }
    // Sentence punctuation and formatting markers around a link are not part of it.
    while end > i
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '*' | '_' | '~'
        )
    {
        end -= 1;
    }
    let written = text(chars, i..end);
    Some((end, FactKind::Link, link_key(&written)?))
}

/// `HTTPS://www.Loja.com.br/Promo/` → `loja.com.br/Promo`.
fn link_key(written: &str) -> Option<String> {
    let mut rest = written;
    for prefix in ["https://", "http://", "www."] {
        if rest.len() >= prefix.len() && rest[..prefix.len()].eq_ignore_ascii_case(prefix) {
            rest = &rest[prefix.len()..];
        }
    }
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    if host.is_empty() {
        return None;
    }
    Some(format!(
        "{}{}",
        host.to_lowercase(),
        path.trim_end_matches('/')
    ))
}

fn phone(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) || (i > 0 && matches!(chars[i - 1], '+' | '/' | '.' | ',')) {
        return None;
    }
    let mut at = i;
    let mut formatted = chars[at] == '+';
    if formatted {
        at += 1;
    }
    let mut digits = String::new();
    let mut groups: Vec<usize> = Vec::new();
    let mut after_dash = false;
    loop {
        // The area code may sit in parentheses: first, or after the country code.
        let paren = chars.get(at) == Some(&'(') && groups.len() <= 1;
        if paren {
            at += 1;
            formatted = true;
        }
        let run = digits_end(chars, at);
        if run == at {
            return None;
        }
        digits.extend(&chars[at..run]);
        groups.push(run - at);
        at = run;
        if paren {
            if chars.get(at) != Some(&')') {
                return None;
            }
            at += 1;
            if chars.get(at).is_some_and(char::is_ascii_digit) {
                after_dash = false;
                continue;
            }
        }
        // A Brazilian number ends with its `-XXXX` group.
        if after_dash && groups.last() == Some(&4) && digits.len() >= 8 {
            break;
        }
        // Dots are left out on purpose: they make CPFs and CNPJs look like phones.
        let separator = match chars.get(at) {
            Some(c @ ('-' | ' ')) => *c,
            _ => break,
        };
        let next = at + 1;
        let next_run = digits_end(chars, next) - next;
        let paren_next = separator == ' ' && chars.get(next) == Some(&'(') && groups.len() == 1;
        // A space only before a group of two digits or more ("… 4321 2 itens" stops).
        let min_run = if separator == ' ' { 2 } else { 1 };
        if !paren_next && next_run < min_run {
            break;
        }
        after_dash = separator == '-';
        formatted = true;
        at = next;
    }
    let plain_ok = (10..=13).contains(&digits.len());
    // Five digits, dash, three: a CEP (postal code), not a phone.
    let formatted_ok = formatted && (8..=13).contains(&digits.len()) && groups != [5, 3];
    let followed = chars
        .get(at)
        .is_some_and(|c| c.is_alphanumeric() || *c == '/');
    if !(plain_ok || formatted_ok) || followed {
        return None;
    }
    Some((at, FactKind::Phone, national_digits(&digits)))
}

/// The number without country code or trunk zero: `5511987654321` and `011987654321`
/// both give `11987654321`; `0800…` stays.
fn national_digits(digits: &str) -> String {
    if digits.len() >= 12 && digits.starts_with("55") {
        return digits[2..].to_owned();
    }
    let service = ["0300", "0500", "0800", "0900"]
        .iter()
        .any(|p| digits.starts_with(p));
    match digits.strip_prefix('0') {
        Some(rest) if !service && rest.len() >= 10 => rest.to_owned(),
        _ => digits.to_owned(),
    }
}

fn code(chars: &[char], i: usize) -> Option<(usize, FactKind, String)> {
    if !word_start(chars, i) || (i > 0 && matches!(chars[i - 1], '@' | '/' | '.' | '-' | '_')) {
        return None;
    }
    let upper_or_digit = |c: &char| c.is_ascii_uppercase() || c.is_ascii_digit();
    let mut end = i;
    while let Some(c) = chars.get(end) {
        // A dash joins two parts of a code (`BLACK-FRIDAY24`), never ends one.
        let joins = *c == '-' && end > i && chars.get(end + 1).is_some_and(upper_or_digit);
        if !(upper_or_digit(c) || joins) {
            break;
        }
        end += 1;
    }
    let word = &chars[i..end];
    let letters = word.iter().filter(|c| c.is_ascii_uppercase()).count();
    let digits = word.iter().filter(|c| c.is_ascii_digit()).count();
    let shaped = (4..=24).contains(&word.len()) && letters >= 2 && digits >= 1;
    (shaped && word_end(chars, end)).then(|| (end, FactKind::Code, text(chars, i..end)))
}
