//! A value that must never be printed, logged or serialized by accident.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// Holds a secret. `Debug`/`Display` print `<redacted>`; there is deliberately no `Serialize`,
/// so a secret cannot travel back to the UI, the settings store or the database.
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The one explicit door to the value: grep for `expose` to audit every use.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl Sensitive<String> {
    /// A short, safe reminder of which key is stored: its last four characters.
    pub fn hint(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            // Too short to reveal anything of it.
            return String::new();
        }
        chars[chars.len() - 4..].iter().collect()
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let key = Sensitive::new("sk-live-1234567890abcdef".to_owned());
        assert_eq!(format!("{key:?}"), "<redacted>");
        assert_eq!(format!("{key}"), "<redacted>");
        assert_eq!(format!("{:#?}", Some(&key)), "Some(\n    <redacted>,\n)");
    }

    #[test]
    fn hint_is_last_four_only_for_long_keys() {
        assert_eq!(
            Sensitive::new("sk-live-1234567890abcdef".to_owned()).hint(),
            "cdef"
        );
        assert_eq!(Sensitive::new("short".to_owned()).hint(), "");
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        let key: Sensitive<String> = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(key.expose(), "abc");
    }
}
