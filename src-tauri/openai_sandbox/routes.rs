//! The API routes (`/v1/*`), OpenAI's answer to unknown ones, and the control routes.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::chat::{admit, completions};
use super::control_routes;
use super::faults::Fault;
use super::reply::Reply;
use super::shared::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/models", get(models))
        .route("/v1/models/{model}", get(model))
        .route("/v1/chat/completions", post(completions))
        .merge(control_routes::router())
        .fallback(invalid_url)
        .method_not_allowed_fallback(invalid_url)
        .with_state(shared)
}

fn model_object(shared: &Shared, id: &str) -> Value {
    json!({
        "id": id,
        "object": "model",
        "created": shared.config.created,
        "owned_by": if id.starts_with("gpt-") { "system" } else { "sandbox" },
    })
}

async fn models(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    match admit(&shared, &method, &uri, &headers, &bytes).await {
        Err(response) => return response,
        Ok(admitted)
            if matches!(
                admitted.fault,
                Some(Fault::MalformedJson | Fault::MalformedSse)
            ) =>
        {
            return (
                [("content-type", "application/json")],
                "{\"object\":\"list\",\"data\":[{\"id\"",
            )
                .into_response()
        }
        Ok(_) => {}
    }
    let data: Vec<Value> = shared
        .config
        .models
        .iter()
        .map(|id| model_object(&shared, id))
        .collect();
    Reply::ok(json!({"object": "list", "data": data})).into_response()
}

async fn model(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    if let Err(response) = admit(&shared, &method, &uri, &headers, &bytes).await {
        return response;
    }
    if shared.config.models.contains(&id) {
        Reply::ok(model_object(&shared, &id)).into_response()
    } else {
        Reply::model_not_found(&id).into_response()
    }
}

async fn invalid_url(method: Method, uri: Uri) -> Reply {
    Reply::invalid_url(method.as_str(), uri.path())
}
