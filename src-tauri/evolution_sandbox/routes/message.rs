//! sendText and sendMedia (contract §5): checks in the server's order, the recipient
//! check against the number directory, the `delay` wait, then the stored message, then
//! the answer: after `after_send_delay` if set, and under the `after_send` fault an
//! ambiguous ending instead of the 201. A first message to a new contact may be refused by
//! WhatsApp after the 201 (`new_contact_error_rate`, see `messages.rs`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Extension;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::Rng;
use serde_json::{json, Map, Value};

use super::{authorized, schema_ok};
use crate::evolution_sandbox::clock::{unix_seconds, Now};
use crate::evolution_sandbox::faults::AfterSend;
use crate::evolution_sandbox::gate::JsonBody;
use crate::evolution_sandbox::ids;
use crate::evolution_sandbox::journal::SentMessage;
use crate::evolution_sandbox::listener::Connection;
use crate::evolution_sandbox::messages::{Content, NewMessage, StoredMessage};
use crate::evolution_sandbox::numbers::NumberCheck;
use crate::evolution_sandbox::reply::{Outcome, Reply};
use crate::evolution_sandbox::schema::{violations, Field, Kind};
use crate::evolution_sandbox::shared::Shared;
use crate::evolution_sandbox::socket::{schedule_statuses, SentPlan};
use crate::evolution_sandbox::state::{Instance, LinkState};

const MEDIA_TYPES: &[&str] = &["image", "document", "video", "audio"];

/// WhatsApp's ack error for a message to a new contact from a number restricted from
/// reaching out (`NackCallerReachoutTimelocked`).
const NEW_CONTACT_REFUSED: u16 = 463;

const TEXT_FIELDS: &[Field] = &[
    Field::new("number", Kind::String)
        .required()
        .described("Invalid format"),
    Field::new("text", Kind::String).required(),
    Field::new("delay", Kind::Integer).described("Enter a value in milliseconds"),
    Field::new("linkPreview", Kind::Boolean),
    Field::new("quoted", Kind::Object),
    Field::new("mentioned", Kind::Array),
    Field::new("mentionsEveryOne", Kind::Boolean),
];

const MEDIA_FIELDS: &[Field] = &[
    Field::new("number", Kind::String)
        .required()
        .described("Invalid format"),
    Field::new("mediatype", Kind::OneOf(MEDIA_TYPES)).required(),
    Field::new("mimetype", Kind::String),
    Field::new("caption", Kind::String),
    Field::new("media", Kind::String),
    Field::new("fileName", Kind::String),
    Field::new("delay", Kind::Integer).described("Enter a value in milliseconds"),
    Field::new("quoted", Kind::Object),
    Field::new("mentioned", Kind::Array),
    Field::new("mentionsEveryOne", Kind::Boolean),
];

/// The two sends fail with differently shaped exceptions (strings vs `["Error: …"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Send {
    Text,
    Media,
}

/// A send that passed every check, waiting for its `delay`.
#[derive(Debug)]
struct Draft {
    number: String,
    recipient: NumberCheck,
    message_type: &'static str,
    message: Content,
    mentioned: Vec<String>,
    text: Option<String>,
    media_type: Option<String>,
    delay: Duration,
}

pub(super) async fn send_text(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let draft = text_draft(&shared, &name, &headers, &body)?;
    let sent = deliver(&shared, &name, &headers, Send::Text, draft).await?;
    after_send(&shared, &connection, &name, Send::Text, sent).await
}

pub(super) async fn send_media(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let draft = media_draft(&shared, &name, &headers, &body)?;
    let sent = deliver(&shared, &name, &headers, Send::Media, draft).await?;
    after_send(&shared, &connection, &name, Send::Media, sent).await
}

fn text_draft(
    shared: &Shared,
    name: &str,
    headers: &HeaderMap,
    body: &Value,
) -> Result<Draft, Reply> {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, name, headers, shared)?;
    schema_ok(violations(body, TEXT_FIELDS))?;
    let text = body.get("text").and_then(Value::as_str).unwrap_or_default();
    if text.trim().is_empty() {
        return Err(Reply::bad_request("Text is required"));
    }
    socket_ready(instance, shared, Send::Text)?;
    let (number, recipient) = recipient(shared, body)?;
    Ok(Draft {
        number,
        recipient,
        message_type: "conversation",
        message: Content::Text(text.to_owned()),
        mentioned: mentioned(shared, body),
        text: Some(text.to_owned()),
        media_type: None,
        delay: delay(body),
    })
}

fn media_draft(
    shared: &Shared,
    name: &str,
    headers: &HeaderMap,
    body: &Value,
) -> Result<Draft, Reply> {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, name, headers, shared)?;
    schema_ok(violations(body, MEDIA_FIELDS))?;
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let media = text("media").unwrap_or_default();
    let media_type = text("mediatype").unwrap_or_default();
    let base64 = is_base64(media);
    if base64 && text("fileName").is_none() && media_type == "document" {
        return Err(Reply::bad_request(
            "For base64 the file name must be informed.",
        ));
    }
    if !base64 && !is_url(media) {
        return Err(Reply::bad_request("Owned media must be a url or base64"));
    }
    // Media is uploaded before the recipient check, so socket errors come first.
    socket_ready(instance, shared, Send::Media)?;
    let (number, recipient) = recipient(shared, body)?;
    let caption = text("caption").filter(|c| !c.is_empty());
    Ok(Draft {
        number,
        recipient,
        message_type: message_type(media_type),
        message: Content::Media(media_message(media_type, body, now.wall)),
        mentioned: mentioned(shared, body),
        text: caption.map(str::to_owned),
        media_type: Some(media_type.to_owned()),
        delay: delay(body),
    })
}

/// Waits `delay` ("typing…"), then stores the message and returns its 201 answer,
/// checking again that the socket is still open.
async fn deliver(
    shared: &Arc<Shared>,
    name: &str,
    headers: &HeaderMap,
    kind: Send,
    draft: Draft,
) -> Outcome {
    if !shared.sleep(draft.delay).await {
        return Err(closed(kind));
    }
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, name, headers, shared)?;
    socket_ready(instance, shared, kind)?;
    let jid = draft.recipient.jid;
    let refused = (!instance.contacts.contains(&jid)
        && shared.roll(shared.faults_for(Some(name)).new_contact_error_rate))
    .then_some(NEW_CONTACT_REFUSED);
    if refused.is_none() {
        instance.contacts.insert(jid.clone());
    }
    let stored = StoredMessage::new(
        NewMessage {
            remote_jid: jid.clone(),
            message_type: draft.message_type,
            message: draft.message,
            mentioned: draft.mentioned,
            timestamp: unix_seconds(now.wall),
            read_receipts: draft.recipient.read_receipts,
            refused,
        },
        now.mono,
    );
    let body = stored.sent_json(&instance.id);
    shared.journal().log_sent(SentMessage {
        instance: name.to_owned(),
        number: draft.number,
        jid,
        text: draft.text,
        media_type: draft.media_type,
        key_id: stored.key_id.clone(),
        at: now.wall,
        refused,
    });
    // Events only for instances with a socket.io row: 100k-send runs schedule nothing.
    if instance.spec.websocket.as_ref().is_some_and(|w| w.enabled) {
        schedule_statuses(
            shared,
            SentPlan {
                instance: name.to_owned(),
                instance_id: instance.id.clone(),
                key_id: stored.key_id.clone(),
                remote_jid: stored.remote_jid.clone(),
                row_id: stored.row_id.clone(),
                sent: body.clone(),
                path: stored.status_path(),
                sent_at: stored.sent_at,
                own_jid: instance.owner.as_ref().map(|o| o.jid.clone()),
                text: stored.text().map(str::to_owned),
            },
        );
    }
    instance.messages.push(stored);
    Ok(Reply::created(body))
}

/// The answer to a send whose message is stored, after `after_send_delay`: the 201, or the
/// ambiguous ending the `after_send` fault asks for (the message has gone out either way).
async fn after_send(
    shared: &Shared,
    connection: &Connection,
    name: &str,
    kind: Send,
    sent: Reply,
) -> Outcome {
    let faults = shared.faults_for(Some(name));
    if !shared.sleep(faults.after_send_delay).await {
        // Stopping: the answer never comes, as if the server died after sending.
        connection.cut();
        return Err(Reply::exception("connection cut by a sandbox fault"));
    }
    // The ending in force once the delay is over (a test may change it meanwhile).
    match shared.faults_for(Some(name)).after_send {
        AfterSend::Answer => Ok(sent),
        AfterSend::TimedOut => Err(match kind {
            Send::Text => Reply::exception("Timed Out"),
            Send::Media => Reply::wrapped_exception("Error: Timed Out"),
        }),
        AfterSend::DropConnection => {
            connection.cut();
            Err(Reply::exception("connection cut by a sandbox fault"))
        }
        AfterSend::Stall => {
            let mut faults = shared.watch_faults();
            let mut stopping = shared.shutdown_signal();
            tokio::select! {
                _ = faults.wait_for(|set| set.for_instance(Some(name)).after_send != AfterSend::Stall) => {}
                _ = stopping.wait_for(|stop| *stop) => {}
            }
            // A stalled answer never comes, even after the fault is cleared.
            connection.cut();
            Err(Reply::exception("connection cut by a sandbox fault"))
        }
    }
}

fn closed(kind: Send) -> Reply {
    match kind {
        Send::Text => Reply::exception("Connection Closed"),
        Send::Media => Reply::wrapped_exception("Error: Connection Closed"),
    }
}

/// The socket must exist and be open; each way of not being so has its own text.
fn socket_ready(instance: &Instance, shared: &Shared, kind: Send) -> Result<(), Reply> {
    if instance.is_removed() {
        // Row still there, instance gone from memory (user reports).
        return Err(match kind {
            Send::Text => {
                Reply::exception("Cannot read properties of undefined (reading 'textMessage')")
            }
            Send::Media => Reply::wrapped_exception(
                "TypeError: Cannot read properties of undefined (reading 'mediaMessage')",
            ),
        });
    }
    if !instance.ever_connected() {
        return Err(match kind {
            Send::Text => {
                Reply::exception("Cannot read properties of undefined (reading 'onWhatsApp')")
            }
            Send::Media => Reply::wrapped_exception(
                "TypeError: Cannot read properties of undefined (reading 'waUploadToServer')",
            ),
        });
    }
    if shared.faults_for(Some(instance.name())).connection_closed
        || instance.state() != Some(LinkState::Open)
    {
        return Err(closed(kind));
    }
    Ok(())
}

/// The number as given and WhatsApp's answer for it; not on WhatsApp → 400 with the
/// check result as the message.
fn recipient(shared: &Shared, body: &Value) -> Result<(String, NumberCheck), Reply> {
    let number = body
        .get("number")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let check = shared.config.numbers.check(&number);
    if !check.exists {
        return Err(Reply::envelope(
            StatusCode::BAD_REQUEST,
            json!([{"jid": check.jid, "exists": false, "number": number}]),
        ));
    }
    Ok((number, check))
}

fn mentioned(shared: &Shared, body: &Value) -> Vec<String> {
    body.get("mentioned")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|n| shared.config.numbers.check(n).jid)
        .collect()
}

fn delay(body: &Value) -> Duration {
    let millis = body.get("delay").and_then(Value::as_f64).unwrap_or(0.0);
    Duration::from_millis(millis.max(0.0) as u64)
}

fn is_url(media: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .any(|scheme| media.len() > scheme.len() && media.starts_with(scheme))
}

/// class-validator's `isBase64`: canonical padded base64 (a `data:` URI is not).
fn is_base64(media: &str) -> bool {
    !media.is_empty() && STANDARD.decode(media).is_ok()
}

fn message_type(media_type: &str) -> &'static str {
    match media_type {
        "image" => "imageMessage",
        "video" => "videoMessage",
        "audio" => "audioMessage",
        _ => "documentMessage",
    }
}

/// `message.<type>Message`: opaque to the client, shaped like Baileys' (binary fields as
/// index-keyed objects). Images are re-encoded to JPEG by the server.
fn media_message(media_type: &str, body: &Value, at: std::time::SystemTime) -> Value {
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let media = text("media").unwrap_or_default();
    let file_name = text("fileName")
        .map(str::to_owned)
        .unwrap_or_else(|| default_file_name(media_type, media));
    let mimetype = match media_type {
        "image" => "image/jpeg".to_owned(),
        _ => text("mimetype").map_or_else(|| guess_mimetype(&file_name).to_owned(), str::to_owned),
    };
    let length = if is_base64(media) {
        STANDARD.decode(media).map_or(0, |bytes| bytes.len())
    } else {
        // The sandbox does not download URLs; a plausible size stands in.
        48_213
    };
    let mut content = Map::new();
    content.insert(
        "url".into(),
        json!(format!(
            "https://mmg.whatsapp.net/v/t62.7118-24/{}.enc?ccb=11-4&_nc_sid=5e03e0",
            ids::row_id()
        )),
    );
    content.insert("mimetype".into(), json!(mimetype));
    if let Some(caption) = text("caption").filter(|_| media_type != "audio") {
        content.insert("caption".into(), json!(caption));
    }
    if media_type == "document" {
        content.insert("fileName".into(), json!(file_name));
        content.insert("title".into(), json!(file_name));
    }
    content.insert("fileSha256".into(), byte_object(32));
    content.insert("fileLength".into(), json!(length.to_string()));
    content.insert("mediaKey".into(), byte_object(32));
    content.insert(
        "mediaKeyTimestamp".into(),
        json!(unix_seconds(at).to_string()),
    );
    let mut message = Map::new();
    message.insert(message_type(media_type).into(), Value::Object(content));
    Value::Object(message)
}

/// Protobuf bytes as the server serialises them: `{"0":12,"1":250,…}`.
fn byte_object(len: usize) -> Value {
    let mut rng = rand::rng();
    let map: Map<String, Value> = (0..len)
        .map(|i| (i.to_string(), json!(rng.random::<u8>())))
        .collect();
    Value::Object(map)
}

fn default_file_name(media_type: &str, media: &str) -> String {
    match media_type {
        "image" => "image.jpg".to_owned(),
        "video" => "video.mp4".to_owned(),
        "audio" => "audio.mp3".to_owned(),
        _ if is_url(media) => media
            .split(['?', '#'])
            .next()
            .and_then(|path| path.rsplit('/').next())
            .filter(|last| !last.is_empty())
            .unwrap_or("document")
            .to_owned(),
        _ => "document".to_owned(),
    }
}

fn guess_mimetype(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "ogg" | "opus" => "audio/ogg",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_checks_follow_class_validator() {
        assert!(is_url("https://cdn.example/cat.png"));
        assert!(!is_url("data:image/png;base64,iVBORw0KGgo="));
        assert!(!is_base64("data:image/png;base64,iVBORw0KGgo="));
        assert!(is_base64("JVBERi0xLjQK"));
        assert!(!is_base64("JVBERi0xLjQK=")); // bad padding
        assert_eq!(
            default_file_name("document", "https://x.example/a/b/report.pdf?v=2"),
            "report.pdf"
        );
        assert_eq!(guess_mimetype("report.PDF"), "application/pdf");
    }

    #[test]
    fn images_become_jpeg_with_index_keyed_bytes() {
        let body = json!({"media": "https://cdn.example/cat.png", "mimetype": "image/png", "caption": "Catálogo"});
        let message = media_message("image", &body, std::time::SystemTime::now());
        let image = &message["imageMessage"];
        assert_eq!(image["mimetype"], "image/jpeg");
        assert_eq!(image["caption"], "Catálogo");
        assert_eq!(image["fileSha256"].as_object().map(Map::len), Some(32));
        assert!(image["fileSha256"]["31"].is_u64());
    }
}
