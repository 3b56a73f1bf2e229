//! Defence in depth for logs: every secret the process has seen is scrubbed from log text,
//! even if some future code formats it by mistake.

use std::borrow::Cow;
use std::sync::{OnceLock, RwLock};

/// Shorter values are not registered: scrubbing them would mangle ordinary words.
const MIN_LEN: usize = 8;
pub const REDACTED: &str = "<redacted>";

fn registry() -> &'static RwLock<Vec<String>> {
    static SEEN: OnceLock<RwLock<Vec<String>>> = OnceLock::new();
    SEEN.get_or_init(|| RwLock::new(Vec::new()))
}

/// Remembers a secret value so log output never contains it.
pub fn remember(secret: &str) {
    if secret.len() < MIN_LEN {
        return;
    }
    if let Ok(mut seen) = registry().write() {
        if !seen.iter().any(|s| s == secret) {
            seen.push(secret.to_owned());
            // Longest first, so a key that contains another is scrubbed whole.
            seen.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }
}

/// The text with every remembered secret replaced by `<redacted>`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let Ok(seen) = registry().read() else {
        return Cow::Borrowed(text);
    };
    let mut out = Cow::Borrowed(text);
    for secret in seen.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_secrets_are_scrubbed_and_short_ones_ignored() {
        remember("sk-test-redaction-0001");
        remember("abc");
        assert_eq!(
            scrub("key=sk-test-redaction-0001 and abc"),
            "key=<redacted> and abc"
        );
        assert!(matches!(scrub("nothing here"), Cow::Borrowed(_)));
    }
}
