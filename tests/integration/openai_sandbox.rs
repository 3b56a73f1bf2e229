//! The OpenAI sandbox speaks OpenAI's wire contract exactly (checked with raw HTTP, not our
//! client): model list, completion and chunk shapes, SSE framing, error bodies and headers,
//! and the `/_sandbox/*` control routes.

use std::time::Duration;

use serde_json::{json, Value};
use whats_tip::openai_sandbox::{OpenAiSandbox, OpenAiSandboxConfig};

struct Api {
    sandbox: OpenAiSandbox,
    http: reqwest::Client,
}

impl Api {
    async fn start() -> Api {
        let sandbox = OpenAiSandbox::start(
            OpenAiSandboxConfig::default(),
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .unwrap();
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Api { sandbox, http }
    }

    fn key(&self) -> String {
        self.sandbox.api_key().to_owned()
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.sandbox.url()));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.text().await.unwrap())
    }

    async fn post(&self, path: &str, body: Value) -> (u16, reqwest::header::HeaderMap, String) {
        self.send(reqwest::Method::POST, path, Some(&self.key()), Some(body))
            .await
    }
}

fn chat(stream: bool) -> Value {
    json!({
        "model": "gpt-4o-mini",
        "stream": stream,
        "messages": [{"role": "user", "content": "Oi {{nome}}, R$ 10,00"}],
    })
}

#[tokio::test]
async fn models_and_completions_have_openais_shape() {
    let api = Api::start().await;
    let (status, _, text) = api
        .send(reqwest::Method::GET, "/v1/models", Some(&api.key()), None)
        .await;
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(list["object"], "list");
    let first = &list["data"][0];
    assert_eq!(first["object"], "model");
    assert!(first["id"].is_string() && first["created"].is_u64() && first["owned_by"].is_string());

    let (status, headers, text) = api.post("/v1/chat/completions", chat(false)).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["object"], "chat.completion");
    assert!(body["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert_eq!(body["model"], "gpt-4o-mini");
    let choice = &body["choices"][0];
    assert_eq!(choice["index"], 0);
    assert_eq!(choice["message"]["role"], "assistant");
    assert!(choice["message"]["content"]
        .as_str()
        .unwrap()
        .contains("{{nome}}"));
    assert_eq!(choice["finish_reason"], "stop");
    let usage = &body["usage"];
    assert_eq!(
        usage["total_tokens"].as_u64().unwrap(),
        usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn streams_are_sse_chunks_ending_in_done() {
    let api = Api::start().await;
    let mut body = chat(true);
    body["stream_options"] = json!({"include_usage": true});
    let (status, headers, text) = api.post("/v1/chat/completions", body).await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    assert!(text.ends_with("data: [DONE]\n\n"), "{text}");
    let events: Vec<Value> = text
        .split("\n\n")
        .filter(|e| !e.is_empty() && *e != "data: [DONE]")
        .map(|e| serde_json::from_str(e.strip_prefix("data: ").unwrap()).unwrap())
        .collect();
    assert!(events
        .iter()
        .all(|e| e["object"] == "chat.completion.chunk"));
    assert_eq!(events[0]["choices"][0]["delta"]["role"], "assistant");
    let content: String = events
        .iter()
        .filter_map(|e| e["choices"][0]["delta"]["content"].as_str())
        .collect();
    assert!(content.contains("R$ 10,00"));
    let finish = &events[events.len() - 2];
    assert_eq!(finish["choices"][0]["finish_reason"], "stop");
    assert_eq!(finish["choices"][0]["delta"], json!({}));
    let usage = &events[events.len() - 1];
    assert_eq!(usage["choices"], json!([]));
    assert!(usage["usage"]["completion_tokens"].as_u64().unwrap() > 0);
    assert!(events[1]["choices"][0]["finish_reason"].is_null());
}

#[tokio::test]
async fn errors_have_openais_bodies_and_headers() {
    let api = Api::start().await;
    let (status, _, text) = api
        .send(reqwest::Method::GET, "/v1/models", None, None)
        .await;
    assert_eq!(status, 401);
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("You didn't provide an API key"));

    let (status, _, text) = api
        .send(
            reqwest::Method::GET,
            "/v1/models",
            Some("sk-proj-abcdefghijklmnopMxYA"),
            None,
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"error": {
            "message": "Incorrect API key provided: sk-proj-****************MxYA. You can find your API key at https://platform.openai.com/account/api-keys.",
            "type": "invalid_request_error", "param": null, "code": "invalid_api_key"
        }})
    );

    let mut unknown = chat(false);
    unknown["model"] = json!("gpt-9");
    let (status, _, text) = api.post("/v1/chat/completions", unknown).await;
    assert_eq!(status, 404);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["error"],
        json!({"message": "The model `gpt-9` does not exist or you do not have access to it.",
               "type": "invalid_request_error", "param": null, "code": "model_not_found"})
    );

    // Faults over the control routes.
    let (status, _, _) = api
        .post(
            "/_sandbox/faults",
            json!([{"kind": "rateLimited", "retryAfterSecs": 2}, {"kind": "quotaExceeded"}]),
        )
        .await;
    assert_eq!(status, 200);
    let (status, headers, text) = api.post("/v1/chat/completions", chat(false)).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "2");
    let error = &serde_json::from_str::<Value>(&text).unwrap()["error"];
    assert_eq!(error["type"], "requests");
    assert_eq!(error["code"], "rate_limit_exceeded");
    let (status, _, text) = api.post("/v1/chat/completions", chat(false)).await;
    assert_eq!(status, 429);
    let error = &serde_json::from_str::<Value>(&text).unwrap()["error"];
    assert_eq!(
        (&error["type"], &error["code"]),
        (&json!("insufficient_quota"), &json!("insufficient_quota"))
    );

    let (status, _, text) = api.post("/v1/nope", json!({})).await;
    assert_eq!(status, 404);
    assert!(text.contains("Invalid URL (POST /v1/nope)"));
}

#[tokio::test]
async fn control_routes_need_the_key_and_drive_the_sandbox() {
    let api = Api::start().await;
    let (status, _, _) = api
        .send(reqwest::Method::GET, "/_sandbox/journal", None, None)
        .await;
    assert_eq!(status, 401);

    let (status, _, text) = api
        .send(
            reqwest::Method::PUT,
            "/_sandbox/settings",
            Some(&api.key()),
            Some(json!({"latencyMs": 0, "chunkDelayMs": 1, "facts": "break"})),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    let (_, _, text) = api
        .post(
            "/_sandbox/replies",
            json!({"content": "Resposta roteirizada"}),
        )
        .await;
    assert_eq!(
        serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, _, text) = api.post("/v1/chat/completions", chat(false)).await;
    assert!(text.contains("Resposta roteirizada"));
    // The queue is empty again: generated text, facts broken as set.
    let (_, _, text) = api.post("/v1/chat/completions", chat(false)).await;
    assert!(
        !text.contains("R$ 10,00") && !text.contains("{{nome}}"),
        "{text}"
    );

    let (_, _, text) = api
        .send(
            reqwest::Method::GET,
            "/_sandbox/journal",
            Some(&api.key()),
            None,
        )
        .await;
    let journal: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(journal["requests"].as_array().unwrap().len(), 2);
    assert_eq!(journal["requests"][0]["auth"], "valid");
    assert_eq!(journal["maxInFlight"], 1);
    assert!(
        !text.contains(&api.key()),
        "the journal never holds the key"
    );

    let (status, _, _) = api
        .post("/_sandbox/faults", json!({"kind": "noSuchFault"}))
        .await;
    assert_eq!(status, 400);
}
