//! The facts of a text that AI output must keep: merge fields, prices, percentages,
//! dates, times, phone numbers, links, e-mails and coupon codes. Each fact has a key,
//! its normalised value, so `R$ 1.234,56` and `R$1234,56` are the same price and
//! `25/12` and `25 de dezembro` the same date, while `{{nome}}` must stay exactly that.

mod check;
mod dates;
mod money;
mod scan;
#[cfg(test)]
mod tests;

use serde::Serialize;
use ts_rs::TS;

use super::TextRange;

pub use check::{check_facts, FactViolation, ViolationKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FactKind {
    /// `{{nome}}`, `{{nome|cliente}}` (the fallback is part of the fact).
    MergeField,
    /// `R$ 1.234,56`, `R$ 99`, `$5.00`, `50 reais`; key `BRL 1234.56`.
    Price,
    /// `10%`, `12,5 %`; key `12.5%`.
    Percent,
    /// `25/12`, `25/12/2026`, `2026-12-25`, `25 de dezembro`; key `25/12[/2026]`.
    Date,
    /// `14h`, `14h30`, `14:30`; key `14:30`.
    Time,
    /// Brazilian numbers in their usual spellings; key: the national digits.
    Phone,
    /// `https://…`, `www.…`, `loja.com.br/promo`, `wa.me/55…`; key without scheme and
    /// `www.`, host in lower case.
    Link,
    /// Key in lower case.
    Email,
    /// A coupon-like word in capitals with digits: `NATAL30`, `BLACK-FRIDAY24`.
    Code,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub kind: FactKind,
    /// As written.
    pub text: String,
    /// The normalised value compared between texts.
    pub key: String,
    pub range: TextRange,
}

/// Every fact of `text`, in order.
pub fn extract_facts(text: &str) -> Vec<Fact> {
    let chars: Vec<char> = text.chars().collect();
    // Byte offset of each char index (and of the end).
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    scan::scan(&chars)
        .into_iter()
        .map(|found| {
            let bytes = offsets[found.start]..offsets[found.end];
            Fact {
                kind: found.kind,
                text: text[bytes.clone()].to_owned(),
                key: found.key,
                range: TextRange::new(text, bytes),
            }
        })
        .collect()
}
