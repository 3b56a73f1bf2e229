//! Draws WhatsApp's QR payload locally (never trusting the server's PNG), as SVG for the
//! window and as Unicode blocks for the terminal.

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

#[derive(Debug, thiserror::Error)]
#[error("the QR payload cannot be drawn: {0}")]
pub struct QrError(String);

fn code(payload: &str) -> Result<QrCode, QrError> {
    // Level L like WhatsApp Web: the payload is long and the screen is clean.
    QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::L)
        .map_err(|e| QrError(e.to_string()))
}

/// An SVG with a quiet zone, sized by the viewer (it scales).
pub fn to_svg(payload: &str) -> Result<String, QrError> {
    Ok(code(payload)?
        .render::<svg::Color<'_>>()
        .min_dimensions(264, 264)
        .dark_color(svg::Color("#111111"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

/// Two rows per character, readable by a phone from most terminals.
pub fn to_terminal(payload: &str) -> Result<String, QrError> {
    Ok(code(payload)?
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

/// A short, stable id for a payload, so the UI can tell when the QR rotated without
/// comparing (or holding) the payload itself.
pub fn fingerprint(payload: &str) -> String {
    // FNV-1a: tiny, deterministic, good enough to tell two payloads apart.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in payload.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &str = "2@y8eK+bjtEjUWy9abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ,kQ2bYtCw9Lm5dF0x3Vn8Rz1Ws7Pq4Hs6Jk2Gt+o=,Xy9Zb3Lk6Mn1Qw4Er7Ty0Ui2Op5As8Df3Gh6Jk9=,Zx8Cv5Bn2Ml1Kj4Hg7Fd0Sa3Qw6Er9Ty2Ui5Op8=";

    #[test]
    fn draws_svg_and_terminal_forms() {
        let svg = to_svg(PAYLOAD).unwrap();
        assert!(
            svg.starts_with("<?xml") || svg.starts_with("<svg"),
            "{}",
            &svg[..40]
        );
        assert!(svg.contains("#111111"));
        let text = to_terminal(PAYLOAD).unwrap();
        assert!(text.lines().count() > 20);
    }

    #[test]
    fn fingerprints_tell_payloads_apart() {
        assert_eq!(fingerprint(PAYLOAD), fingerprint(PAYLOAD));
        assert_ne!(fingerprint(PAYLOAD), fingerprint("2@other"));
        assert_eq!(fingerprint("").len(), 16);
    }
}
