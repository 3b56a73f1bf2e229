//! Instance lifecycle: create, list, connect (QR or pairing code), state, restart,
//! logout, delete (contract §5 and §7).

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use super::client::EvolutionClient;
use super::error::EvolutionError;
use super::types::{
    ConnectOutcome, ConnectionState, CreateInstance, CreatedInstance, InstanceRecord, QrCode,
};
use crate::secrets::Sensitive;

/// `create` with `qrcode:true` waits ~5 s on the server before answering.
const CREATE_TIMEOUT: Duration = Duration::from_secs(60);
/// `connect` waits ~2 s when starting from `close`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// Names the server can address later: it accepts anything, even `""`, so we check here.
pub fn validate_instance_name(name: &str) -> Result<(), EvolutionError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(EvolutionError::Validation(format!(
            "instance names use 1 to 64 letters, digits, - or _ (got {name:?})"
        )))
    }
}

/// Digits only, for `number` parameters (the server strips punctuation too, but the
/// pairing code needs the exact number).
pub fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

fn path(prefix: &str, instance: &str) -> String {
    format!("{prefix}/{}", encode(instance))
}

pub(crate) fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A 200 body with `"error": true` is a failure on connect/restart (contract §3).
fn ok_or_connect_failure(body: &Value) -> Result<(), EvolutionError> {
    if body.get("error").and_then(Value::as_bool) == Some(true) {
        let message = super::envelope::human_message(&body.to_string());
        return Err(EvolutionError::ConnectFailed(message));
    }
    Ok(())
}

/// Reads connect/restart answers: `{"instance":{"state":…}}` or a QR object.
fn connect_outcome(body: Value) -> Result<ConnectOutcome, EvolutionError> {
    ok_or_connect_failure(&body)?;
    if let Some(state) = body.pointer("/instance/state") {
        let state: ConnectionState = serde_json::from_value(state.clone()).unwrap_or_default();
        return Ok(ConnectOutcome::State(state));
    }
    serde_json::from_value::<QrCode>(body)
        .map(ConnectOutcome::Qr)
        .map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()))
}

impl EvolutionClient {
    /// `POST /instance/create` with the Baileys integration.
    pub async fn create_instance(
        &self,
        input: &CreateInstance,
    ) -> Result<CreatedInstance, EvolutionError> {
        validate_instance_name(&input.instance_name)?;
        let mut body = json!({
            "instanceName": input.instance_name,
            "integration": "WHATSAPP-BAILEYS",
            "qrcode": input.qrcode,
        });
        if let Some(number) = &input.number {
            body["number"] = Value::String(digits(number));
        }
        let json = self
            .call_json(
                Method::POST,
                "/instance/create",
                Some(&body),
                CREATE_TIMEOUT,
            )
            .await?;
        let instance = json.get("instance").cloned().unwrap_or(Value::Null);
        Ok(CreatedInstance {
            instance_name: instance
                .get("instanceName")
                .and_then(Value::as_str)
                .unwrap_or(&input.instance_name)
                .to_owned(),
            instance_id: instance
                .get("instanceId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            token: json
                .get("hash")
                .and_then(Value::as_str)
                .map(|h| Sensitive::new(h.to_owned())),
            qrcode: json
                .get("qrcode")
                .and_then(|q| serde_json::from_value(q.clone()).ok()),
        })
    }

    /// `GET /instance/fetchInstances`: every instance this key may see.
    pub async fn fetch_instances(&self) -> Result<Vec<InstanceRecord>, EvolutionError> {
        let json = self.get_json_retrying("/instance/fetchInstances").await?;
        serde_json::from_value(json).map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()))
    }

    /// `GET /instance/connect/{instance}`; with `number` (only honoured from `close`) the
    /// answer carries a pairing code.
    pub async fn connect(
        &self,
        instance: &str,
        number: Option<&str>,
    ) -> Result<ConnectOutcome, EvolutionError> {
        let mut p = path("/instance/connect", instance);
        if let Some(number) = number {
            p.push_str(&format!("?number={}", digits(number)));
        }
        let json = self
            .call_json(Method::GET, &p, None, CONNECT_TIMEOUT)
            .await?;
        connect_outcome(json)
    }

    /// `GET /instance/connectionState/{instance}`: the live state.
    pub async fn connection_state(
        &self,
        instance: &str,
    ) -> Result<ConnectionState, EvolutionError> {
        let json = self
            .get_json_retrying(&path("/instance/connectionState", instance))
            .await?;
        Ok(json
            .pointer("/instance/state")
            .and_then(|s| serde_json::from_value(s.clone()).ok())
            .unwrap_or(ConnectionState::Unknown))
    }

    /// `POST /instance/restart/{instance}`. From `close` the server answers
    /// 200 `{"error":true}`, which means "not connected".
    pub async fn restart(&self, instance: &str) -> Result<ConnectOutcome, EvolutionError> {
        let json = self
            .call_json(
                Method::POST,
                &path("/instance/restart", instance),
                None,
                CONNECT_TIMEOUT,
            )
            .await?;
        connect_outcome(json).map_err(|e| match e {
            EvolutionError::ConnectFailed(_) => EvolutionError::NotConnected(instance.to_owned()),
            other => other,
        })
    }

    /// `DELETE /instance/logout/{instance}`: unlinks the phone, keeps the instance.
    pub async fn logout(&self, instance: &str) -> Result<(), EvolutionError> {
        self.call_json(
            Method::DELETE,
            &path("/instance/logout", instance),
            None,
            CONNECT_TIMEOUT,
        )
        .await
        .map(|_| ())
    }

    /// `DELETE /instance/delete/{instance}`: removes it (the server logs out first).
    pub async fn delete_instance(&self, instance: &str) -> Result<(), EvolutionError> {
        self.call_json(
            Method::DELETE,
            &path("/instance/delete", instance),
            None,
            CONNECT_TIMEOUT,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_server_cannot_address_are_refused() {
        for ok in ["loja-01", "Loja_Centro", "a"] {
            assert!(validate_instance_name(ok).is_ok(), "{ok}");
        }
        let long = "x".repeat(65);
        for bad in ["", "loja 01", "loja/01", "lojá", long.as_str()] {
            assert!(validate_instance_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn connect_answers_are_read_in_every_shape() {
        let qr = connect_outcome(json!({"pairingCode":"WZYEH1YY","code":"2@abc","base64":"data:image/png;base64,xx","count":1})).unwrap();
        assert_eq!(
            qr,
            ConnectOutcome::Qr(QrCode {
                pairing_code: Some("WZYEH1YY".into()),
                code: Some("2@abc".into()),
                count: 1
            })
        );
        assert_eq!(
            connect_outcome(json!({"count":0})).unwrap(),
            ConnectOutcome::Qr(QrCode::default())
        );
        assert_eq!(
            connect_outcome(json!({"instance":{"instanceName":"x","state":"open"}})).unwrap(),
            ConnectOutcome::State(ConnectionState::Open)
        );
        assert!(matches!(
            connect_outcome(json!({"error":true,"message":"[object Object]"})),
            Err(EvolutionError::ConnectFailed(_))
        ));
    }

    #[test]
    fn instance_names_are_url_encoded_in_paths() {
        assert_eq!(
            path("/instance/connect", "loja 1"),
            "/instance/connect/loja%201"
        );
        assert_eq!(digits("+55 (11) 98765-4321"), "5511987654321");
    }
}
