//! Campaigns: one message to the contacts of a list, through one or more WhatsApp
//! instances, paced to protect the numbers, with a journal in SQLite that never sends a
//! message twice and never loses one, whatever crashes. Tauri-free: the window and `tip`
//! drive the same code through `app_core`.
//!
//! - [`model`]: what the UI and `tip` see (drafts, views, codes).
//! - [`create`]: a draft becomes recipients with a verdict and their text, rendered once.
//! - [`journal`]: the recipients' state machine, one conditional UPDATE per step.
//! - [`store`]: the campaign rows and their views.
//! - [`pacing`]: gaps, ceilings, daily caps with warm-up, sending windows (pure).
//! - [`engine`]: the workers (one per instance), rotation, retries and reconciliation.

pub mod clock;
pub mod create;
pub mod engine;
mod error;
pub mod journal;
pub mod lock;
mod model;
pub mod numbers;
pub mod pacing;
pub mod preflight;
pub mod store;

pub use error::CampaignError;
pub use model::*;
