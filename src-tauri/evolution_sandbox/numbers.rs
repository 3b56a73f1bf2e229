//! Who is "on WhatsApp" in the sandbox, including the Brazilian 9th-digit cases
//! (contract §5 whatsappNumbers and §8.5).

use std::collections::{HashMap, HashSet};

/// Every well-formed number (8 to 15 digits) is on WhatsApp unless listed otherwise.
///
/// Brazilian mobiles (`55` + DDD + `9` + 8 digits) may be registered under the 12-digit
/// form without the 9, or only under the 13-digit form; whatsappNumbers then answers the
/// registered JID whichever form was asked. Rules for a Brazilian mobile apply to both of
/// its forms.
#[derive(Debug, Clone, Default)]
pub struct NumberDirectory {
    absent: HashSet<String>,
    /// Match key → the digits the account is registered under.
    registered_as: HashMap<String, String>,
    names: HashMap<String, String>,
    no_read_receipts: HashSet<String>,
}

/// What WhatsApp says about one number or JID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberCheck {
    pub jid: String,
    pub exists: bool,
    pub name: Option<String>,
    /// False when the recipient hides read receipts: statuses stop at DELIVERY_ACK.
    pub read_receipts: bool,
}

impl NumberDirectory {
    /// This number (either form, for a Brazilian mobile) has no WhatsApp account.
    pub fn not_on_whatsapp(mut self, number: &str) -> Self {
        self.absent.insert(match_key(&digits(number)));
        self
    }

    /// A Brazilian mobile whose account uses the 12-digit form: `5511987654321` →
    /// `551187654321@s.whatsapp.net`. Pass either form.
    pub fn registered_without_ninth_digit(mut self, number: &str) -> Self {
        let digits = digits(number);
        if let Some(key) = brazilian_mobile_key(&digits) {
            self.registered_as.insert(key.clone(), key);
        }
        self
    }

    /// A Brazilian mobile whose account uses only the 13-digit form: `551187654321` →
    /// `5511987654321@s.whatsapp.net`. Pass either form.
    pub fn registered_only_with_ninth_digit(mut self, number: &str) -> Self {
        let digits = digits(number);
        if let Some(key) = brazilian_mobile_key(&digits) {
            let with_nine = format!("{}9{}", &key[..4], &key[4..]);
            self.registered_as.insert(key, with_nine);
        }
        self
    }

    /// The contact name whatsappNumbers reports for this number (its optional `name`).
    pub fn named(mut self, number: &str, name: &str) -> Self {
        self.names
            .insert(match_key(&digits(number)), name.to_owned());
        self
    }

    /// This recipient hides read receipts, so its messages never reach READ (§8.9).
    pub fn hides_read_receipts(mut self, number: &str) -> Self {
        self.no_read_receipts.insert(match_key(&digits(number)));
        self
    }

    /// The answer for one entry of `numbers` or one `number` of a send: digits with
    /// punctuation, or a JID.
    pub(crate) fn check(&self, input: &str) -> NumberCheck {
        if let Some((user, server)) = input.split_once('@') {
            match server {
                // Groups and LIDs are addressed as they are; the sandbox knows no members.
                "g.us" | "lid" => {
                    return NumberCheck {
                        jid: input.to_owned(),
                        exists: true,
                        name: None,
                        read_receipts: true,
                    }
                }
                "s.whatsapp.net" => {
                    // A device suffix (`number:12@…`) addresses the same account.
                    let user = user.split(':').next().unwrap_or(user);
                    return self.check_digits(user);
                }
                _ => {
                    return NumberCheck {
                        jid: input.to_owned(),
                        exists: false,
                        name: None,
                        read_receipts: true,
                    }
                }
            }
        }
        self.check_digits(&strip_punctuation(input))
    }

    fn check_digits(&self, number: &str) -> NumberCheck {
        let key = match_key(number);
        let well_formed =
            (8..=15).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        let exists = well_formed && !self.absent.contains(&key);
        let registered = match self.registered_as.get(&key) {
            Some(form) if exists => form.clone(),
            _ => number.to_owned(),
        };
        NumberCheck {
            jid: format!("{registered}@s.whatsapp.net"),
            exists,
            name: self.names.get(&key).filter(|_| exists).cloned(),
            read_receipts: !self.no_read_receipts.contains(&key),
        }
    }
}

/// The characters the server strips from a `number` (spaces, `+`, `(`, `)`, `-`).
pub(crate) fn strip_punctuation(number: &str) -> String {
    number
        .chars()
        .filter(|c| !matches!(c, ' ' | '+' | '(' | ')' | '-'))
        .collect()
}

fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Both forms of a Brazilian mobile share one key (the 12-digit form); other numbers are
/// their own key.
fn match_key(digits: &str) -> String {
    brazilian_mobile_key(digits).unwrap_or_else(|| digits.to_owned())
}

/// `55` + DDD + `9` + 8 digits, or `55` + DDD + 8 digits starting 6–9 (a mobile written
/// without its 9) → the 12-digit form.
fn brazilian_mobile_key(digits: &str) -> Option<String> {
    let bytes = digits.as_bytes();
    if !digits.starts_with("55") || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match bytes.len() {
        13 if bytes[4] == b'9' => Some(format!("{}{}", &digits[..4], &digits[5..])),
        12 if (b'6'..=b'9').contains(&bytes[4]) => Some(digits.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jid(d: &NumberDirectory, input: &str) -> (String, bool) {
        let check = d.check(input);
        (check.jid, check.exists)
    }

    #[test]
    fn well_formed_numbers_exist_as_typed() {
        let d = NumberDirectory::default();
        assert_eq!(
            jid(&d, "+55 (21) 98888-7777"),
            ("5521988887777@s.whatsapp.net".into(), true)
        );
        assert_eq!(jid(&d, "123"), ("123@s.whatsapp.net".into(), false));
        assert_eq!(jid(&d, "55abc"), ("55abc@s.whatsapp.net".into(), false));
        assert_eq!(
            jid(&d, "5511987654321@s.whatsapp.net"),
            ("5511987654321@s.whatsapp.net".into(), true)
        );
        assert_eq!(
            jid(&d, "120363000000000000@g.us"),
            ("120363000000000000@g.us".into(), true)
        );
    }

    #[test]
    fn ninth_digit_rules_answer_the_registered_form() {
        let d = NumberDirectory::default()
            .registered_without_ninth_digit("5511987654321")
            .registered_only_with_ninth_digit("553187654321");
        for input in ["5511987654321", "551187654321"] {
            assert_eq!(
                jid(&d, input),
                ("551187654321@s.whatsapp.net".into(), true),
                "{input}"
            );
        }
        for input in ["553187654321", "5531987654321"] {
            assert_eq!(
                jid(&d, input),
                ("5531987654321@s.whatsapp.net".into(), true),
                "{input}"
            );
        }
        // A landline-looking 12-digit number is not a mobile without its 9.
        assert_eq!(brazilian_mobile_key("551132654321"), None);
    }

    #[test]
    fn absent_names_and_receipts_cover_both_brazilian_forms() {
        let d = NumberDirectory::default()
            .not_on_whatsapp("5511999990002")
            .named("5511987654321", "Maria")
            .hides_read_receipts("5521988887777");
        assert!(!d.check("5511999990002").exists);
        assert!(!d.check("551199990002").exists);
        assert_eq!(d.check("551187654321").name.as_deref(), Some("Maria"));
        assert!(!d.check("5521988887777").read_receipts);
        assert!(d.check("5511987654321").read_receipts);
    }
}
