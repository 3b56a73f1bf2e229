//! QR payloads and pairing codes that look like real Baileys ones, derived from a pairing
//! session's seed and the QR number so they can be recomputed at any time.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Pairing codes use Baileys' alphabet (no 0, I, O, U).
const PAIRING_ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTVWXYZ";

/// The `base64` field of the QR object. A real server sends a PNG of the QR; the app draws
/// the QR itself from `code`, so the sandbox sends this 1×1 placeholder PNG, which keeps
/// the field present and decodable.
pub(crate) const PLACEHOLDER_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// `2@<ref>,<noise key>,<identity key>,<adv secret>`: the ref changes with every QR, the
/// keys stay for the whole session, as with WhatsApp Web.
pub(crate) fn qr_code(session_seed: u64, count: u32) -> String {
    let mut keys = StdRng::seed_from_u64(session_seed);
    let mut reference = StdRng::seed_from_u64(session_seed ^ u64::from(count).rotate_left(32));
    format!(
        "2@{},{},{},{}",
        random_base64(&mut reference, 75),
        random_base64(&mut keys, 32),
        random_base64(&mut keys, 32),
        random_base64(&mut keys, 32)
    )
}

/// Eight characters, e.g. `WZYEH1YY`; WhatsApp issues a new one with every QR.
pub(crate) fn pairing_code(session_seed: u64, count: u32) -> String {
    let mut rng = StdRng::seed_from_u64(session_seed.rotate_left(7) ^ u64::from(count));
    (0..8)
        .map(|_| char::from(PAIRING_ALPHABET[rng.random_range(0..PAIRING_ALPHABET.len())]))
        .collect()
}

fn random_base64(rng: &mut StdRng, len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rng.fill(&mut bytes[..]);
    STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_per_count_and_change_between_counts() {
        let first = qr_code(42, 1);
        assert_eq!(first, qr_code(42, 1));
        let second = qr_code(42, 2);
        assert_ne!(first, second);
        assert!(first.starts_with("2@"));
        let parts: Vec<&str> = first.split(',').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[0].len(), 102, "2@ + 100 base64 characters");
        // Same session keys, new reference.
        assert_eq!(
            first.split_once(',').map(|p| p.1),
            second.split_once(',').map(|p| p.1)
        );
        assert_ne!(qr_code(43, 1), first);
    }

    #[test]
    fn pairing_codes_use_the_baileys_alphabet() {
        let code = pairing_code(7, 1);
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|b| PAIRING_ALPHABET.contains(&b)));
        assert_eq!(code, pairing_code(7, 1));
        assert_ne!(code, pairing_code(7, 2));
    }

    #[test]
    fn placeholder_png_decodes() {
        let data = PLACEHOLDER_PNG
            .strip_prefix("data:image/png;base64,")
            .unwrap();
        let bytes = STANDARD.decode(data).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
    }
}
