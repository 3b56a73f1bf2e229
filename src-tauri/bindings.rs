//! Generates `ui/src/ipc/bindings.ts`: every DTO, the error codes, and the command map.
//! A test fails when the committed file is stale; `UPDATE_BINDINGS=1 cargo test bindings`
//! rewrites it.

use ts_rs::{Config, TS};

use crate::commands;

/// The committed file, relative to the crate root.
pub const BINDINGS_PATH: &str = "ui/src/ipc/bindings.ts";

macro_rules! declarations {
    ($cfg:expr; $( $ty:ty ),* $(,)?) => {
        vec![$( format!("export {}", <$ty as TS>::decl($cfg)) ),*]
    };
}

/// The whole generated file.
pub fn render() -> String {
    // Every integer crossing IPC fits in f64; `number` keeps the UI free of bigint.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust sources by `src-tauri/bindings.rs`. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a command or DTO.\n\n\
         import type { Channel } from \"@tauri-apps/api/core\";\n\n",
    );
    let decls = declarations![&cfg;
        crate::error::ErrorCode,
        crate::error::IpcError,
        crate::settings::Settings,
        crate::settings::Language,
        crate::settings::Theme,
        crate::settings::SettingsField,
        crate::secrets::SecretKind,
        crate::secrets::SecretStatus,
        crate::secrets::KeychainStatus,
        crate::storage::MigrationStatus,
        crate::evolution::ServerInfo,
        crate::evolution::ApiKeyCheck,
        crate::evolution::compat::ServerSupport,
        crate::profiles::ProfileView,
        crate::history::ReceiptStatus,
        crate::history::ReplyIntent,
        crate::history::Funnel,
        crate::history::InstanceHealth,
        crate::history::HourCount,
        crate::history::ReplyQuery,
        crate::history::ReplyView,
        crate::history::TimelineKind,
        crate::history::TimelineEntry,
        crate::history::ErrorCount,
        crate::history::export::ExportTable,
        crate::history::export::ExportFormat,
        crate::app_core::HistoryExportRequest,
        crate::app_core::HistoryExportDone,
        crate::history::CampaignListQuery,
        crate::history::CampaignSummary,
        crate::history::CampaignListPage,
        crate::history::InstanceToday,
        crate::history::Dashboard,
        crate::history::ConsentEntry,
        crate::history::CampaignCopy,
        crate::app_core::CampaignReport,
        crate::evolution::ConnectionReport,
        crate::app_core::ConnectionTest,
        crate::app_core::TestKey,
        crate::events::AppEvent,
        crate::campaign::MessageSource,
        crate::campaign::CampaignDraft,
        crate::campaign::CampaignStatus,
        crate::campaign::PauseReason,
        crate::campaign::RecipientState,
        crate::campaign::Verdict,
        crate::campaign::CampaignCounts,
        crate::campaign::CampaignInstanceView,
        crate::campaign::LeftReason,
        crate::campaign::CampaignMedia,
        crate::campaign::CampaignView,
        crate::campaign::RecipientView,
        crate::campaign::RecipientFilter,
        crate::campaign::RecipientQuery,
        crate::campaign::RecipientPage,
        crate::campaign::AttentionChoice,
        crate::campaign::VerdictCounts,
        crate::campaign::Risk,
        crate::campaign::NumberCheckProgress,
        crate::campaign::Preflight,
        crate::campaign::TestSendOutcome,
        crate::campaign::StartInput,
        crate::campaign::InstanceProgress,
        crate::campaign::InstanceRunState,
        crate::campaign::pacing::PacingPreset,
        crate::campaign::pacing::PacingSettings,
        crate::campaign::pacing::SendingWindow,
        crate::campaign::pacing::Weekday,
        commands::AppStatus,
        commands::DatabaseStatus,
        commands::FolderKind,
        commands::SettingsView,
        commands::SecretsView,
        commands::SecretInput,
        commands::TestConnectionInput,
        commands::ConnectInput,
        crate::evolution::ConnectionState,
        crate::instance_views::InstanceView,
        crate::instance_views::QrView,
        crate::server_doctor::ServerFacts,
        crate::server_doctor::InstanceObservation,
        crate::server_doctor::FindingId,
        crate::server_doctor::FindingLevel,
        crate::server_doctor::ServerVariable,
        crate::server_doctor::SettingNote,
        crate::server_doctor::ServerSetting,
        crate::server_doctor::ServerFinding,
        crate::server_doctor::ServerDiagnosis,
        commands::DoctorCheckInput,
        crate::contacts::ContactQuery,
        crate::contacts::ContactView,
        crate::contacts::ContactDetail,
        crate::contacts::ContactEditInput,
        crate::storage::contacts::PhoneVerdict,
        crate::storage::contacts::ContactLineKind,
        crate::contacts::ListView,
        crate::contacts::OptOutView,
        crate::contacts::OptOutInput,
        commands::CheckInput,
        commands::PreviewInput,
        commands::ComposePreview,
        crate::compose::TextRange,
        crate::compose::template::LintKind,
        crate::compose::template::Severity,
        crate::compose::template::LintProblem,
        crate::compose::template::TemplateCheck,
        crate::compose::template::Rendered,
        crate::compose::template::RenderTrace,
        crate::compose::template::SpinChoice,
        crate::compose::template::FieldUse,
        crate::compose::template::FieldOutcome,
        crate::compose::template::BuiltinField,
        crate::compose::media::MediaKind,
        crate::compose::media::MediaFile,
        crate::compose::library::TemplateDraft,
        crate::compose::library::MediaDraft,
        crate::compose::library::TemplateView,
        crate::compose::library::TemplateMedia,
        commands::AssistChannel,
        commands::EstimateInput,
        crate::ai::ModelList,
        crate::ai::CostEstimate,
        crate::ai::ModelPrice,
        crate::ai::DraftBrief,
        crate::ai::Tone,
        crate::ai::MessageLength,
        crate::ai::RewriteRequest,
        crate::ai::RewriteKind,
        crate::ai::VariationsRequest,
        crate::compose::assist::AssistTask,
        crate::compose::assist::AssistEvent,
        crate::compose::assist::AssistOutcome,
        crate::compose::assist::Rejected,
        crate::compose::assist::RejectReason,
        crate::compose::facts::FactViolation,
        crate::compose::facts::ViolationKind,
        crate::compose::facts::Fact,
        crate::compose::facts::FactKind,
        crate::compose::personalise::PrepareInput,
        crate::compose::personalise::RunView,
        crate::compose::personalise::RunStatus,
        crate::compose::personalise::RunCounts,
        crate::compose::personalise::MessageView,
        crate::compose::personalise::MessageStatus,
        commands::OpenFileChannel,
        commands::ImportChannel,
        commands::OpenedFile,
        commands::OpenSource,
        commands::InspectInput,
        commands::FileInspection,
        commands::SheetView,
        commands::PreviewRow,
        commands::ImportPlanInput,
        commands::CellFix,
        commands::ImportCheck,
        commands::ImportOutcome,
        commands::ExportInput,
        commands::ExportKind,
        crate::import::ColumnMapping,
        crate::import::MappedColumn,
        crate::import::Field,
        crate::import::MappingSuggestion,
        crate::import::PhoneCandidate,
        crate::import::DuplicatePolicy,
        crate::import::ImportProgress,
        crate::import::ImportCounts,
        crate::import::RowReport,
        crate::import::RowVerdict,
        crate::import::RowAction,
        crate::import::DuplicateOf,
        crate::import::phone::Change,
        crate::import::phone::InvalidReason,
        crate::import::phone::NonGeographicKind,
        crate::import::ImportRecord,
        crate::import::ImportStatus,
        crate::import::UndoSummary,
        commands::ConnectServerInput,
        commands::SampleListInput,
        crate::app_core::SampleList,
        crate::app_core::TestMessage,
        crate::updates::UpdateCheck,
        crate::updates::UpdatesStatus,
        crate::updates::UpdateRoute,
        crate::updates::InstallKind,
        crate::updates::UpdateProgress,
        commands::UpdateChannel,
        crate::about::AboutView,
        crate::about::AboutLink,
    ];
    for decl in decls {
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str("/** Every IPC command: its arguments object and its result. */\nexport type Commands = {\n");
    for sig in commands::signatures(&cfg) {
        let args = if sig.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = sig
                .args
                .iter()
                .map(|(name, ty)| format!("{}: {ty}", camel_case(name)))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; result: {} }};\n",
            sig.name, sig.result
        ));
    }
    out.push_str("};\n\nexport type CommandName = keyof Commands;\n");
    out
}

/// Tauri renames snake_case argument names to camelCase on the JS side.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let fresh = render();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{BINDINGS_PATH} is stale: run `UPDATE_BINDINGS=1 cargo test --lib bindings` and commit it"
        );
    }

    #[test]
    fn command_args_become_camel_case() {
        assert_eq!(camel_case("instance_name"), "instanceName");
        assert_eq!(camel_case("input"), "input");
    }
}
