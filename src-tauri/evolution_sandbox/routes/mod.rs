//! The Evolution routes (contract §4) and the checks every `{instance}` route shares.

mod chat;
mod instance;
mod message;
mod rows;
mod websocket;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::json;

use super::control_routes;
use super::gate::gate;
use super::reply::Reply;
use super::shared::{api_key, Shared};
use super::socket::handshake_gate;
use super::state::{Instance, Registry};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(welcome))
        .route("/instance/create", post(instance::create))
        .route("/instance/fetchInstances", get(instance::fetch_instances))
        .route("/instance/connect/{instance}", get(instance::connect))
        .route(
            "/instance/connectionState/{instance}",
            get(instance::connection_state),
        )
        .route("/instance/restart/{instance}", post(instance::restart))
        .route("/instance/logout/{instance}", delete(instance::logout))
        .route("/instance/delete/{instance}", delete(instance::delete))
        .route("/message/sendText/{instance}", post(message::send_text))
        .route("/message/sendMedia/{instance}", post(message::send_media))
        .route(
            "/chat/whatsappNumbers/{instance}",
            post(chat::whatsapp_numbers),
        )
        .route("/chat/findMessages/{instance}", post(chat::find_messages))
        .route(
            "/chat/findStatusMessage/{instance}",
            post(chat::find_status_message),
        )
        .route("/websocket/set/{instance}", post(websocket::set))
        .route("/websocket/find/{instance}", get(websocket::find))
        .merge(control_routes::router())
        .fallback(route_missing)
        .method_not_allowed_fallback(route_missing)
        .layer(from_fn_with_state(shared.clone(), gate))
        // socket.io (contract §6) on the same port, behind the key check of its handshake.
        .layer(shared.hub.layer.clone())
        .layer(from_fn_with_state(shared.clone(), handshake_gate))
        .with_state(shared)
}

/// `GET /`: no key needed; the health check.
async fn welcome(State(shared): State<Arc<Shared>>) -> Reply {
    let mut body = json!({
        "status": 200,
        "message": "Welcome to the Evolution API, it is working!",
        "version": shared.config.version,
        "clientName": rows::CLIENT_NAME,
        "manager": format!("{}/manager", shared.base_url),
        "documentation": "https://doc.evolution-api.com",
    });
    if let Some(web) = &shared.config.whatsapp_web_version {
        body["whatsappWebVersion"] = json!(web);
    }
    Reply::ok(body)
}

/// Unknown path or wrong method (PUT restart included): Express's text, not a 405.
async fn route_missing(method: Method, uri: Uri) -> Reply {
    let url = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), ToString::to_string);
    Reply::route_missing(method.as_str(), &url)
}

/// The guards of every `{instance}` route, in the server's order: the instance must exist
/// (404, whatever the key), then the key must be the global key or this instance's token.
pub(super) fn authorized<'r>(
    registry: &'r mut Registry,
    name: &str,
    headers: &HeaderMap,
    shared: &Shared,
) -> Result<&'r mut Instance, Reply> {
    let instance = registry
        .get_mut(name)
        .ok_or_else(|| Reply::instance_missing(name))?;
    match api_key(headers) {
        Some(key) if key == shared.config.global_key || key == instance.spec.token => Ok(instance),
        _ => Err(Reply::unauthorized()),
    }
}

/// Schema violations become the usual 400 with the list of messages.
pub(super) fn schema_ok(errors: Vec<String>) -> Result<(), Reply> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Reply::schema(errors))
    }
}
