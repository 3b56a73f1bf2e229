//! Why a composer operation was refused.

use super::template::LintProblem;

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The text has syntax errors (the lint lists them, in source order).
    #[error("the template has {} error(s); the first: {}", .0.len(), first(.0))]
    InvalidTemplate(Vec<LintProblem>),
}

fn first(problems: &[LintProblem]) -> String {
    problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}
