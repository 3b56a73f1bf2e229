//! Which facts-lock findings make an AI answer unusable.

use crate::compose::facts::{check_facts, FactKind, FactViolation, ViolationKind};

/// The violations that reject `output` as a rewrite of `source`. A merge field the model
/// added is allowed (the app fills it from the contact's own data); every other invented
/// fact (a price, date, link, phone or code the offer does not have) is not.
pub fn blocking_violations(source: &str, output: &str) -> Vec<FactViolation> {
    check_facts(source, output)
        .into_iter()
        .filter(|v| {
            !(v.kind == ViolationKind::Invented
                && v.found
                    .as_ref()
                    .is_some_and(|f| f.kind == FactKind::MergeField))
        })
        .collect()
}

/// A short English account of the violations for the row's technical detail.
pub fn describe(violations: &[FactViolation]) -> String {
    violations
        .iter()
        .map(|v| {
            let expected = v.expected.as_ref().map(|f| f.text.as_str()).unwrap_or("");
            let found = v.found.as_ref().map(|f| f.text.as_str()).unwrap_or("");
            match v.kind {
                ViolationKind::Missing => format!("missing {expected:?}"),
                ViolationKind::Changed => format!("{expected:?} changed to {found:?}"),
                ViolationKind::Invented => format!("invented {found:?}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_fields_pass_but_changed_prices_and_invented_links_do_not() {
        let source = "Oi {{nome}}! Camisetas por R$ 49,90 até 25/12.";
        assert!(blocking_violations(
            source,
            "Oi {{nome}} de {{cidade}}! Camisetas por R$ 49,90 até 25/12."
        )
        .is_empty());
        let changed = blocking_violations(source, "Oi {{nome}}! Camisetas por R$ 39,90 até 25/12.");
        assert_eq!(changed.len(), 1);
        assert!(describe(&changed).contains("changed"));
        let invented = blocking_violations(
            source,
            "Oi {{nome}}! Camisetas por R$ 49,90 até 25/12. Veja loja.com.br",
        );
        assert_eq!(invented.len(), 1);
        assert_eq!(invented[0].kind, ViolationKind::Invented);
    }
}
