//! Identifiers shaped like the real server's: Baileys message ids, Prisma cuids, UUIDs.

use rand::Rng;

/// A Baileys message key id as WhatsApp Web makes them: `3EB0` + 18 upper-case hex digits.
pub(crate) fn message_key_id() -> String {
    let mut bytes = [0u8; 9];
    rand::rng().fill(&mut bytes[..]);
    let mut id = String::from("3EB0");
    for byte in bytes {
        id.push_str(&format!("{byte:02X}"));
    }
    id
}

/// A Prisma `cuid()` row id (`cm` + 23 lower-case letters and digits).
pub(crate) fn row_id() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    let mut id = String::from("cm");
    for _ in 0..23 {
        id.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    id
}

/// Instance ids are lower-case v4 UUIDs.
pub(crate) fn instance_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The token given to an instance created without one: an upper-case v4 UUID.
pub(crate) fn instance_token() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

/// A fresh seed for one pairing session's QR codes.
pub(crate) fn seed() -> u64 {
    rand::rng().random()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_real_shapes() {
        let key = message_key_id();
        assert_eq!(key.len(), 22);
        assert!(key.starts_with("3EB0"));
        assert!(key
            .chars()
            .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)));
        let row = row_id();
        assert_eq!(row.len(), 25);
        assert!(row.starts_with("cm"));
        assert_eq!(instance_id().len(), 36);
        let token = instance_token();
        assert_eq!(token, token.to_uppercase());
        assert_ne!(message_key_id(), key);
    }
}
