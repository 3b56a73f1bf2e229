//! The facts a message must carry unchanged (merge fields, prices, percentages, dates and
//! times, coupon codes, phone numbers, links), found by hand-written scanners so the
//! sandbox's writer can keep them, or break them on purpose.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FactKind {
    MergeField,
    Link,
    Price,
    Percent,
    Date,
    Time,
    Phone,
    Coupon,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    pub kind: FactKind,
    pub text: String,
}

/// Where a fact starting at a byte offset ends, if one does.
type Scanner = fn(&str, usize) -> Option<usize>;

/// Facts in order of appearance, without overlaps and without repeats. Scanners run in
/// this order, so a date is never read as part of a phone number.
pub(crate) fn find_facts(text: &str) -> Vec<Fact> {
    let mut spans: Vec<(usize, usize, FactKind)> = Vec::new();
    let scanners: [(FactKind, Scanner); 8] = [
        (FactKind::MergeField, merge_field),
        (FactKind::Link, link),
        (FactKind::Price, price),
        (FactKind::Percent, percent),
        (FactKind::Date, date),
        (FactKind::Time, time),
        (FactKind::Phone, phone),
        (FactKind::Coupon, coupon),
    ];
    for (kind, scan) in scanners {
        let mut at = 0;
        while at < text.len() {
            let taken = spans.iter().find(|(s, e, _)| (*s..*e).contains(&at));
            if let Some((_, end, _)) = taken {
                at = *end;
                continue;
            }
            match scan(text, at).filter(|end| *end > at) {
                Some(end) if !spans.iter().any(|(s, e, _)| at < *e && *s < end) => {
                    spans.push((at, end, kind));
                    at = end;
                }
                _ => at = next_char(text, at),
            }
        }
    }
    spans.sort_by_key(|(start, _, _)| *start);
    let mut facts: Vec<Fact> = Vec::new();
    for (start, end, kind) in spans {
        let fact = Fact {
            kind,
            text: text[start..end].to_owned(),
        };
        if !facts.contains(&fact) {
            facts.push(fact);
        }
    }
    facts
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// Starts a token: the text before is empty or not a letter/digit.
fn at_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn digits_end(text: &str, at: usize) -> usize {
    at + text[at..].bytes().take_while(u8::is_ascii_digit).count()
}

/// `{{nome}}`, `{{nome|cliente}}`: a name of letters, digits and `_` (so the prompts' own
/// `{{...}}` is not one), then maybe a fallback on the same line.
fn merge_field(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].strip_prefix("{{")?;
    let close = rest.find("}}")?;
    let (name, fallback) = rest[..close]
        .split_once('|')
        .unwrap_or((&rest[..close], ""));
    let name = name.trim();
    (!name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !fallback.contains(['{', '\n']))
    .then_some(at + 2 + close + 2)
}

fn link(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    if !["https://", "http://", "www."]
        .iter()
        .any(|p| rest.starts_with(p))
        || !at_boundary(text, at)
    {
        return None;
    }
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>'))
        .unwrap_or(rest.len());
    let trimmed = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    Some(at + trimmed.len())
}

/// `R$ 49,90`, `US$ 10.00`, `€5`: a currency sign and an amount.
fn price(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let sign = ["R$", "US$", "€", "£"]
        .iter()
        .find(|s| rest.starts_with(*s))?;
    let mut end = at + sign.len();
    end += text[end..].bytes().take_while(|b| *b == b' ').count();
    amount_end(text, end)
}

/// `49,90`, `1.299,00`: digits with inner `.` or `,` separators.
fn amount_end(text: &str, at: usize) -> Option<usize> {
    let mut end = digits_end(text, at);
    if end == at {
        return None;
    }
    while let Some(sep) = text[end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | ','))
    {
        let more = digits_end(text, end + sep.len_utf8());
        if more == end + 1 {
            break;
        }
        end = more;
    }
    Some(end)
}

/// `10%`, `15,5 %`.
fn percent(text: &str, at: usize) -> Option<usize> {
    if !at_boundary(text, at) {
        return None;
    }
    let end = amount_end(text, at)?;
    let spaces = text[end..].bytes().take_while(|b| *b == b' ').count();
    text[end + spaces..]
        .starts_with('%')
        .then_some(end + spaces + 1)
}

/// `15/12`, `15/12/2025`.
fn date(text: &str, at: usize) -> Option<usize> {
    if !at_boundary(text, at) {
        return None;
    }
    let day = digits_end(text, at);
    if !(1..=2).contains(&(day - at)) || !text[day..].starts_with('/') {
        return None;
    }
    let month = digits_end(text, day + 1);
    if !(1..=2).contains(&(month - day - 1)) {
        return None;
    }
    if text[month..].starts_with('/') {
        let year = digits_end(text, month + 1);
        if matches!(year - month - 1, 2 | 4) {
            return Some(year);
        }
    }
    Some(month)
}

/// `14:30`, `9h`, `18h30`.
fn time(text: &str, at: usize) -> Option<usize> {
    if !at_boundary(text, at) {
        return None;
    }
    let hours = digits_end(text, at);
    if !(1..=2).contains(&(hours - at)) {
        return None;
    }
    let rest = &text[hours..];
    if rest.starts_with(':') {
        let minutes = digits_end(text, hours + 1);
        return (minutes - hours - 1 == 2).then_some(minutes);
    }
    if !rest.starts_with('h') {
        return None;
    }
    let minutes = digits_end(text, hours + 1);
    let end = match minutes - hours - 1 {
        0 => hours + 1,
        2 => minutes,
        _ => return None,
    };
    // "9h" but not "9horas".
    let ends_word = text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    ends_word.then_some(end)
}

/// `(11) 98765-4321`, `+55 11 98765-4321`: 10 to 13 digits among spaces, dashes and
/// parentheses.
fn phone(text: &str, at: usize) -> Option<usize> {
    let first = text[at..].chars().next()?;
    if !(first == '+' || first == '(' || first.is_ascii_digit()) || !at_boundary(text, at) {
        return None;
    }
    let mut digits = 0;
    let mut last_digit_end = at;
    for (i, c) in text[at..].char_indices() {
        match c {
            '0'..='9' => {
                digits += 1;
                last_digit_end = at + i + 1;
            }
            ' ' | '-' | '(' | ')' | '+' | '.' => {}
            _ => break,
        }
    }
    (10..=13).contains(&digits).then_some(last_digit_end)
}

/// `BLACK10`: 4+ capitals and digits with at least one of each.
fn coupon(text: &str, at: usize) -> Option<usize> {
    if !at_boundary(text, at) {
        return None;
    }
    let len = text[at..]
        .bytes()
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        .count();
    let word = &text[at..at + len];
    let ends_word = text[at + len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (len >= 4
        && ends_word
        && word.bytes().any(|b| b.is_ascii_digit())
        && word.bytes().any(|b| b.is_ascii_uppercase()))
    .then_some(at + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(FactKind, String)> {
        find_facts(text)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    #[test]
    fn finds_every_kind_of_fact() {
        let message = "Oi {{nome}}! Camisa por R$ 49,90 (era R$ 1.299,00), 10% off até 15/12/2025 às 18:30 ou 9h. Cupom BLACK10. Ligue (11) 98765-4321 ou veja https://loja.com.br/c?x=1.";
        use FactKind::*;
        assert_eq!(
            texts(message),
            vec![
                (MergeField, "{{nome}}".to_owned()),
                (Price, "R$ 49,90".to_owned()),
                (Price, "R$ 1.299,00".to_owned()),
                (Percent, "10%".to_owned()),
                (Date, "15/12/2025".to_owned()),
                (Time, "18:30".to_owned()),
                (Time, "9h".to_owned()),
                (Coupon, "BLACK10".to_owned()),
                (Phone, "(11) 98765-4321".to_owned()),
                (Link, "https://loja.com.br/c?x=1".to_owned()),
            ]
        );
    }

    #[test]
    fn fields_keep_their_fallback() {
        assert_eq!(
            texts("Oi {{nome|cliente}}, de {{ cidade | sua cidade }}!"),
            vec![
                (FactKind::MergeField, "{{nome|cliente}}".to_owned()),
                (FactKind::MergeField, "{{ cidade | sua cidade }}".to_owned()),
            ]
        );
    }

    #[test]
    fn prompt_placeholders_and_plain_numbers_are_not_facts() {
        assert!(find_facts("campos {{...}} e ${count} e 3 versões, 2024").is_empty());
    }
}
