//! The few engine.io v4 / socket.io v5 text frames a WebSocket-only reader needs
//! (socket.io 4.x, the version Evolution 2.x ships). Binary frames and acks are not used
//! by Evolution's events and are skipped.

use serde_json::Value;

/// One text frame from the server, as far as the reader cares.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Frame {
    /// engine.io OPEN (`0{…}`): the server's heartbeat settings.
    Open {
        ping_interval_ms: u64,
        ping_timeout_ms: u64,
    },
    /// engine.io PING (`2`): answer with a PONG.
    Ping,
    /// engine.io CLOSE (`1`).
    Close,
    /// socket.io CONNECT accepted for `namespace` (`40/ns,{"sid":…}`).
    Connected { namespace: String },
    /// socket.io CONNECT_ERROR (`44/ns,{"message":…}`), e.g. "Invalid namespace".
    ConnectError { namespace: String, message: String },
    /// socket.io DISCONNECT (`41/ns,`): the server dropped this namespace.
    Disconnected { namespace: String },
    /// socket.io EVENT (`42/ns,[name, payload…]`).
    Event {
        namespace: String,
        name: String,
        payload: Value,
    },
    /// Anything else (noop, message, binary event, malformed): skipped.
    Other,
}

/// The text that asks to join `namespace` (socket.io CONNECT, no auth payload: the key
/// travels in the handshake's query, which is where Evolution reads it).
pub(crate) fn connect_frame(namespace: &str) -> String {
    format!("40{namespace},")
}

/// engine.io PONG.
pub(crate) const PONG: &str = "3";

pub(crate) fn parse(text: &str) -> Frame {
    let mut chars = text.chars();
    match chars.next() {
        Some('0') => parse_open(&text[1..]),
        Some('1') => Frame::Close,
        Some('2') => Frame::Ping,
        Some('4') => parse_socket_io(&text[1..]),
        _ => Frame::Other,
    }
}

fn parse_open(json: &str) -> Frame {
    let Ok(value) = serde_json::from_str::<Value>(json) else {
        return Frame::Other;
    };
    let number =
        |key: &str, default: u64| value.get(key).and_then(Value::as_u64).unwrap_or(default);
    Frame::Open {
        ping_interval_ms: number("pingInterval", 25_000),
        ping_timeout_ms: number("pingTimeout", 20_000),
    }
}

/// `<type>[<namespace>,][<ack id>]<json>` (socket.io v5 text encoding).
fn parse_socket_io(packet: &str) -> Frame {
    let Some(kind) = packet.chars().next() else {
        return Frame::Other;
    };
    let rest = &packet[kind.len_utf8()..];
    let (namespace, rest) = if rest.starts_with('/') {
        match rest.find(',') {
            Some(comma) => (&rest[..comma], &rest[comma + 1..]),
            None => (rest, ""),
        }
    } else {
        ("/", rest)
    };
    let namespace = namespace.to_owned();
    // An ack id (digits) may come before the JSON; Evolution's events carry none.
    let json = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    match kind {
        '0' => Frame::Connected { namespace },
        '1' => Frame::Disconnected { namespace },
        '4' => {
            let message = serde_json::from_str::<Value>(json)
                .ok()
                .and_then(|v| match v {
                    Value::String(s) => Some(s),
                    v => v.get("message").and_then(Value::as_str).map(str::to_owned),
                })
                .unwrap_or_default();
            Frame::ConnectError { namespace, message }
        }
        '2' => match serde_json::from_str::<Value>(json) {
            Ok(Value::Array(mut items)) if !items.is_empty() => {
                let payload = if items.len() > 1 {
                    items.swap_remove(1)
                } else {
                    Value::Null
                };
                match items.into_iter().next() {
                    Some(Value::String(name)) => Frame::Event {
                        namespace,
                        name,
                        payload,
                    },
                    _ => Frame::Other,
                }
            }
            _ => Frame::Other,
        },
        _ => Frame::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_frames_evolution_sends() {
        assert_eq!(
            parse(
                r#"0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#
            ),
            Frame::Open {
                ping_interval_ms: 25_000,
                ping_timeout_ms: 20_000
            }
        );
        assert_eq!(parse("2"), Frame::Ping);
        assert_eq!(
            parse(r#"40/shop-01,{"sid":"x"}"#),
            Frame::Connected {
                namespace: "/shop-01".into()
            }
        );
        assert_eq!(
            parse(r#"44/shop-01,{"message":"Invalid namespace"}"#),
            Frame::ConnectError {
                namespace: "/shop-01".into(),
                message: "Invalid namespace".into()
            }
        );
        assert_eq!(
            parse(r#"42/shop-01,["messages.update",{"keyId":"K","status":"READ"}]"#),
            Frame::Event {
                namespace: "/shop-01".into(),
                name: "messages.update".into(),
                payload: json!({"keyId":"K","status":"READ"})
            }
        );
        assert_eq!(
            parse(r#"42/shop-01,7["a",1]"#),
            Frame::Event {
                namespace: "/shop-01".into(),
                name: "a".into(),
                payload: json!(1)
            }
        );
        assert_eq!(
            parse(r#"42["root",{}]"#),
            Frame::Event {
                namespace: "/".into(),
                name: "root".into(),
                payload: json!({})
            }
        );
        assert_eq!(
            parse("41/shop-01,"),
            Frame::Disconnected {
                namespace: "/shop-01".into()
            }
        );
        for junk in [
            "",
            "9",
            "42/x,not json",
            "42/x,[1,2]",
            "42/x,[]",
            "0nope",
            "4",
        ] {
            assert_eq!(parse(junk), Frame::Other, "{junk}");
        }
        assert_eq!(connect_frame("/shop-01"), "40/shop-01,");
    }
}
