//! Reads a reply for an opt-out or opt-in. Only a whole message that *is* a stop word (or a
//! clear "não quero mais receber" sentence) opts out automatically; a stop word inside a
//! longer sentence goes to a person ("não vou sair de casa" is not a request to leave).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a reply asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReplyIntent {
    None,
    OptOut,
    OptIn,
    /// A stop word inside a longer text: never automatic.
    Review,
}

impl ReplyIntent {
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyIntent::None => "none",
            ReplyIntent::OptOut => "opt_out",
            ReplyIntent::OptIn => "opt_in",
            ReplyIntent::Review => "review",
        }
    }
}

/// The default stop words (the user can edit the list): a reply that is exactly one of
/// them, once normalised, opts out.
pub const DEFAULT_STOP_WORDS: &[&str] = &[
    "sair",
    "parar",
    "pare",
    "stop",
    "cancelar",
    "descadastrar",
    "remover",
];
/// A reply that is exactly one of these opts back in.
pub const OPT_IN_WORDS: &[&str] = &["voltar"];

/// Sentences that are an unmistakable request to stop, wherever they appear.
const STOP_PHRASES: &[&str] = &[
    "nao quero mais receber",
    "nao quero receber mais",
    "nao quero mais mensagens",
    "nao quero receber mensagens",
    "nao me mande mais",
    "nao me mandem mais",
    "nao me envie mais",
    "nao me envie mensagens",
    "nao me enviem mais",
    "pare de me enviar",
    "parem de me enviar",
    "pare de me mandar",
    "parem de me mandar",
    "me tire da lista",
    "me tirem da lista",
    "me remova da lista",
    "me removam da lista",
    "remover meu numero",
    "remova meu numero",
    "removam meu numero",
    "descadastrar meu numero",
    "unsubscribe",
];

/// Politeness around a stop word does not make it ambiguous: "Sair, por favor!" is "sair".
const FILLERS: &[&str] = &[
    "por favor",
    "porfavor",
    "pfv",
    "pf",
    "pfvr",
    "obrigado",
    "obrigada",
    "obg",
    "grato",
    "grata",
    "ok",
    "please",
    "thanks",
];

/// Lower case, no accents, no punctuation or emoji, single spaces.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Letters and digits of any script keep their ASCII form ("ã" → "a"); anything
        // else (punctuation, emoji, symbols) separates words.
        let ascii = if c.is_alphanumeric() {
            deunicode::deunicode_char(c).unwrap_or("")
        } else {
            ""
        };
        let mut pushed = false;
        for a in ascii.chars().filter(char::is_ascii_alphanumeric) {
            out.push(a.to_ascii_lowercase());
            pushed = true;
        }
        if !pushed && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

fn without_fillers(normalised: &str) -> String {
    let mut text = format!(" {normalised} ");
    for filler in FILLERS {
        let needle = format!(" {filler} ");
        while text.contains(&needle) {
            text = text.replace(&needle, " ");
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `text` asks for, given the stop words in use (normalised like the text).
pub fn classify(text: &str, stop_words: &[String]) -> ReplyIntent {
    let normalised = normalise(text);
    if normalised.is_empty() {
        return ReplyIntent::None;
    }
    let core = without_fillers(&normalised);
    let is_stop = |w: &str| stop_words.iter().any(|s| normalise(s) == w);
    if !core.is_empty() && (is_stop(&core) || core.split(' ').all(is_stop)) {
        return ReplyIntent::OptOut;
    }
    if OPT_IN_WORDS.contains(&core.as_str()) {
        return ReplyIntent::OptIn;
    }
    let padded = format!(" {normalised} ");
    if STOP_PHRASES
        .iter()
        .any(|p| padded.contains(&format!(" {p} ")))
    {
        return ReplyIntent::OptOut;
    }
    if normalised.split(' ').any(is_stop) {
        return ReplyIntent::Review;
    }
    ReplyIntent::None
}

/// The default list, as the settings keep it.
pub fn default_stop_words() -> Vec<String> {
    DEFAULT_STOP_WORDS.iter().map(|w| (*w).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_looking_replies_get_the_right_intent() {
        use ReplyIntent::*;
        let words = default_stop_words();
        let table: &[(&str, ReplyIntent)] = &[
            // Whole-message stop words, however they are typed.
            ("SAIR", OptOut),
            ("sair", OptOut),
            ("Sair.", OptOut),
            ("  Sair!!! ", OptOut),
            ("SAIR 🙏", OptOut),
            ("Parar", OptOut),
            ("PARE", OptOut),
            ("stop", OptOut),
            ("Stop.", OptOut),
            ("Cancelar", OptOut),
            ("DESCADASTRAR", OptOut),
            ("Remover", OptOut),
            ("Sair, por favor", OptOut),
            ("sair pfv", OptOut),
            ("Parar obrigado", OptOut),
            ("sair sair", OptOut),
            // Clear sentences.
            ("Não quero mais receber essas mensagens", OptOut),
            ("nao quero mais receber", OptOut),
            ("Por favor, me tire da lista", OptOut),
            ("Parem de me enviar isso!!", OptOut),
            ("NÃO ME MANDE MAIS NADA", OptOut),
            ("Remova meu número, obrigada", OptOut),
            // Back in.
            ("VOLTAR", OptIn),
            ("voltar por favor", OptIn),
            // A stop word inside a sentence: a person decides.
            ("não vou sair de casa hoje", Review),
            ("Posso cancelar o pedido?", Review),
            ("Como faço para remover o item do carrinho?", Review),
            ("pode parar de mandar?", Review),
            ("stop motion é demais", Review),
            // Nothing to do with consent.
            ("Quanto custa?", None),
            ("Obrigada! Vou passar aí amanhã", None),
            ("👍", None),
            ("", None),
            ("saira", None),
            ("Saiu o pedido?", None),
            ("Voltarei amanhã", None),
        ];
        for (text, expected) in table {
            assert_eq!(classify(text, &words), *expected, "{text:?}");
        }
    }

    #[test]
    fn the_user_s_own_words_replace_the_defaults() {
        let words = vec!["Chega".to_owned(), "não quero".to_owned()];
        assert_eq!(classify("CHEGA!", &words), ReplyIntent::OptOut);
        assert_eq!(classify("Não quero", &words), ReplyIntent::OptOut);
        assert_eq!(classify("sair", &words), ReplyIntent::None);
        assert_eq!(classify("chega de calor", &words), ReplyIntent::Review);
    }

    #[test]
    fn normalising_drops_case_accents_punctuation_and_emoji() {
        assert_eq!(normalise("  NÃO, quero!! 😀 Açaí "), "nao quero acai");
    }
}
