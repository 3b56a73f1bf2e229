//! Merge field names, and the values one contact gives them.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::import::slug;
use crate::storage::contacts::ContactRow;

/// The contact columns every contact has. Each answers to its Portuguese and English
/// names, the same words the import's column mapping accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BuiltinField {
    Name,
    Phone,
    Email,
    Company,
    City,
}

impl BuiltinField {
    pub const ALL: [BuiltinField; 5] = [
        BuiltinField::Name,
        BuiltinField::Phone,
        BuiltinField::Email,
        BuiltinField::Company,
        BuiltinField::City,
    ];

    /// Every key that means this field, the Portuguese one (shown in the UI) first.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            BuiltinField::Name => &["nome", "name"],
            BuiltinField::Phone => &["telefone", "phone", "celular", "whatsapp"],
            BuiltinField::Email => &["email", "e_mail"],
            BuiltinField::Company => &["empresa", "company"],
            BuiltinField::City => &["cidade", "city"],
        }
    }

    pub fn key(self) -> &'static str {
        self.keys()[0]
    }

    /// The built-in field a normalised key names.
    pub fn from_key(key: &str) -> Option<BuiltinField> {
        Self::ALL.into_iter().find(|f| f.keys().contains(&key))
    }
}

/// The key a user-typed name stands for: normalised like spreadsheet headers, and a
/// built-in field's alias folded into its main key (`{{Name}}` → `nome`).
pub fn field_key(written: &str) -> Option<String> {
    let key = slug(written)?;
    Some(canonical(&key))
}

fn canonical(key: &str) -> String {
    BuiltinField::from_key(key)
        .map(|f| f.key().to_owned())
        .unwrap_or_else(|| key.to_owned())
}

/// One contact's values, by canonical key. Built-in columns win over a custom field of
/// the same name (a sheet column "WhatsApp" kept as custom does not replace the phone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeValues {
    values: BTreeMap<String, String>,
}

impl MergeValues {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a field; the key is normalised, the value trimmed. Blank values are kept (the
    /// lint counts them) but [`MergeValues::get`] treats them as missing.
    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(key) = field_key(key) {
            self.values.insert(key, value.trim().to_owned());
        }
    }

    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.set(key, value);
        self
    }

    /// The contact's built-in columns (the phone as Brazilians write it) and its custom
    /// fields. Custom values that are numbers or booleans are written out as text.
    pub fn from_contact(contact: &ContactRow) -> Self {
        let mut values = Self::new();
        let builtins = [
            (BuiltinField::Name, contact.name.clone()),
            (
                BuiltinField::Phone,
                Some(display_phone(&contact.phone_e164)),
            ),
            (BuiltinField::Email, contact.email.clone()),
            (BuiltinField::Company, contact.company.clone()),
            (BuiltinField::City, contact.city.clone()),
        ];
        for (field, value) in builtins {
            values.set(field.key(), value.as_deref().unwrap_or_default());
        }
        let custom: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&contact.custom_fields).unwrap_or_default();
        for (key, value) in custom {
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => continue,
                other => other.to_string(),
            };
            let Some(key) = field_key(&key) else { continue };
            let taken = values.get(&key).is_some();
            if !taken {
                values.values.insert(key, text.trim().to_owned());
            }
        }
        values
    }

    /// The value of a normalised key when it is not blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(&canonical(key))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Every key present, blank or not.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }
}

/// `+5511987654321` → `(11) 98765-4321`; numbers from other countries stay in E.164.
pub fn display_phone(e164: &str) -> String {
    let Some(national) = e164.strip_prefix("+55") else {
        return e164.to_owned();
    };
    if !national.bytes().all(|b| b.is_ascii_digit()) || !(10..=11).contains(&national.len()) {
        return e164.to_owned();
    }
    let (area, line) = national.split_at(2);
    let (first, last) = line.split_at(line.len() - 4);
    format!("({area}) {first}-{last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_and_english_names_are_one_field() {
        assert_eq!(field_key("Nome").as_deref(), Some("nome"));
        assert_eq!(field_key("name").as_deref(), Some("nome"));
        assert_eq!(field_key(" City ").as_deref(), Some("cidade"));
        assert_eq!(field_key("E-mail").as_deref(), Some("email"));
        assert_eq!(
            field_key("Bairro / Região").as_deref(),
            Some("bairro_regiao")
        );
        assert_eq!(field_key(" ! "), None);
    }

    #[test]
    fn brazilian_phones_are_shown_the_local_way() {
        assert_eq!(display_phone("+5511987654321"), "(11) 98765-4321");
        assert_eq!(display_phone("+551134567890"), "(11) 3456-7890");
        assert_eq!(display_phone("+351912345678"), "+351912345678");
    }

    #[test]
    fn contact_rows_give_builtins_and_custom_fields() {
        let row = ContactRow {
            id: 1,
            list_id: 1,
            name: Some(" Maria ".into()),
            phone_e164: "+5511987654321".into(),
            phone_original: "11 98765-4321".into(),
            phone_alternative: None,
            line_kind: "mobile".into(),
            email: None,
            company: Some("".into()),
            city: Some("Recife".into()),
            custom_fields: r#"{"bairro":"Boa Viagem","pedidos":3,"vip":true,"nome":"X","x":null}"#
                .into(),
            import_id: None,
            phone_verdict: "ok".into(),
            phone_changes: None,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let values = MergeValues::from_contact(&row);
        assert_eq!(values.get("name"), Some("Maria"));
        assert_eq!(values.get("telefone"), Some("(11) 98765-4321"));
        assert_eq!(values.get("empresa"), None);
        assert_eq!(values.get("city"), Some("Recife"));
        assert_eq!(values.get("bairro"), Some("Boa Viagem"));
        assert_eq!(values.get("pedidos"), Some("3"));
        assert_eq!(values.get("vip"), Some("true"));
        assert_eq!(values.get("x"), None);
    }
}
