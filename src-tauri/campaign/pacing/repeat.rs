//! Keeps a number from sending the same text over and over.
//!
//! Many near-identical messages from one number are the clearest spam signal there is. A
//! candidate is a *repeat* when the Jaccard index of its word pairs (normalised by
//! [`crate::compose::similarity::words`]) with any of the number's last 20 texts is ≥ 0.8:
//! a long message that differs only in the contact's name scores ~0.9, a short one
//! ("Oi Maria, tudo bem?") drops well below, and real spintax variants land under 0.6.
//! A text may be the repeat of an earlier one twice in a row; a third repeat in a row is
//! `Blocked` and the engine varies the spintax or holds the message.
//!
//! Texts are kept as sorted hashes of their word pairs, so comparing two is a merge of two
//! short lists and the pre-flight over 100k texts is 2M such merges.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::compose::similarity::words;

/// Jaccard index at or above which a text is a repeat of another.
pub const REPEAT_THRESHOLD: f64 = 0.8;
/// How many of a number's latest texts a candidate is compared with.
pub const REPEAT_MEMORY: usize = 20;
/// Repeats allowed in a row; the next one is blocked. One: a text and one near-identical
/// copy may go out in a row, never a third (the rule).
pub const REPEATS_IN_A_ROW: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatVerdict {
    /// Not close to any recent text.
    Fresh,
    /// Close to a recent text, still allowed.
    Repeat,
    /// Would be a third repeat in a row: vary it or hold it.
    Blocked,
}

/// One number's latest texts and its current run of repeats.
#[derive(Debug, Clone, Default)]
pub struct RepeatGuard {
    recent: VecDeque<Shingles>,
    streak: u32,
}

impl RepeatGuard {
    pub fn new() -> Self {
        Self::default()
    }

    /// What sending `text` now would be.
    pub fn check(&self, text: &str) -> RepeatVerdict {
        self.verdict(&Shingles::of(text))
    }

    /// Call once `text` has been sent by this number.
    pub fn record(&mut self, text: &str) {
        self.record_shingles(Shingles::of(text));
    }

    fn is_repeat(&self, candidate: &Shingles) -> bool {
        self.recent
            .iter()
            .any(|old| old.jaccard(candidate) >= REPEAT_THRESHOLD)
    }

    fn verdict(&self, candidate: &Shingles) -> RepeatVerdict {
        if !self.is_repeat(candidate) {
            RepeatVerdict::Fresh
        } else if self.streak >= REPEATS_IN_A_ROW {
            RepeatVerdict::Blocked
        } else {
            RepeatVerdict::Repeat
        }
    }

    fn record_shingles(&mut self, sent: Shingles) {
        self.streak = if self.is_repeat(&sent) {
            self.streak.saturating_add(1)
        } else {
            0
        };
        self.recent.push_back(sent);
        if self.recent.len() > REPEAT_MEMORY {
            self.recent.pop_front();
        }
    }
}

/// For the pre-flight: texts in the order one number would send them. Returns how many
/// would be blocked (a blocked text is not sent, so the ones after it are compared with
/// what did go) and the share of texts that are repeats, blocked ones included.
pub fn near_identical_share<S: AsRef<str>>(texts: &[S]) -> (usize, f64) {
    let mut guard = RepeatGuard::new();
    let (mut blocked, mut repeats) = (0usize, 0usize);
    for text in texts {
        let shingles = Shingles::of(text.as_ref());
        match guard.verdict(&shingles) {
            RepeatVerdict::Fresh => guard.record_shingles(shingles),
            RepeatVerdict::Repeat => {
                repeats += 1;
                guard.record_shingles(shingles);
            }
            RepeatVerdict::Blocked => {
                repeats += 1;
                blocked += 1;
            }
        }
    }
    let share = if texts.is_empty() {
        0.0
    } else {
        repeats as f64 / texts.len() as f64
    };
    (blocked, share)
}

/// The sorted, distinct hashes of a text's word pairs (of its words when it has fewer than
/// two, as in `compose::similarity`).
#[derive(Debug, Clone)]
struct Shingles(Vec<u64>);

impl Shingles {
    fn of(text: &str) -> Self {
        let words = words(text);
        let hash = |parts: &[String]| {
            // Fixed keys: the same text always hashes the same, in every run.
            let mut h = DefaultHasher::new();
            parts.hash(&mut h);
            h.finish()
        };
        let mut hashes: Vec<u64> = if words.len() < 2 {
            words.chunks(1).map(hash).collect()
        } else {
            words.windows(2).map(hash).collect()
        };
        hashes.sort_unstable();
        hashes.dedup();
        Self(hashes)
    }

    fn jaccard(&self, other: &Self) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() && b.is_empty() {
            // Two texts without words (say, two bare media captions) are the same text.
            return 1.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared as f64 / (a.len() + b.len() - shared) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NATO: [&str; 26] = [
        "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
    ];

    fn long_offer(name: &str) -> String {
        format!(
            "Oi {name}! A nossa promoção de aniversário começa amanhã cedo e vai até domingo à \
             noite, com 30% de desconto em todos os produtos da loja, frete grátis para todo o \
             Brasil nas compras acima de cem reais e um brinde especial para quem vier buscar \
             pessoalmente. Responda SAIR se não quiser mais receber."
        )
    }

    #[test]
    fn never_a_third_near_identical_text_in_a_row_and_a_fresh_text_resets_the_run() {
        let mut guard = RepeatGuard::new();
        let a = long_offer("Maria");
        assert_eq!(guard.check(&a), RepeatVerdict::Fresh);
        guard.record(&a);
        assert_eq!(guard.check(&a), RepeatVerdict::Repeat);
        guard.record(&a);
        assert_eq!(guard.check(&a), RepeatVerdict::Blocked);
        // Checking changes nothing; a different text is fresh and resets the run.
        assert_eq!(guard.check(&a), RepeatVerdict::Blocked);
        let other = NATO.join(" ");
        assert_eq!(guard.check(&other), RepeatVerdict::Fresh);
        guard.record(&other);
        assert_eq!(guard.check(&a), RepeatVerdict::Repeat);
        guard.record(&a);
        assert_eq!(guard.check(&a), RepeatVerdict::Blocked);
    }

    #[test]
    fn a_long_message_differing_only_in_the_name_is_a_repeat_a_short_one_is_not() {
        let mut guard = RepeatGuard::new();
        guard.record(&long_offer("Maria"));
        assert_eq!(
            guard.check(&long_offer("João Pedro")),
            RepeatVerdict::Repeat
        );
        let mut guard = RepeatGuard::new();
        guard.record("Oi Maria, tudo bem?");
        assert_eq!(guard.check("Oi João, tudo bem?"), RepeatVerdict::Fresh);
        // Case, accents and punctuation do not make a text new.
        assert_eq!(guard.check("oi maria tudo bem"), RepeatVerdict::Repeat);
    }

    #[test]
    fn the_threshold_is_a_jaccard_index_of_0_8_on_word_pairs() {
        // 17 words = 16 pairs; 4 words more add 4 pairs: 16/20 = 0.8, a repeat.
        let mut guard = RepeatGuard::new();
        guard.record(&NATO[..17].join(" "));
        assert_eq!(guard.check(&NATO[..21].join(" ")), RepeatVerdict::Repeat);
        // 16 words = 15 pairs, 4 more: 15/19 ≈ 0.79, fresh.
        let mut guard = RepeatGuard::new();
        guard.record(&NATO[..16].join(" "));
        assert_eq!(guard.check(&NATO[..20].join(" ")), RepeatVerdict::Fresh);
        // The same 16 words in another order share no pair: fresh although the words match.
        let mut reversed = NATO[..16].to_vec();
        reversed.reverse();
        assert_eq!(guard.check(&reversed.join(" ")), RepeatVerdict::Fresh);
    }

    #[test]
    fn only_the_last_20_texts_count() {
        let mut guard = RepeatGuard::new();
        let a = long_offer("Maria");
        guard.record(&a);
        for i in 0..REPEAT_MEMORY - 1 {
            guard.record(&format!("{} {i}", NATO[i % 26]));
        }
        assert_eq!(guard.check(&a), RepeatVerdict::Repeat);
        guard.record(&format!("{} extra", NATO[25]));
        assert_eq!(guard.check(&a), RepeatVerdict::Fresh);
    }

    #[test]
    fn preflight_counts_blocked_texts_and_the_share_of_repeats() {
        // One template, names only: the first goes, one repeat, then every other is held.
        let names = [
            "Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabi", "Hugo", "Iara", "Jonas",
        ];
        let texts: Vec<String> = names.iter().map(|n| long_offer(n)).collect();
        let (blocked, share) = near_identical_share(&texts);
        assert_eq!(blocked, 8);
        assert!((share - 0.9).abs() < 1e-9, "{share}");
        // Alternating two distinct texts: each is a repeat of the one two back.
        let alternating: Vec<String> = (0..10)
            .map(|i| {
                if i % 2 == 0 {
                    long_offer("Ana")
                } else {
                    NATO.join(" ")
                }
            })
            .collect();
        assert_eq!(near_identical_share(&alternating), (7, 0.8));
        // All distinct.
        let distinct: Vec<String> = (0..10)
            .map(|i| {
                NATO[..8]
                    .iter()
                    .map(|w| format!("{w}{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(near_identical_share(&distinct), (0, 0.0));
        assert_eq!(near_identical_share::<String>(&[]), (0, 0.0));
    }

    #[test]
    fn preflight_handles_many_texts_by_comparing_only_the_last_20() {
        // 30 rotating variants: each text's twin is 30 back, out of the 20-text memory, so
        // nothing is a repeat however long the list (a comparison with everything before
        // would flag all but the first 30).
        let variants: Vec<String> = (0..30)
            .map(|v| {
                (0..12)
                    .map(|w| format!("{}{}", NATO[(v + w) % 26], v * 12 + w))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let texts: Vec<&str> = (0..20_000).map(|i| variants[i % 30].as_str()).collect();
        assert_eq!(near_identical_share(&texts), (0, 0.0));
    }
}
