//! WhatsApp's text formatting, removed: what the recipient reads once `*bold*`,
//! `_italic_`, `~strike~`, `` `code` ``, ```` ```mono``` ```` and `> quote` markers are
//! drawn. The UI renders the formatting itself; this is for counting and comparing.

/// The text without formatting markers. Markers follow WhatsApp's rules: an opening
/// one sits at the start of a word and a closing one at its end, on the same line, so
/// `2*3*4` and `snake_case_name` stay as written. Lists (`- `, `1. `) are kept: the
/// recipient sees their markers.
pub fn plain_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut drop = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if starts_fence(&chars, i) {
            // Inside ``` nothing else is formatting.
            match (i + 3..chars.len()).find(|&j| starts_fence(&chars, j)) {
                Some(close) => {
                    drop[i..i + 3].iter_mut().for_each(|d| *d = true);
                    drop[close..close + 3].iter_mut().for_each(|d| *d = true);
                    i = close + 3;
                }
                None => i += 3,
            }
            continue;
        }
        if !drop[i] && is_marker(chars[i]) && opens(&chars, i) {
            if let Some(close) = closing(&chars, i) {
                drop[i] = true;
                drop[close] = true;
                // Markers inside are matched too (`*_both_*`), so step only past the opener.
            }
        }
        if chars[i] == '>' && line_start(&chars, i) && chars.get(i + 1) == Some(&' ') {
            drop[i] = true;
            drop[i + 1] = true;
        }
        i += 1;
    }
    chars
        .iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(c, _)| *c)
        .collect()
}

fn is_marker(c: char) -> bool {
    matches!(c, '*' | '_' | '~' | '`')
}

fn starts_fence(chars: &[char], i: usize) -> bool {
    chars.get(i..i + 3) == Some(&['`', '`', '`'])
}

fn line_start(chars: &[char], i: usize) -> bool {
    i == 0 || chars[i - 1] == '\n'
}

/// A marker can open at the start of a word, before a non-space.
fn opens(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
    let after_ok = chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

/// The same marker closing the one at `open`, on the same line, after a non-space and
/// before the end of a word.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let marker = chars[open];
    (open + 2..chars.len())
        .take_while(|&j| chars[j] != '\n')
        .find(|&j| {
            chars[j] == marker
                && !chars[j - 1].is_whitespace()
                && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_removed_where_whatsapp_draws_them() {
        assert_eq!(
            plain_text("*Promoção* _só hoje_ ~R$ 99~ por `R$ 79`!"),
            "Promoção só hoje R$ 99 por R$ 79!"
        );
        assert_eq!(plain_text("```código *cru*```"), "código *cru*");
        assert_eq!(
            plain_text("> citação\n- item\n1. outro"),
            "citação\n- item\n1. outro"
        );
        assert_eq!(plain_text("*_negrito itálico_*"), "negrito itálico");
    }

    #[test]
    fn markers_inside_words_or_unpaired_stay() {
        assert_eq!(plain_text("2*3*4 = 24"), "2*3*4 = 24");
        assert_eq!(plain_text("snake_case_name"), "snake_case_name");
        assert_eq!(plain_text("* item solto"), "* item solto");
        assert_eq!(plain_text("*sem fim\nlinha*"), "*sem fim\nlinha*");
    }
}
