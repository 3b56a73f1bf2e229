//! How many different messages a template can produce.

use super::ast::Node;

/// JavaScript's `Number.MAX_SAFE_INTEGER`: counts stop here so the UI shows an exact
/// integer ("more than 9 quadrillion") instead of a rounded float.
pub const MAX_VARIANTS: u64 = 9_007_199_254_740_991;

/// Choices multiply along a sequence and add up across a group's options, so nested
/// spintax counts right: `{a {b|c}|d}` is 3, not 2 × 2. Identical options still count
/// as different choices.
pub(crate) fn count(nodes: &[Node]) -> u64 {
    nodes
        .iter()
        .fold(1u64, |total, node| total.saturating_mul(node_count(node)))
        .min(MAX_VARIANTS)
}

fn node_count(node: &Node) -> u64 {
    match node {
        Node::Text(_) | Node::Field(_) => 1,
        Node::Spin(group) => group
            .options
            .iter()
            .fold(0u64, |sum, option| sum.saturating_add(count(&option.nodes)))
            .max(1),
    }
}
