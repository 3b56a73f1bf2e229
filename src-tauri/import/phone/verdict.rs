//! What the spreadsheet doctor says about one cell: the types the UI shows and stores.

use std::fmt;

use serde::Serialize;
use ts_rs::TS;

/// The verdict for one cell: the cell as the sheet had it, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhoneRepair {
    /// Exactly what the sheet had, as text; numeric cells are rendered without ".0" so the
    /// user recognises the value they typed.
    pub original: String,
    pub outcome: PhoneOutcome,
}

impl PhoneRepair {
    /// The number to send to, when there is one.
    pub fn e164(&self) -> Option<&str> {
        self.outcome.e164()
    }
}

/// `Ok` and `Repaired` are both sendable; they are apart so the UI can show the user what
/// the doctor changed (and let them disagree) instead of fixing their data silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum PhoneOutcome {
    /// The cell already held a complete international number: digits only, or "+" and
    /// digits. Nothing had to change.
    Ok {
        e164: String,
        kind: LineKind,
        /// The same line in the other Brazilian mobile format (with or without the 9th
        /// digit): the WhatsApp account may be registered under either, so the sender
        /// checks both with `whatsappNumbers` rather than guessing.
        alternative: Option<String>,
    },
    /// Usable after the listed changes, in the order they were applied.
    Repaired {
        e164: String,
        kind: LineKind,
        alternative: Option<String>,
        changes: Vec<Change>,
    },
    /// Not sendable; the reason says what the user must fix in the sheet.
    Invalid { reason: InvalidReason },
}

impl PhoneOutcome {
    pub fn e164(&self) -> Option<&str> {
        match self {
            PhoneOutcome::Ok { e164, .. } | PhoneOutcome::Repaired { e164, .. } => Some(e164),
            PhoneOutcome::Invalid { .. } => None,
        }
    }
}

/// A sendable number and what it is: an outcome that is not `Invalid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsablePhone {
    pub e164: String,
    pub kind: LineKind,
    pub alternative: Option<String>,
}

impl PhoneOutcome {
    /// The number when it can be sent to (repaired or not), or why it cannot: what a
    /// number typed by hand (an edit, the do-not-contact list) needs.
    pub fn usable(self) -> Result<UsablePhone, InvalidReason> {
        match self {
            PhoneOutcome::Ok {
                e164,
                kind,
                alternative,
            }
            | PhoneOutcome::Repaired {
                e164,
                kind,
                alternative,
                ..
            } => Ok(UsablePhone {
                e164,
                kind,
                alternative,
            }),
            PhoneOutcome::Invalid { reason } => Err(reason),
        }
    }
}

/// Mobile or fixed line. WhatsApp accounts live mostly on mobiles, but WhatsApp Business
/// runs on landlines too, so a landline is a warning for the UI, never a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    Mobile,
    Landline,
    /// The numbering plan does not tell (the USA and Canada, VoIP, personal numbers).
    Unknown,
}

/// One thing the doctor changed. Each is shown to the user, so each must be explainable
/// on its own.
// Deserialize: contacts keep their import's changes as JSON (`contacts.phone_changes`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Change {
    /// The cell was numeric: Excel drops leading zeros and the "+" from such cells, and a
    /// text copy of it ends in ".0". Formatting the column as text avoids both.
    FromNumericCell,
    /// The cell held Excel's scientific display ("5.5119876543210E+12") with every digit
    /// still present.
    FromScientificNotation,
    /// A leading "tel:" (a link copied from a web page or a signature).
    RemovedTelPrefix,
    /// Spaces, dashes, dots, brackets, invisible or full-width characters.
    StrippedPunctuation,
    /// The "00" dialled before a country code from abroad.
    RemovedInternationalPrefix,
    /// The "0" dialled before the area code for a long-distance call inside the country.
    RemovedTrunkZero,
    /// A national prefix other than "0" (some countries use "8", "06", …).
    RemovedTrunkPrefix(String),
    /// The two digits choosing the long-distance carrier in Brazil (Claro 21, Vivo 15, …).
    RemovedCarrierCode(String),
    /// The "XX" written in place of a carrier code ("0XX11 …").
    RemovedCarrierPlaceholder,
    /// The number had no country code; the default country's was added.
    AddedCountryCode,
    /// The other country's numbering rules rewrote the number in a way none of the changes
    /// above describes.
    RewrittenForCountry,
}

impl fmt::Display for Change {
    /// English text for logs and the command-line tool; the UI translates `kind` itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::FromNumericCell => {
                f.write_str("read from a numeric cell (leading zeros and \"+\" may have been lost)")
            }
            Change::FromScientificNotation => {
                f.write_str("read from scientific notation (all digits were present)")
            }
            Change::RemovedTelPrefix => f.write_str("removed the \"tel:\" prefix"),
            Change::StrippedPunctuation => f.write_str("removed spaces and punctuation"),
            Change::RemovedInternationalPrefix => {
                f.write_str("removed the international prefix \"00\"")
            }
            Change::RemovedTrunkZero => f.write_str("removed the long-distance \"0\""),
            Change::RemovedTrunkPrefix(prefix) => {
                write!(f, "removed the national prefix \"{prefix}\"")
            }
            Change::RemovedCarrierCode(code) => write!(f, "removed the carrier code \"{code}\""),
            Change::RemovedCarrierPlaceholder => {
                f.write_str("removed the carrier placeholder \"XX\"")
            }
            Change::AddedCountryCode => f.write_str("added the country code"),
            Change::RewrittenForCountry => {
                f.write_str("rewritten by the numbering rules of its country")
            }
        }
    }
}

/// Why a cell cannot be sent to. Each names something the user can fix in the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum InvalidReason {
    Empty,
    /// Excel showed the number as "5.51199E+12" and the file kept only that text: the last
    /// digits are gone for good and are never guessed.
    DigitsLostInScientificNotation,
    TooShort,
    TooLong,
    /// A Brazilian local number (8 or 9 digits) without its DDD: guessing the area would
    /// message a stranger.
    MissingAreaCode,
    /// The two digits after the country code are not a Brazilian DDD (ANATEL's list).
    InvalidAreaCode(String),
    /// The digits after the DDD fit no Brazilian format (e.g. a 9-digit number not starting
    /// with 9, or a number starting with 0 or 1).
    InvalidLocalNumber,
    /// Toll-free, premium and shared-cost numbers forward calls to a switchboard: they
    /// cannot receive WhatsApp's activation code and have no WhatsApp account.
    NonGeographic(NonGeographicKind),
    /// Letters, symbols or a fraction: not a phone number at all.
    NotAPhoneNumber,
    /// Two or more numbers in one cell ("11 98765-4321 / 11 91234-5678"): the user picks.
    SeveralNumbers,
    /// No country code and no (known) default country to add one from.
    MissingCountryCode,
    /// "+" followed by digits that start no country code.
    UnknownCountryCode,
    /// A foreign number that its country's numbering plan (libphonenumber) rejects; the
    /// value is the country code, e.g. "+44".
    InvalidForCountry(String),
}

impl fmt::Display for InvalidReason {
    /// English text for logs and the command-line tool; the UI translates `kind` itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidReason::Empty => f.write_str("the cell is empty"),
            InvalidReason::DigitsLostInScientificNotation => f.write_str(
                "the spreadsheet kept the number in scientific notation and its last digits were lost",
            ),
            InvalidReason::TooShort => f.write_str("too few digits for a phone number"),
            InvalidReason::TooLong => f.write_str("too many digits for a phone number"),
            InvalidReason::MissingAreaCode => f.write_str("the area code (DDD) is missing"),
            InvalidReason::InvalidAreaCode(ddd) => write!(f, "{ddd} is not a Brazilian area code"),
            InvalidReason::InvalidLocalNumber => {
                f.write_str("the digits after the area code are not a Brazilian phone number")
            }
            InvalidReason::NonGeographic(kind) => write!(
                f,
                "{kind} numbers cannot have a WhatsApp account (they only forward calls)"
            ),
            InvalidReason::NotAPhoneNumber => f.write_str("not a phone number"),
            InvalidReason::SeveralNumbers => f.write_str("the cell holds more than one number"),
            InvalidReason::MissingCountryCode => f.write_str("the country code is missing"),
            InvalidReason::UnknownCountryCode => f.write_str("unknown country code"),
            InvalidReason::InvalidForCountry(code) => {
                write!(f, "not a valid number for country code {code}")
            }
        }
    }
}

/// Kinds of service numbers that route calls instead of reaching a handset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NonGeographicKind {
    /// 0800 in Brazil.
    TollFree,
    /// 0300, and the nationwide 3003/400x "capitalidade" numbers in Brazil.
    SharedCost,
    /// 0900 and 0500 (donations) in Brazil.
    PremiumRate,
    /// Everything else: 0303 telemarketing, voicemail access, short codes, UAN, pagers.
    Other,
}

impl fmt::Display for NonGeographicKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NonGeographicKind::TollFree => "toll-free",
            NonGeographicKind::SharedCost => "shared-cost",
            NonGeographicKind::PremiumRate => "premium-rate",
            NonGeographicKind::Other => "service",
        })
    }
}

/// How to read cells that carry no country code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneRules {
    /// ISO 3166 alpha-2 ("BR"). Brazil takes the fast path written here; any other country
    /// goes through libphonenumber. An empty or unknown code means "no default": numbers
    /// must then carry their country code.
    pub default_country: String,
}

impl Default for PhoneRules {
    fn default() -> Self {
        Self {
            default_country: "BR".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_serialize_tagged_for_the_ui() {
        let repaired = PhoneRepair {
            original: "(11) 98765-4321".into(),
            outcome: PhoneOutcome::Repaired {
                e164: "+5511987654321".into(),
                kind: LineKind::Mobile,
                alternative: Some("+551187654321".into()),
                changes: vec![
                    Change::StrippedPunctuation,
                    Change::RemovedCarrierCode("21".into()),
                ],
            },
        };
        assert_eq!(
            serde_json::to_value(&repaired).unwrap(),
            serde_json::json!({
                "original": "(11) 98765-4321",
                "outcome": {
                    "status": "repaired",
                    "e164": "+5511987654321",
                    "kind": "mobile",
                    "alternative": "+551187654321",
                    "changes": [
                        { "kind": "strippedPunctuation" },
                        { "kind": "removedCarrierCode", "value": "21" }
                    ]
                }
            })
        );
        let invalid = PhoneOutcome::Invalid {
            reason: InvalidReason::NonGeographic(NonGeographicKind::TollFree),
        };
        assert_eq!(
            serde_json::to_value(&invalid).unwrap(),
            serde_json::json!({
                "status": "invalid",
                "reason": { "kind": "nonGeographic", "value": "tollFree" }
            })
        );
    }

    #[test]
    fn typescript_declarations_match_the_json() {
        let cfg = ts_rs::Config::new();
        let outcome = PhoneOutcome::decl(&cfg);
        assert!(outcome.contains("\"status\": \"repaired\""), "{outcome}");
        let change = Change::decl(&cfg);
        assert!(
            change.contains("\"kind\": \"removedCarrierCode\", \"value\": string"),
            "{change}"
        );
    }

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(
            InvalidReason::InvalidAreaCode("20".into()).to_string(),
            "20 is not a Brazilian area code"
        );
        assert_eq!(
            InvalidReason::NonGeographic(NonGeographicKind::TollFree).to_string(),
            "toll-free numbers cannot have a WhatsApp account (they only forward calls)"
        );
        assert_eq!(
            Change::RemovedCarrierCode("15".into()).to_string(),
            "removed the carrier code \"15\""
        );
    }

    #[test]
    fn default_rules_are_brazilian() {
        assert_eq!(PhoneRules::default().default_country, "BR");
    }

    #[test]
    fn e164_is_only_for_sendable_outcomes() {
        let ok = PhoneOutcome::Ok {
            e164: "+5511987654321".into(),
            kind: LineKind::Mobile,
            alternative: None,
        };
        assert_eq!(ok.e164(), Some("+5511987654321"));
        let invalid = PhoneOutcome::Invalid {
            reason: InvalidReason::Empty,
        };
        assert_eq!(invalid.e164(), None);
    }
}
