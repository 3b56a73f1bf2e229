//! The prompt files under `prompts/<language>/`, compiled in, and their `${name}` slots.
//!
//! `${…}` was chosen for slots because it can never clash with the `{{campo}}` merge fields
//! that messages carry; values are inserted in one pass, so a value that itself contains
//! `${…}` is never expanded again.

use crate::settings::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prompt {
    System,
    Draft,
    RewriteImprove,
    RewriteShorten,
    RewriteFormal,
    RewriteCasual,
    RewriteGrammar,
    Variations,
    Personalise,
    Terms,
}

impl Prompt {
    #[cfg(test)]
    pub const ALL: [Prompt; 10] = [
        Prompt::System,
        Prompt::Draft,
        Prompt::RewriteImprove,
        Prompt::RewriteShorten,
        Prompt::RewriteFormal,
        Prompt::RewriteCasual,
        Prompt::RewriteGrammar,
        Prompt::Variations,
        Prompt::Personalise,
        Prompt::Terms,
    ];
}

/// One function per language, each a table of `include_str!`s.
macro_rules! prompt_files {
    ($name:ident, $lang:literal) => {
        fn $name(prompt: Prompt) -> &'static str {
            match prompt {
                Prompt::System => include_str!(concat!("prompts/", $lang, "/system.md")),
                Prompt::Draft => include_str!(concat!("prompts/", $lang, "/draft.md")),
                Prompt::RewriteImprove => {
                    include_str!(concat!("prompts/", $lang, "/rewrite-improve.md"))
                }
                Prompt::RewriteShorten => {
                    include_str!(concat!("prompts/", $lang, "/rewrite-shorten.md"))
                }
                Prompt::RewriteFormal => {
                    include_str!(concat!("prompts/", $lang, "/rewrite-formal.md"))
                }
                Prompt::RewriteCasual => {
                    include_str!(concat!("prompts/", $lang, "/rewrite-casual.md"))
                }
                Prompt::RewriteGrammar => {
                    include_str!(concat!("prompts/", $lang, "/rewrite-grammar.md"))
                }
                Prompt::Variations => include_str!(concat!("prompts/", $lang, "/variations.md")),
                Prompt::Personalise => {
                    include_str!(concat!("prompts/", $lang, "/personalise.md"))
                }
                Prompt::Terms => include_str!(concat!("prompts/", $lang, "/terms.txt")),
            }
        }
    };
}

prompt_files!(pt_br, "pt-BR");
prompt_files!(en, "en");

/// The file's text, trimmed.
pub(crate) fn text(language: Language, prompt: Prompt) -> &'static str {
    let file = match language {
        Language::PtBr => pt_br(prompt),
        Language::En => en(prompt),
    };
    file.trim()
}

/// A word or phrase from `terms.txt`; the key itself if missing (a test makes sure none is).
pub(crate) fn term(language: Language, key: &'static str) -> &'static str {
    text(language, Prompt::Terms)
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map_or(key, |(_, v)| v.trim())
}

/// Replaces each `${name}` with its value; unknown slots stay as written.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 3 + end]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `${name}` slots a file uses.
#[cfg(test)]
pub(crate) fn slots(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        found.push(&after[..end]);
        rest = &after[end + 1..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_is_single_pass_and_leaves_merge_fields_alone() {
        assert_eq!(
            fill(
                "Oi {{nome}}, ${a} e ${b} ${x}",
                &[("a", "${b}"), ("b", "B")]
            ),
            "Oi {{nome}}, ${b} e B ${x}"
        );
        assert_eq!(fill("sem fim ${a", &[("a", "1")]), "sem fim ${a");
    }

    #[test]
    fn both_languages_have_every_file_with_the_same_slots() {
        for prompt in Prompt::ALL {
            let pt = text(Language::PtBr, prompt);
            let en = text(Language::En, prompt);
            assert!(!pt.is_empty() && !en.is_empty(), "{prompt:?}");
            assert_eq!(slots(pt), slots(en), "{prompt:?}");
        }
    }

    #[test]
    fn every_prompt_keeps_facts_and_whatsapp_formatting() {
        for language in [Language::PtBr, Language::En] {
            let system = text(language, Prompt::System);
            for must in ["{{", "*", "_", "#", "link"] {
                assert!(system.contains(must), "{language:?} system lacks {must}");
            }
        }
    }
}
