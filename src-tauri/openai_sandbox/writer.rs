//! The sandbox's stand-in for a model: plausible Brazilian Portuguese built around the
//! facts of the request's last user message. Deterministic: the same request gets the
//! same answer. With `FactsMode::Break` every fact comes back altered, so tests of the
//! app's facts lock can see both outcomes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::facts::{find_facts, Fact, FactKind};

/// Whether generated answers keep the prompt's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FactsMode {
    #[default]
    Keep,
    /// Prices, dates, links, phones, coupons change; merge fields are dropped.
    Break,
}

const OPENINGS: [&str; 3] = ["Olá", "Oi", "Tudo bem"];
const CLOSINGS: [&str; 3] = [
    "*Aproveite!*",
    "_Esperamos por você!_",
    "Qualquer dúvida, é só responder esta mensagem. 😊",
];

/// The answer number `index` (choices of `n`, or versions of a variations request).
pub(crate) fn answer(request: &Value, mode: FactsMode, index: usize) -> String {
    let source = last_user_message(request);
    let facts = find_facts(&source);
    match requested_versions(&source) {
        Some(count) => {
            let versions: Vec<String> = (0..count)
                .map(|i| message(&facts, mode, index * count + i))
                .collect();
            Value::from(versions).to_string()
        }
        None => message(&facts, mode, index),
    }
}

fn last_user_message(request: &Value) -> String {
    let Some(messages) = request.get("messages").and_then(Value::as_array) else {
        return String::new();
    };
    messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(|m| match m.get("content") {
            Some(Value::String(text)) => text.clone(),
            // Content parts: `[{"type":"text","text":…}]`.
            Some(Value::Array(parts)) => parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        })
        .unwrap_or_default()
}

/// A variations request asks for "exatamente N" / "exactly N" versions as JSON.
fn requested_versions(source: &str) -> Option<usize> {
    if !source.contains("JSON") {
        return None;
    }
    ["exatamente ", "exactly "].iter().find_map(|marker| {
        let at = source.find(marker)? + marker.len();
        let digits: String = source[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok().filter(|n| (1..=20).contains(n))
    })
}

fn message(facts: &[Fact], mode: FactsMode, index: usize) -> String {
    let facts: Vec<Fact> = match mode {
        FactsMode::Keep => facts.to_vec(),
        FactsMode::Break => facts.iter().map(broken).collect(),
    };
    let of = |kind: FactKind| -> Vec<&str> {
        facts
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.text.as_str())
            .collect()
    };
    let fields = of(FactKind::MergeField);
    let mut out = String::from(OPENINGS[index % OPENINGS.len()]);
    match fields.first() {
        Some(field) => out.push_str(&format!(", {field}!")),
        None => out.push('!'),
    }
    out.push_str(" Preparamos uma condição especial para você");
    let prices = of(FactKind::Price);
    if !prices.is_empty() {
        out.push_str(&format!(": por apenas {}", prices.join(" ou ")));
    }
    for percent in of(FactKind::Percent) {
        out.push_str(&format!(", com {percent} de desconto"));
    }
    let when: Vec<&str> = of(FactKind::Date)
        .into_iter()
        .chain(of(FactKind::Time))
        .collect();
    if !when.is_empty() {
        out.push_str(&format!(", válida até {}", when.join(" às ")));
    }
    out.push('.');
    for field in fields.iter().skip(1) {
        out.push_str(&format!(" Pensamos em {field} com carinho."));
    }
    for coupon in of(FactKind::Coupon) {
        out.push_str(&format!(" Use o cupom *{coupon}*."));
    }
    for link in of(FactKind::Link) {
        out.push_str(&format!("\n\nConfira: {link}"));
    }
    for phone in of(FactKind::Phone) {
        out.push_str(&format!("\nDúvidas? Chame no {phone}."));
    }
    out.push_str("\n\n");
    out.push_str(CLOSINGS[index % CLOSINGS.len()]);
    out
}

/// The same fact, wrong: what a careless model does.
fn broken(fact: &Fact) -> Fact {
    let text = match fact.kind {
        // Written out instead of kept as a field.
        FactKind::MergeField => "cliente".to_owned(),
        FactKind::Link => "https://exemplo.com.br/oferta".to_owned(),
        FactKind::Price
        | FactKind::Percent
        | FactKind::Date
        | FactKind::Time
        | FactKind::Phone
        | FactKind::Coupon => bump_first_digit(&fact.text),
    };
    Fact {
        kind: fact.kind,
        text,
    }
}

/// `R$ 49,90` → `R$ 59,90`; text without digits gets a suffix.
fn bump_first_digit(text: &str) -> String {
    let mut done = false;
    let out: String = text
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if !done => {
                done = true;
                char::from_digit((d + 1) % 10, 10).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    if done {
        out
    } else {
        format!("{text}X")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(user: &str) -> Value {
        json!({"model": "m", "messages": [
            {"role": "system", "content": "Mantenha {{nome}} e campos {{...}}."},
            {"role": "user", "content": user},
        ]})
    }

    const BRIEF: &str =
        "Objetivo: Oi {{nome}}, camisa por R$ 49,90 até 15/12. Cupom VERAO10. https://loja.com/c";

    #[test]
    fn keeps_every_fact_of_the_user_message() {
        let text = answer(&request(BRIEF), FactsMode::Keep, 0);
        for fact in [
            "{{nome}}",
            "R$ 49,90",
            "15/12",
            "VERAO10",
            "https://loja.com/c",
        ] {
            assert!(text.contains(fact), "{fact} missing from {text}");
        }
        assert!(!text.contains("{{...}}"), "system text is not a source");
        assert_eq!(text, answer(&request(BRIEF), FactsMode::Keep, 0));
        assert_ne!(text, answer(&request(BRIEF), FactsMode::Keep, 1));
    }

    #[test]
    fn break_mode_alters_every_fact() {
        let text = answer(&request(BRIEF), FactsMode::Break, 0);
        for fact in [
            "{{nome}}",
            "R$ 49,90",
            "15/12",
            "VERAO10",
            "https://loja.com/c",
        ] {
            assert!(!text.contains(fact), "{fact} kept in {text}");
        }
        assert!(text.contains("R$ 59,90") && text.contains("25/12"));
    }

    #[test]
    fn variations_requests_get_a_json_array() {
        let ask = format!(
            "Escreva exatamente 3 versões... array JSON ...\n<mensagem>\n{BRIEF}\n</mensagem>"
        );
        let text = answer(&request(&ask), FactsMode::Keep, 0);
        let versions: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(versions.len(), 3);
        assert!(versions.iter().all(|v| v.contains("{{nome}}")));
    }
}
