//! The facts lock: which facts of the source an AI output lost, changed or made up.

use std::collections::BTreeSet;

use serde::Serialize;
use ts_rs::TS;

use super::{extract_facts, Fact};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ViolationKind {
    /// A fact of the source is not in the output.
    Missing,
    /// A fact of the source is gone and the output has another of the same kind in its
    /// place (a different price, date, link…).
    Changed,
    /// The output has a fact the source does not: an invented price, link or date.
    Invented,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FactViolation {
    pub kind: ViolationKind,
    /// The source's fact (range in the source): `Missing` and `Changed`.
    pub expected: Option<Fact>,
    /// The output's fact (range in the output): `Changed` and `Invented`.
    pub found: Option<Fact>,
}

/// The output keeps every fact of the source (by normalised value: formatting may change,
/// values may not) and adds none. Repeats do not matter: a price said once where the
/// source said it twice is kept. Violations come in source order, then invented facts
/// in output order. Empty means the output is safe to use.
pub fn check_facts(source: &str, output: &str) -> Vec<FactViolation> {
    let source_facts = distinct(extract_facts(source));
    let output_facts = distinct(extract_facts(output));
    let in_output: BTreeSet<_> = output_facts.iter().map(|f| (f.kind, &f.key)).collect();
    let in_source: BTreeSet<_> = source_facts.iter().map(|f| (f.kind, &f.key)).collect();
    let mut invented: Vec<Option<&Fact>> = output_facts
        .iter()
        .filter(|f| !in_source.contains(&(f.kind, &f.key)))
        .map(Some)
        .collect();
    let mut violations = Vec::new();
    for lost in source_facts
        .iter()
        .filter(|f| !in_output.contains(&(f.kind, &f.key)))
    {
        // Pair the loss with the first made-up fact of the same kind: that is a change.
        let replacement = invented
            .iter_mut()
            .find(|f| f.is_some_and(|f| f.kind == lost.kind))
            .and_then(Option::take);
        violations.push(FactViolation {
            kind: if replacement.is_some() {
                ViolationKind::Changed
            } else {
                ViolationKind::Missing
            },
            expected: Some(lost.clone()),
            found: replacement.cloned(),
        });
    }
    violations.extend(invented.into_iter().flatten().map(|f| FactViolation {
        kind: ViolationKind::Invented,
        expected: None,
        found: Some(f.clone()),
    }));
    violations
}

/// The first occurrence of each (kind, key).
fn distinct(facts: Vec<Fact>) -> Vec<Fact> {
    let mut seen = BTreeSet::new();
    facts
        .into_iter()
        .filter(|f| seen.insert((f.kind, f.key.clone())))
        .collect()
}

impl std::fmt::Display for FactViolation {
    /// English, for logs and the CLI; the UI builds its own sentence from the fields.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |fact: &Option<Fact>| fact.as_ref().map(|x| x.text.clone()).unwrap_or_default();
        match self.kind {
            ViolationKind::Missing => write!(f, "{:?} is missing", text(&self.expected)),
            ViolationKind::Changed => write!(
                f,
                "{:?} was changed to {:?}",
                text(&self.expected),
                text(&self.found)
            ),
            ViolationKind::Invented => write!(f, "{:?} is not in the source", text(&self.found)),
        }
    }
}
