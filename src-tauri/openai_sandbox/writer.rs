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

/// How many ways of writing a message the writer knows. Version `i` of an answer uses
/// style `i` (shifted by the request), and every part of a style (greeting, lead, each
/// fact's phrase, closing) is worded differently from every other style's, so versions
/// differ the way a real model's do: the same facts, other words, other structure. The
/// app's similarity gate (word bigrams and word edit distance, limit 0.7) scores two
/// styles around 0.3, well apart; a real paraphrase scores under 0.5.
const STYLES: usize = 10;

const GREET_FIELD: [&str; STYLES] = [
    "Olá, {}!",
    "Oi, {}, tudo bem?",
    "{}, temos novidade pra você!",
    "E aí, {}!",
    "Ei, {}, olha só:",
    "{}, passando rapidinho para contar:",
    "Bom te ver por aqui, {}!",
    "Que bom falar com você, {}!",
    "Tudo certo, {}?",
    "{}, separa um minutinho:",
];
const GREET: [&str; STYLES] = [
    "Olá!",
    "Oi, tudo bem?",
    "Temos novidade pra você!",
    "E aí!",
    "Ei, olha só:",
    "Passando rapidinho para contar:",
    "Bom te ver por aqui!",
    "Que bom falar com você!",
    "Tudo certo?",
    "Separa um minutinho:",
];
const LEAD: [&str; STYLES] = [
    "Preparamos uma condição especial para você",
    "Separamos uma oferta que é a sua cara",
    "Chegou a promoção que você estava esperando",
    "Nossa loja liberou um desconto exclusivo",
    "Tem oportunidade boa esperando no seu nome",
    "Montamos uma seleção imperdível",
    "Você ganhou acesso antecipado à nossa campanha",
    "Reservamos um benefício só para clientes especiais",
    "A vitrine mudou e ficou ainda melhor",
    "Quem acompanha a gente sai na frente",
];
const PRICE: [&str; STYLES] = [
    ": por apenas {}",
    ", tudo saindo a {}",
    ". O valor? Só {}",
    " com preço de {}",
    ", pagando somente {}",
    ". Leve por {}",
    " e o melhor: {}",
    ", valor especial de {}",
    ". Preço fechado: {}",
    ", custando {}",
];
const PERCENT: [&str; STYLES] = [
    ", com {} de desconto",
    ", ainda com {} off",
    " e mais {} de abatimento",
    ". São {} a menos",
    ", desconto de {}",
    ". Economize {}",
    ", {} mais barato",
    " com {} de redução",
    ". Tire {} do total",
    ", já com {} aplicado",
];
const WHEN: [&str; STYLES] = [
    ", válida até {}",
    ". Corre, que termina em {}",
    ", só até {}",
    ". Vale até {}",
    ". O prazo acaba em {}",
    ", aproveitando até {}",
    ". Fica no ar até {}",
    ", com data limite {}",
    ". Última chance: {}",
    ", enquanto durar, até {}",
];
const MORE_FIELDS: [&str; 3] = [
    " Pensamos em {} com carinho.",
    " Lembramos de {} também.",
    " E tem algo para {}.",
];
const COUPON: [&str; STYLES] = [
    " Use o cupom *{}*.",
    " No carrinho, digite {}.",
    " O código é *{}*.",
    " Aplique {} ao finalizar.",
    " Cupom: {}.",
    " Informe {} na compra.",
    " É só usar {}.",
    " Garanta com o cupom {}.",
    " Digite *{}* no pagamento.",
    " Vale com o código {}.",
];
const LINK: [&str; STYLES] = [
    "\n\nConfira: {}",
    "\n\nVeja tudo em {}",
    "\n\nÉ só acessar {}",
    "\n\nO link é este: {}",
    "\n\nDá uma olhada: {}",
    "\n\nCompre aqui: {}",
    "\n\nMais detalhes em {}",
    "\n\nAcesse {}",
    "\n\nClique: {}",
    "\n\nEntre em {}",
];
const PHONE: [&str; STYLES] = [
    "\nDúvidas? Chame no {}.",
    "\nFale com a gente: {}.",
    "\nNosso WhatsApp: {}.",
    "\nQualquer coisa, ligue {}.",
    "\nAtendimento pelo {}.",
    "\nPrecisa de ajuda? {}.",
    "\nEstamos no {}.",
    "\nTire suas dúvidas no {}.",
    "\nContato: {}.",
    "\nResponda aqui ou chame no {}.",
];
const CLOSING: [&str; STYLES] = [
    "*Aproveite!*",
    "_Esperamos por você!_",
    "Qualquer dúvida, é só responder esta mensagem. 😊",
    "Até breve!",
    "Conte com a gente.",
    "Um abraço da equipe!",
    "Não deixa passar, combinado?",
    "Estamos te esperando. 🛍️",
    "Boas compras!",
    "Obrigado pela preferência!",
];

/// The answer number `index` (choices of `n`, or versions of a variations request).
pub(crate) fn answer(request: &Value, mode: FactsMode, index: usize) -> String {
    let source = last_user_message(request);
    let facts = find_facts(subject(&source));
    // Which style comes first depends on the request, so asking again for a different
    // number of versions (the app's retry) brings other wordings, as a model would.
    let first = fnv1a(&source) as usize % STYLES;
    match requested_versions(&source) {
        Some(count) => {
            let versions: Vec<String> = (0..count)
                .map(|i| message(&facts, mode, first + index * count + i))
                .collect();
            Value::from(versions).to_string()
        }
        None => message(&facts, mode, first + index),
    }
}

/// Stable across runs and Rust releases, unlike `std`'s hasher.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
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

/// The text the answer is about: the template or message between the prompts' tags,
/// else the whole message (a draft's brief). Never the contact's block of a
/// personalisation prompt: their phone or e-mail is no fact of the offer, and a writer
/// that copied it into the message would be inventing a fact.
fn subject(message: &str) -> &str {
    ["modelo", "template", "mensagem", "message"]
        .iter()
        .find_map(|tag| {
            let open = format!("<{tag}>");
            let start = message.find(&open)? + open.len();
            let end = start + message[start..].find(&format!("</{tag}>"))?;
            Some(message[start..end].trim())
        })
        .unwrap_or(message)
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

/// One message in style `style` (taken modulo [`STYLES`]).
fn message(facts: &[Fact], mode: FactsMode, style: usize) -> String {
    let style = style % STYLES;
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
    let put = |pattern: &str, value: &str| pattern.replacen("{}", value, 1);
    let fields = of(FactKind::MergeField);
    let mut out = match fields.first() {
        Some(field) => put(GREET_FIELD[style], field),
        None => GREET[style].to_owned(),
    };
    out.push(' ');
    out.push_str(LEAD[style]);
    let prices = of(FactKind::Price);
    if !prices.is_empty() {
        out.push_str(&put(PRICE[style], &prices.join(" ou ")));
    }
    for percent in of(FactKind::Percent) {
        out.push_str(&put(PERCENT[style], percent));
    }
    let when: Vec<&str> = of(FactKind::Date)
        .into_iter()
        .chain(of(FactKind::Time))
        .collect();
    if !when.is_empty() {
        out.push_str(&put(WHEN[style], &when.join(" às ")));
    }
    out.push('.');
    for (i, field) in fields.iter().enumerate().skip(1) {
        out.push_str(&put(MORE_FIELDS[(style + i) % MORE_FIELDS.len()], field));
    }
    for coupon in of(FactKind::Coupon) {
        out.push_str(&put(COUPON[style], coupon));
    }
    for link in of(FactKind::Link) {
        out.push_str(&put(LINK[style], link));
    }
    for phone in of(FactKind::Phone) {
        out.push_str(&put(PHONE[style], phone));
    }
    out.push_str("\n\n");
    out.push_str(CLOSING[style]);
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

    #[test]
    fn personalisation_keeps_the_templates_facts_and_not_the_contacts() {
        let ask = "Adapte o modelo abaixo.\n\n<modelo>\nOi {{nome}}! Camisa por R$ 49,90.\n</modelo>\n\n<contato>\nnome: Ana\ntelefone: (11) 98765-4321\nemail: ana@x.com.br\n</contato>";
        let text = answer(&request(ask), FactsMode::Keep, 0);
        assert!(
            text.contains("{{nome}}") && text.contains("R$ 49,90"),
            "{text}"
        );
        assert!(!text.contains("98765") && !text.contains("ana@"), "{text}");
    }

    /// What the app's gate would do with them: every version of a request, up to the
    /// most the app asks for, passes (far from the source and from each other), and
    /// asking again for another count brings wordings not seen in the first answer.
    #[test]
    fn variations_differ_like_a_models_do() {
        use crate::compose::similarity::{reject_near_duplicates, similarity, DEFAULT_THRESHOLD};
        for source in [BRIEF, "Oi {{nome}}! Promoção de camisas hoje.", "Bom dia!"] {
            let ask = |n: usize| {
                let text = answer(
                    &request(&format!("exatamente {n} versões, array JSON\n{source}")),
                    FactsMode::Keep,
                    0,
                );
                serde_json::from_str::<Vec<String>>(&text).unwrap()
            };
            let versions = ask(STYLES);
            let verdicts = reject_near_duplicates(source, &versions, DEFAULT_THRESHOLD);
            assert!(
                verdicts.iter().all(|v| v.kept && v.similarity < 0.5),
                "{verdicts:?}"
            );
            let again = ask(3);
            assert_ne!(again[0], ask(4)[0]);
            assert!(similarity(&again[0], &again[1]) < 0.5);
        }
    }
}
