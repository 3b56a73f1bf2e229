//! A message from a contact, as Evolution's `messages.upsert` carries it
//! (`prepareMessage` in whatsapp.baileys.service.ts): a reply's `extendedTextMessage`
//! is rewritten to `conversation`, and the content's `contextInfo` (with `stanzaId`, the
//! quoted key id) is lifted to the top.

use std::time::SystemTime;

use serde_json::{json, Value};

use crate::evolution_sandbox::clock::unix_seconds;
use crate::evolution_sandbox::numbers::strip_punctuation;

/// What a contact sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Incoming {
    /// Digits (or a full JID) of the sender.
    pub from: String,
    pub text: String,
    /// Key id of the message this replies to.
    pub quoted: Option<String>,
    pub push_name: Option<String>,
    /// Address the sender by a `…@lid` JID, the phone JID in `remoteJidAlt` (2.3.6).
    pub lid: Option<String>,
}

/// A phone's message id (Android: 32 upper-case hex digits).
fn phone_key_id() -> String {
    use rand::Rng;
    let mut bytes = [0u8; 16];
    rand::rng().fill(&mut bytes[..]);
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

pub(crate) fn jid_of(number: &str) -> String {
    if number.contains('@') {
        number.to_owned()
    } else {
        format!("{}@s.whatsapp.net", strip_punctuation(number))
    }
}

/// The `messages.upsert` data and the new key id. `own_jid` and `quoted_text` fill the
/// quote's `contextInfo` as WhatsApp does.
pub(crate) fn incoming_message(
    instance_id: &str,
    incoming: &Incoming,
    own_jid: Option<&str>,
    quoted_text: Option<&str>,
    at: SystemTime,
) -> (String, Value) {
    let key_id = phone_key_id();
    let phone_jid = jid_of(&incoming.from);
    let key = match &incoming.lid {
        Some(lid) => json!({
            "remoteJid": jid_of(lid).replace("@s.whatsapp.net", "@lid"),
            "remoteJidAlt": phone_jid,
            "fromMe": false,
            "id": key_id,
            "addressingMode": "lid",
        }),
        None => json!({"remoteJid": phone_jid, "fromMe": false, "id": key_id}),
    };
    let context = match &incoming.quoted {
        Some(stanza) => json!({
            "stanzaId": stanza,
            "participant": own_jid,
            "quotedMessage": {"conversation": quoted_text.unwrap_or_default()},
            "expiration": 0,
        }),
        None => Value::Null,
    };
    let data = json!({
        "key": key,
        "pushName": incoming.push_name.clone().unwrap_or_default(),
        "status": "DELIVERY_ACK",
        "message": {"conversation": incoming.text, "messageContextInfo": {}},
        "contextInfo": context,
        "messageType": "conversation",
        "messageTimestamp": unix_seconds(at),
        "instanceId": instance_id,
        "source": "android",
    });
    (key_id, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_reply_from_a_lid_contact() {
        let incoming = Incoming {
            from: "+55 11 98765-4321".into(),
            text: "SAIR".into(),
            quoted: Some("3EB0AA".into()),
            push_name: Some("Ana".into()),
            lid: Some("123456789".into()),
        };
        let (id, data) = incoming_message(
            "i",
            &incoming,
            Some("5511900000000@s.whatsapp.net"),
            Some("Oi"),
            SystemTime::UNIX_EPOCH,
        );
        assert_eq!(id.len(), 32);
        assert_eq!(data["key"]["remoteJid"], "123456789@lid");
        assert_eq!(data["key"]["remoteJidAlt"], "5511987654321@s.whatsapp.net");
        assert_eq!(data["contextInfo"]["stanzaId"], "3EB0AA");
        assert_eq!(data["contextInfo"]["quotedMessage"]["conversation"], "Oi");
        assert_eq!(data["message"]["conversation"], "SAIR");
        assert_eq!(data["key"]["fromMe"], false);
    }
}
