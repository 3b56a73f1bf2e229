//! The few JSON-schema checks the server runs on request bodies, with the messages of the
//! `jsonschema` npm package as Evolution prints them (`instance.` prefix removed, a
//! property's `description` replacing the message when the schema has one).

use serde_json::Value;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    String,
    Boolean,
    Integer,
    Array,
    Object,
    /// A string from this list (`is not one of enum values: a,b`).
    OneOf(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    name: &'static str,
    kind: Kind,
    required: bool,
    description: Option<&'static str>,
}

impl Field {
    pub const fn new(name: &'static str, kind: Kind) -> Field {
        Field {
            name,
            kind,
            required: false,
            description: None,
        }
    }

    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub const fn described(mut self, description: &'static str) -> Field {
        self.description = Some(description);
        self
    }
}

/// All violations in schema order: property types first, then missing required ones.
pub(crate) fn violations(body: &Value, fields: &[Field]) -> Vec<String> {
    let Some(object) = body.as_object() else {
        return vec!["instance is not of a type(s) object".to_owned()];
    };
    let mut errors = Vec::new();
    for field in fields {
        let Some(value) = object.get(field.name) else {
            continue;
        };
        if let Some(problem) = kind_problem(field, value) {
            errors.push(field.description.map_or(problem, str::to_owned));
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        if !object.contains_key(field.name) {
            errors.push(format!("instance requires property \"{}\"", field.name));
        }
    }
    errors
}

fn kind_problem(field: &Field, value: &Value) -> Option<String> {
    let type_name = match field.kind {
        Kind::String if value.is_string() => return None,
        Kind::Boolean if value.is_boolean() => return None,
        Kind::Integer if is_integer(value) => return None,
        Kind::Array if value.is_array() => return None,
        Kind::Object if value.is_object() => return None,
        Kind::OneOf(allowed) => {
            return match value.as_str() {
                Some(s) if allowed.contains(&s) => None,
                _ => Some(format!(
                    "{} is not one of enum values: {}",
                    field.name,
                    allowed.join(",")
                )),
            }
        }
        Kind::String => "string",
        Kind::Boolean => "boolean",
        Kind::Integer => "integer",
        Kind::Array => "array",
        Kind::Object => "object",
    };
    Some(format!("{} is not of a type(s) {type_name}", field.name))
}

/// JSON Schema's `integer` accepts `1200` and `1200.0`, not `1.5` or `"1200"`.
pub(crate) fn is_integer(value: &Value) -> bool {
    value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FIELDS: &[Field] = &[
        Field::new("number", Kind::String)
            .required()
            .described("Invalid format"),
        Field::new("text", Kind::String).required(),
        Field::new("mediatype", Kind::OneOf(&["image", "document"])),
        Field::new("delay", Kind::Integer),
    ];

    #[test]
    fn messages_match_the_server() {
        assert_eq!(
            violations(&json!({"number": 5511, "text": 3}), FIELDS),
            ["Invalid format", "text is not of a type(s) string"]
        );
        assert_eq!(
            violations(&json!({"textMessage": {"text": "x"}}), FIELDS),
            [
                "instance requires property \"number\"",
                "instance requires property \"text\""
            ]
        );
        assert_eq!(
            violations(
                &json!({"number": "1", "text": "t", "mediatype": "gif", "delay": 1.5}),
                FIELDS
            ),
            [
                "mediatype is not one of enum values: image,document",
                "delay is not of a type(s) integer"
            ]
        );
        assert!(violations(
            &json!({"number": "1", "text": "t", "delay": 1200.0}),
            FIELDS
        )
        .is_empty());
        assert_eq!(
            violations(&json!([]), FIELDS),
            ["instance is not of a type(s) object"]
        );
    }
}
