//! The composer's domain: message templates (merge fields, spintax, lint, rendering per
//! contact), the template library, media attachments, and the guards AI output must pass
//! (facts locked, near-duplicates rejected). No Tauri here.

pub mod assist;
mod error;
pub mod facts;
pub mod formatting;
pub mod library;
pub mod media;
pub mod personalise;
pub mod preview;
pub mod similarity;
pub mod template;
mod text_range;

pub use error::ComposeError;
pub use text_range::TextRange;
