//! Header text folded for matching (no accents, no case, no punctuation), and the merge
//! field keys made from it (`Bairro / Região` → `bairro_regiao`).

/// Lower case, Portuguese (and common Latin) accents removed, every run of other
/// characters turned into one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = strip_accent(c);
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// The merge-field key: the folded words joined by `_`, ASCII only so `{{key}}` is easy
/// to type. `None` when nothing is left (a header of symbols or an empty one).
pub fn slug(text: &str) -> Option<String> {
    let key: String = fold(text)
        .chars()
        .map(|c| if c == ' ' { '_' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let key = key.trim_matches('_').to_owned();
    (!key.is_empty()).then_some(key)
}

/// Excel's name for a 0-based column: 0 → A, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The 0-based column for a letter name ("C" → 2), for `--map C=phone`.
pub fn column_from_letter(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n = 0usize;
    for c in letters.chars() {
        n = n * 26 + usize::from(c.to_ascii_uppercase() as u8 - b'A' + 1);
    }
    Some(n - 1)
}

fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_accents_case_and_punctuation() {
        assert_eq!(fold("  Número de TELEFONE: "), "numero de telefone");
        assert_eq!(fold("E-mail"), "e mail");
        assert_eq!(fold("Razão Social"), "razao social");
        assert_eq!(fold("MUNICÍPIO"), "municipio");
    }

    #[test]
    fn slugs_are_ascii_merge_field_keys() {
        assert_eq!(slug("Bairro / Região").as_deref(), Some("bairro_regiao"));
        assert_eq!(
            slug("Data de Nascimento").as_deref(),
            Some("data_de_nascimento")
        );
        assert_eq!(slug("  ** "), None);
    }

    #[test]
    fn column_letters_round_trip() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_from_letter("aa"), Some(26));
        assert_eq!(column_from_letter("C"), Some(2));
        assert_eq!(column_from_letter("C1"), None);
    }
}
