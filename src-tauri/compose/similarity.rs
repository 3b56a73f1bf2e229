//! How alike two messages are, and the gate that drops AI variations too close to the
//! source or to each other (WhatsApp flags senders who blast one text to many people).
//!
//! The measure is the larger of two scores on normalised words (lower case, no accents,
//! no punctuation, emoji or formatting markers):
//! - Jaccard overlap of word pairs (bigrams). It ignores order, so two messages with the
//!   same sentences swapped still count as the same message.
//! - 1 − word edit distance ÷ the longer length. It catches a one-word change, which
//!   breaks 2 of ~10 bigrams in a short message (Jaccard ≈ 0.6, "different") but is only
//!   1 of 10 words (0.9, "the same").
//!
//! Words rather than characters: a swapped synonym is one change whatever its length,
//! and the cost is quadratic in words (hundreds) instead of characters (thousands).

use std::collections::HashSet;

use serde::Serialize;
use ts_rs::TS;

use crate::import::slug;

/// Similarity at or above which a variation is rejected: changing 3 words in 10 is
/// still the same message; a real paraphrase scores well under 0.5.
pub const DEFAULT_THRESHOLD: f64 = 0.7;

/// Normalised words, the unit of comparison.
pub fn words(text: &str) -> Vec<String> {
    slug(text)
        .map(|s| s.split('_').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// From 0 (nothing in common) to 1 (the same words in the same order).
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of_words(&words(a), &words(b))
}

fn similarity_of_words(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let longer = a.len().max(b.len()) as f64;
    let by_edits = 1.0 - edit_distance(a, b) as f64 / longer;
    by_edits.max(shingle_jaccard(a, b))
}

/// Jaccard index of the sets of word pairs (single words when a text has fewer than two).
fn shingle_jaccard(a: &[String], b: &[String]) -> f64 {
    let shingles = |w: &[String]| -> HashSet<String> {
        if w.len() < 2 {
            w.iter().cloned().collect()
        } else {
            w.windows(2).map(|p| format!("{} {}", p[0], p[1])).collect()
        }
    };
    let (a, b) = (shingles(a), shingles(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Levenshtein distance over any items (words here, characters for field suggestions).
pub(crate) fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// What the gate decided for one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GateVerdict {
    /// The candidate's index in the list given.
    #[ts(type = "number")]
    pub index: usize,
    pub kept: bool,
    /// The highest similarity to the source or a variation kept before it.
    pub similarity: f64,
    /// What it is that similar to.
    pub closest: Closest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Closest {
    Source,
    Candidate {
        #[ts(type = "number")]
        index: usize,
    },
}

/// Keeps, in order, each candidate whose similarity to the source and to every candidate
/// kept before it stays below `threshold`; one verdict per candidate.
pub fn reject_near_duplicates<S: AsRef<str>>(
    source: &str,
    candidates: &[S],
    threshold: f64,
) -> Vec<GateVerdict> {
    let source = words(source);
    let mut kept: Vec<(usize, Vec<String>)> = Vec::new();
    let mut verdicts = Vec::with_capacity(candidates.len());
    for (index, candidate) in candidates.iter().enumerate() {
        let candidate = words(candidate.as_ref());
        let mut closest = (similarity_of_words(&candidate, &source), Closest::Source);
        for (other, other_words) in &kept {
            let score = similarity_of_words(&candidate, other_words);
            if score > closest.0 {
                closest = (score, Closest::Candidate { index: *other });
            }
        }
        let keep = closest.0 < threshold;
        verdicts.push(GateVerdict {
            index,
            kept: keep,
            similarity: closest.0,
            closest: closest.1,
        });
        if keep {
            kept.push((index, candidate));
        }
    }
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "Oi {{nome}}! A promoção de Natal começa amanhã com 30% de desconto \
                          em toda a loja. Aproveite!";

    #[test]
    fn normalised_words_ignore_case_accents_punctuation_and_formatting() {
        assert_eq!(words("*Olá*, VOCÊ! 😀"), ["ola", "voce"]);
        assert_eq!(similarity("Olá, Maria!", "ola maria"), 1.0);
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("oi", ""), 0.0);
    }

    #[test]
    fn a_one_word_change_is_a_near_duplicate() {
        let changed = SOURCE.replace("Aproveite", "Corra");
        let score = similarity(SOURCE, &changed);
        assert!(score > 0.9, "{score}");
    }

    #[test]
    fn swapped_sentences_are_still_the_same_message() {
        let a = "Frete grátis para todo o Brasil. Só até domingo, use o cupom NATAL30.";
        let b = "Só até domingo, use o cupom NATAL30. Frete grátis para todo o Brasil.";
        assert!(similarity(a, b) > DEFAULT_THRESHOLD, "{}", similarity(a, b));
    }

    #[test]
    fn a_paraphrase_passes_the_gate_and_a_tweak_does_not() {
        let candidates = [
            // A real rewrite.
            "{{nome}}, amanhã começa nosso Natal com 30% off na loja inteira. Não perca!",
            // The source with one word changed.
            &SOURCE.replace("amanhã", "hoje"),
            // Another rewrite.
            "Natal chegando, {{nome}}! Desde amanhã, toda a loja está com 30% de desconto.",
            // The first rewrite again, with an emoji.
            "{{nome}}, amanhã começa nosso Natal com 30% off na loja inteira. Não perca! 🎄",
        ];
        let verdicts = reject_near_duplicates(SOURCE, &candidates, DEFAULT_THRESHOLD);
        let kept: Vec<bool> = verdicts.iter().map(|v| v.kept).collect();
        assert_eq!(kept, [true, false, true, false], "{verdicts:#?}");
        assert_eq!(verdicts[1].closest, Closest::Source);
        assert_eq!(verdicts[3].closest, Closest::Candidate { index: 0 });
        assert_eq!(verdicts[3].similarity, 1.0);
        assert!(verdicts[0].similarity < 0.5, "{}", verdicts[0].similarity);
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("nome"), &chars("noem")), 2);
        assert_eq!(edit_distance(&chars("cidade"), &chars("cidde")), 1);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
    }
}
