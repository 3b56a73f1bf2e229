//! Integration tests: real SQLite files, the real Secret Service, local HTTP test doubles,
//! and the `tip` binary itself.
//!
//! Tests marked `#[ignore = "needs a Secret Service…"]` talk to the OS keychain;
//! `scripts/test.sh` runs them inside a private D-Bus session with gnome-keyring.

// Tests fail loudly: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ai;
mod answer_limits;
mod app_core;
mod assist;
mod campaign_crash;
mod campaigns;
mod cli;
mod cli_compose;
mod contacts_browse;
mod contacts_import;
mod contacts_query_plans;
mod events_rig;
mod evolution_client;
mod evolution_double;
mod evolution_errors;
mod evolution_events;
mod evolution_health;
mod evolution_sandbox;
mod evolution_send_outcome;
mod export_safety;
mod first_run;
mod history;
mod history_export;
mod history_screens;
mod import_read;
mod keychain;
mod logging;
mod openai_sandbox;
mod personalise;
mod personalise_sandbox;
mod phone_repair;
mod profiles;
mod redirects;
mod sandbox_campaign;
mod sandbox_contract;
mod sandbox_events;
mod sandbox_load;
mod server_doctor;
mod server_events;
mod storage;
mod support;
