//! Reads the human text out of every error body shape the contract lists (section 3).

use serde_json::Value;

/// `response.message` (arrays flattened, objects stringified), else `message`, else
/// `output.payload.message` (Boom), else the raw body.
pub fn human_message(body: &str) -> String {
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return body.trim().chars().take(300).collect();
    };
    let candidates = [
        json.pointer("/response/message"),
        json.get("message"),
        json.pointer("/output/payload/message"),
    ];
    for candidate in candidates.into_iter().flatten() {
        let text = flatten(candidate);
        if !text.is_empty() {
            return text;
        }
    }
    match &json {
        Value::Object(map) if map.is_empty() => String::new(),
        other => other.to_string(),
    }
}

fn flatten(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(flatten)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::human_message;

    #[test]
    fn every_envelope_form_gives_readable_text() {
        let cases = [
            (
                r#"{"status":400,"error":"Bad Request","response":{"message":["Invalid integration"]}}"#,
                "Invalid integration",
            ),
            (
                r#"{"status":400,"error":"Bad Request","response":{"message":[["instance requires property \"text\""]]}}"#,
                "instance requires property \"text\"",
            ),
            (
                r#"{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"#,
                "Unauthorized",
            ),
            (
                r#"{"status":500,"error":"Internal Server Error","response":{"message":["Error: Connection Closed"]}}"#,
                "Error: Connection Closed",
            ),
            (
                r#"{"data":null,"isBoom":true,"isServer":false,"output":{"statusCode":428,"payload":{"statusCode":428,"error":"Precondition Required","message":"Connection Closed"},"headers":{}}}"#,
                "Connection Closed",
            ),
            (
                r#"{"status":400,"error":"Bad Request","message":[["numbers is not of a type(s) array"]]}"#,
                "numbers is not of a type(s) array",
            ),
            (
                r#"{"error":true,"message":"[object Object]"}"#,
                "[object Object]",
            ),
            ("{}", ""),
            ("<html>Bad Gateway</html>", "<html>Bad Gateway</html>"),
        ];
        for (body, expected) in cases {
            assert_eq!(human_message(body), expected, "{body}");
        }
        let objects = r#"{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511999990002@s.whatsapp.net","exists":false,"number":"5511999990002"}]}}"#;
        assert!(human_message(objects).contains("\"exists\":false"));
    }
}
