//! Reading N variations out of one answer.
//!
//! Why one answer and not `n` completions: the model sees all versions at once and can
//! make them truly different (separate samples of one prompt tend to be near-copies);
//! the prompt is billed once instead of N times; and many compatible servers (Ollama,
//! LM Studio) ignore `n`. The prompt asks for a JSON array; models do not always obey,
//! so numbered lists and `---` separators are read too.

use serde_json::Value;

/// Up to `expected` distinct, non-empty versions; fewer if the answer held fewer.
pub fn parse_variations(answer: &str, expected: usize) -> Vec<String> {
    let text = strip_fences(answer.trim());
    let found = json_versions(text)
        .or_else(|| labelled_blocks(text))
        .or_else(|| numbered_blocks(text, expected))
        .or_else(|| separated_blocks(text))
        .unwrap_or_else(|| vec![text.to_owned()]);
    let mut out: Vec<String> = Vec::new();
    for version in found {
        let version = version.trim().to_owned();
        if !version.is_empty() && !out.contains(&version) {
            out.push(version);
        }
    }
    out.truncate(expected);
    out
}

/// The inside of a ```json … ``` fence, if the whole answer is one.
fn strip_fences(text: &str) -> &str {
    let Some(inner) = text.strip_prefix("```") else {
        return text;
    };
    let inner = inner.strip_suffix("```").unwrap_or(inner);
    // Drop the language tag line (```json).
    match inner.split_once('\n') {
        Some((tag, rest)) if !tag.contains(' ') => rest.trim(),
        _ => inner.trim(),
    }
}

/// A JSON array of strings (or of objects with a text field), or an object holding one,
/// possibly with chatter around it.
fn json_versions(text: &str) -> Option<Vec<String>> {
    let candidates = [
        text.find('[').zip(text.rfind(']')),
        text.find('{').zip(text.rfind('}')),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter(|(start, end)| start < end)
        .find_map(|(start, end)| {
            let value: Value = serde_json::from_str(&text[start..=end]).ok()?;
            versions_in(&value)
        })
}

fn versions_in(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => {
            let texts: Vec<String> = items
                .iter()
                .filter_map(|item| match item {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(fields) => ["text", "message", "mensagem", "content"]
                        .iter()
                        .find_map(|k| fields.get(*k).and_then(Value::as_str))
                        .map(str::to_owned),
                    _ => None,
                })
                .collect();
            (!texts.is_empty()).then_some(texts)
        }
        Value::Object(fields) => fields.values().find_map(|v| match v {
            Value::Array(_) => versions_in(v),
            _ => None,
        }),
        _ => None,
    }
}

/// Blocks headed "Variação 2:", "**Versão 2**", "Option 2 -"…
fn labelled_blocks(text: &str) -> Option<Vec<String>> {
    const LABELS: [&str; 8] = [
        "variação",
        "variacao",
        "versão",
        "versao",
        "opção",
        "variation",
        "version",
        "option",
    ];
    split_at_headers(text, |line| {
        let plain = line
            .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ' '))
            .to_lowercase();
        let label = LABELS.iter().find(|l| plain.starts_with(*l))?;
        let rest = plain[label.len()..].trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let number: usize = digits.parse().ok()?;
        let after = rest[digits.len()..].trim_start_matches([':', '.', ')', '-', '–', '*', ' ']);
        Some((number, after.to_owned()))
    })
}

/// "1. …", "2) …" — only when the numbers run 1, 2, 3… exactly to `expected`, so a list
/// inside one message is not mistaken for separate messages.
fn numbered_blocks(text: &str, expected: usize) -> Option<Vec<String>> {
    let blocks = split_at_headers(text, |line| {
        let plain = line.trim_start_matches(['*', ' ']);
        let digits: String = plain.chars().take_while(char::is_ascii_digit).collect();
        let number: usize = digits.parse().ok()?;
        let rest = plain[digits.len()..].strip_prefix(['.', ')'])?;
        Some((number, rest.trim_start_matches(['*', ' ']).to_owned()))
    })?;
    (blocks.len() == expected).then_some(blocks)
}

/// Splits where `header` recognises a line numbered 1, 2, 3… in order; None unless at
/// least two such headers are found.
fn split_at_headers(
    text: &str,
    header: impl Fn(&str) -> Option<(usize, String)>,
) -> Option<Vec<String>> {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.lines() {
        match header(line) {
            Some((number, rest)) if number == blocks.len() + 1 => blocks.push(rest),
            // Text before the first header (an introduction) is dropped.
            _ => {
                if let Some(block) = blocks.last_mut() {
                    block.push('\n');
                    block.push_str(line);
                }
            }
        }
    }
    (blocks.len() >= 2).then_some(blocks)
}

/// Versions separated by `---` lines.
fn separated_blocks(text: &str) -> Option<Vec<String>> {
    let mut blocks = vec![String::new()];
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.len() >= 3 && trimmed.chars().all(|c| c == '-' || c == '=') {
            blocks.push(String::new());
        } else if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.retain(|b| !b.trim().is_empty());
    (blocks.len() >= 2).then_some(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_arrays_with_or_without_fences_and_chatter() {
        let plain = r#"["Oi {{nome}}!\nTudo bem?", "Olá {{nome}}", "E aí {{nome}}"]"#;
        assert_eq!(
            parse_variations(plain, 3),
            ["Oi {{nome}}!\nTudo bem?", "Olá {{nome}}", "E aí {{nome}}"]
        );
        let fenced = "```json\n[\"a\", \"b\"]\n```";
        assert_eq!(parse_variations(fenced, 2), ["a", "b"]);
        let chatty = "Aqui estão:\n[\"a\", \"b\", \"c\"]\nEspero que ajude!";
        assert_eq!(parse_variations(chatty, 2), ["a", "b"]);
        let object = r#"{"variations": [{"text": "a"}, {"text": "b"}]}"#;
        assert_eq!(parse_variations(object, 5), ["a", "b"]);
    }

    #[test]
    fn labelled_and_numbered_lists() {
        let labelled = "**Variação 1:**\nOi {{nome}}, R$ 49,90!\n\n**Variação 2:**\nOlá {{nome}}!\n1. item\n2. item";
        assert_eq!(
            parse_variations(labelled, 2),
            ["Oi {{nome}}, R$ 49,90!", "Olá {{nome}}!\n1. item\n2. item"]
        );
        let numbered = "1. Oi {{nome}}\n2. Olá {{nome}}\n3) E aí {{nome}}";
        assert_eq!(
            parse_variations(numbered, 3),
            ["Oi {{nome}}", "Olá {{nome}}", "E aí {{nome}}"]
        );
        // A list inside one message is not three messages.
        let one = "Confira:\n1. camisa\n2. bermuda\n3. boné";
        assert_eq!(parse_variations(one, 2), [one]);
    }

    #[test]
    fn separators_duplicates_and_empties() {
        let separated = "Primeira\n---\nSegunda\n---\nPrimeira\n---\n   ";
        assert_eq!(parse_variations(separated, 3), ["Primeira", "Segunda"]);
        assert_eq!(parse_variations("", 3), Vec::<String>::new());
        assert_eq!(parse_variations("só uma", 3), ["só uma"]);
    }
}
