//! The IPC surface: one list of commands, each a thin adapter named `<domain>_<verb>` over
//! the core (`app_core::Core`), which Tauri manages as the app's state.
//!
//! `ipc_commands!` is the single source of truth: it writes the `#[tauri::command]`
//! wrappers (which map errors to [`IpcError`]), the invoke handler, and the signatures
//! the TypeScript bindings are generated from, so the three cannot drift apart.

mod about;
mod ai;
mod app;
mod campaigns;
mod channel;
mod compose;
mod contacts;
mod demo;
mod doctor;
mod events;
mod evolution;
mod file_dialog;
mod first_run;
mod history;
mod import;
mod instances;
mod open_files;
mod personalise;
pub mod profiles;
mod secrets;
mod settings;
pub mod tray;
mod updates;

use crate::app_core::{Core, CoreSlot};
use crate::error::IpcError;

pub use app::{AppStatus, DatabaseStatus, FolderKind};
pub use channel::{
    AssistChannel, ImportChannel, OpenFileChannel, OpenSource, OpenedFile, UpdateChannel,
};
pub use compose::{CheckInput, ComposePreview, PreviewInput};
pub use doctor::DoctorCheckInput;
pub use events::TauriEvents;
pub use evolution::TestConnectionInput;
pub use first_run::{ConnectServerInput, SampleListInput};
pub use import::{
    CellFix, ExportInput, ExportKind, FileInspection, FinishedImports, ImportCheck, ImportOutcome,
    ImportPlanInput, InspectInput, PreviewRow, SheetView,
};
pub use instances::ConnectInput;
pub use open_files::{files_in_args, OpenFiles};
pub use personalise::EstimateInput;
pub use secrets::SecretInput;
pub use settings::{SecretsView, SettingsView};
pub use updates::{current_route, install_kind, PendingUpdate};

/// The core of the profile open in the window, for code outside the command macro (tray,
/// menus, plugins' callbacks). Server profiles swap it, so never keep it past one use.
pub fn current_core(app: &tauri::AppHandle) -> Option<Core> {
    use tauri::Manager;
    app.try_state::<CoreSlot>().map(|slot| slot.current())
}

/// A command's name, argument names with TS types, and result TS type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSignature {
    pub name: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub result: String,
}

macro_rules! ipc_commands {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $ty:ty ),* ) -> $ret:ty ; )*) => {
        $(
            #[tauri::command]
            pub async fn $name(
                app: tauri::AppHandle,
                slot: tauri::State<'_, CoreSlot>,
                $( $arg: $ty ),*
            ) -> Result<$ret, IpcError> {
                // The open profile's core, taken once per call: a switch never changes it
                // under a running command.
                let core = slot.current();
                $module::$name(&app, &core, $( $arg ),*).await.map_err(IpcError::from)
            }
        )*

        /// The invoke handler registered in `lib.rs`.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$( $name ),*]
        }

        /// Every command's signature, for the generated TypeScript.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<CommandSignature> {
            vec![$(
                CommandSignature {
                    name: stringify!($name),
                    args: vec![$( (stringify!($arg), <$ty as ts_rs::TS>::name(cfg)) ),*],
                    result: <$ret as ts_rs::TS>::name(cfg),
                }
            ),*]
        }
    };
}

ipc_commands! {
    app::app_status() -> AppStatus;
    app::app_open_folder(folder: FolderKind) -> ();
    profiles::profiles_list() -> Vec<crate::profiles::ProfileView>;
    profiles::profiles_create(name: String) -> crate::profiles::ProfileView;
    profiles::profiles_rename(id: String, name: String) -> crate::profiles::ProfileView;
    profiles::profiles_delete(id: String) -> ();
    profiles::profiles_switch(id: String) -> crate::profiles::ProfileView;
    history::history_report(campaign_id: i64) -> crate::app_core::CampaignReport;
    history::history_replies(query: crate::history::ReplyQuery) -> Vec<crate::history::ReplyView>;
    history::history_resolve_review(reply_id: i64, opt_out: bool) -> bool;
    history::history_timeline(phone: String) -> Vec<crate::history::TimelineEntry>;
    history::history_top_errors(campaign_id: i64) -> Vec<crate::history::ErrorCount>;
    history::history_export(request: crate::app_core::HistoryExportRequest, title: String) -> Option<crate::app_core::HistoryExportDone>;
    history::history_campaigns(query: crate::history::CampaignListQuery) -> crate::history::CampaignListPage;
    history::history_dashboard() -> crate::history::Dashboard;
    history::history_consent_proofs() -> Vec<crate::history::ConsentEntry>;
    history::history_consent(phone: String) -> Vec<crate::history::ConsentEntry>;
    history::history_default_opt_out_words() -> Vec<String>;
    history::campaign_copy(campaign_id: i64) -> crate::history::CampaignCopy;
    history::history_recipients(campaign_id: i64, query: crate::campaign::RecipientQuery, instance: Option<String>) -> crate::campaign::RecipientPage;
    settings::settings_get() -> SettingsView;
    settings::settings_save(input: crate::settings::Settings) -> SettingsView;
    secrets::secret_set(input: SecretInput) -> crate::secrets::SecretStatus;
    secrets::secret_remove(kind: crate::secrets::SecretKind) -> crate::secrets::SecretStatus;
    evolution::evolution_test_connection(input: TestConnectionInput) -> crate::app_core::ConnectionTest;
    instances::instances_list() -> Vec<crate::instance_views::InstanceView>;
    instances::instances_create(name: String) -> crate::instance_views::InstanceView;
    instances::instances_connect(input: ConnectInput) -> crate::instance_views::QrView;
    instances::instances_qr(name: String) -> crate::instance_views::QrView;
    instances::instances_restart(name: String) -> ();
    instances::instances_logout(name: String) -> ();
    instances::instances_delete(name: String) -> ();
    doctor::doctor_check(input: DoctorCheckInput) -> crate::server_doctor::ServerDiagnosis;
    demo::demo_start() -> ();
    demo::demo_stop() -> ();
    demo::demo_scan(name: String) -> ();
    open_files::app_watch_files(channel: OpenFileChannel) -> ();
    import::import_pick_file(title: String) -> Option<String>;
    import::import_inspect(input: InspectInput) -> FileInspection;
    import::import_check(input: ImportPlanInput, max_rows: Option<usize>) -> ImportCheck;
    import::import_run(input: ImportPlanInput, job: String, on_progress: ImportChannel) -> ImportOutcome;
    import::import_cancel(job: String) -> ();
    import::import_history() -> Vec<crate::import::ImportRecord>;
    import::import_undo(import_id: i64) -> crate::import::UndoSummary;
    import::import_export(input: ExportInput) -> Option<String>;
    contacts::contacts_count(query: crate::contacts::ContactQuery) -> u64;
    contacts::contacts_page(query: crate::contacts::ContactQuery, offset: u64, limit: u32) -> Vec<crate::contacts::ContactView>;
    contacts::contacts_get(id: i64) -> crate::contacts::ContactDetail;
    contacts::contacts_update(id: i64, input: crate::contacts::ContactEditInput) -> crate::contacts::ContactDetail;
    contacts::contacts_delete(ids: Vec<i64>) -> u64;
    contacts::contacts_tag(ids: Vec<i64>, tag: String) -> ();
    contacts::contacts_untag(id: i64, tag: String) -> ();
    contacts::tags_list() -> Vec<String>;
    contacts::lists_list() -> Vec<crate::contacts::ListView>;
    contacts::lists_create(name: String) -> i64;
    contacts::lists_rename(id: i64, name: String) -> ();
    contacts::lists_delete(id: i64) -> ();
    contacts::optouts_list() -> Vec<crate::contacts::OptOutView>;
    contacts::optouts_add(input: crate::contacts::OptOutInput) -> String;
    contacts::optouts_remove(phone: String) -> ();
    compose::templates_list() -> Vec<crate::compose::library::TemplateView>;
    compose::templates_save(id: Option<i64>, draft: crate::compose::library::TemplateDraft) -> crate::compose::library::TemplateView;
    compose::templates_duplicate(id: i64) -> crate::compose::library::TemplateView;
    compose::templates_delete(id: i64) -> ();
    compose::compose_check(input: CheckInput) -> crate::compose::template::TemplateCheck;
    compose::compose_preview(input: PreviewInput) -> ComposePreview;
    ai::ai_models() -> crate::ai::ModelList;
    ai::ai_assist(task: crate::compose::assist::AssistTask, job: String, on_event: AssistChannel) -> crate::compose::assist::AssistOutcome;
    ai::ai_cancel(job: String) -> ();
    campaigns::campaign_list() -> Vec<crate::campaign::CampaignView>;
    campaigns::campaign_get(campaign_id: i64) -> crate::campaign::CampaignView;
    campaigns::campaign_create(draft: crate::campaign::CampaignDraft) -> crate::campaign::CampaignView;
    campaigns::campaign_delete(campaign_id: i64) -> ();
    campaigns::campaign_preflight(campaign_id: i64) -> crate::campaign::Preflight;
    campaigns::campaign_check_numbers(campaign_id: i64) -> crate::campaign::Preflight;
    campaigns::campaign_test_send(campaign_id: i64, number: String, instance: Option<String>) -> crate::campaign::TestSendOutcome;
    campaigns::campaign_start(input: crate::campaign::StartInput) -> crate::campaign::CampaignView;
    campaigns::campaign_pause(campaign_id: i64) -> crate::campaign::CampaignView;
    campaigns::campaign_resume(campaign_id: i64) -> crate::campaign::CampaignView;
    campaigns::campaign_cancel(campaign_id: i64) -> crate::campaign::CampaignView;
    campaigns::campaign_retry_failed(campaign_id: i64) -> crate::campaign::CampaignView;
    campaigns::campaign_recipients(campaign_id: i64, query: crate::campaign::RecipientQuery) -> crate::campaign::RecipientPage;
    campaigns::campaign_resolve(campaign_id: i64, positions: Vec<u32>, choice: crate::campaign::AttentionChoice) -> crate::campaign::CampaignView;
    personalise::personalise_estimate(input: EstimateInput) -> crate::ai::CostEstimate;
    personalise::personalise_prepare(input: crate::compose::personalise::PrepareInput) -> crate::compose::personalise::RunView;
    personalise::personalise_start(run_id: i64, concurrency: Option<u32>) -> crate::compose::personalise::RunView;
    personalise::personalise_pause(run_id: i64) -> bool;
    personalise::personalise_runs() -> Vec<crate::compose::personalise::RunView>;
    personalise::personalise_get(run_id: i64) -> crate::compose::personalise::RunView;
    personalise::personalise_messages(run_id: i64, status: Option<crate::compose::personalise::MessageStatus>, offset: u64, limit: u32) -> Vec<crate::compose::personalise::MessageView>;
    personalise::personalise_edit(run_id: i64, position: i64, text: String) -> ();
    personalise::personalise_retry_failed(run_id: i64) -> u64;
    personalise::personalise_approve(run_id: i64) -> crate::compose::personalise::RunView;
    personalise::personalise_delete(run_id: i64) -> ();
    compose::compose_pick_media(title: String, kind: Option<crate::compose::media::MediaKind>) -> Option<crate::compose::media::MediaFile>;
    first_run::first_run_connect(input: ConnectServerInput) -> crate::app_core::ConnectionTest;
    first_run::first_run_sample_list(input: SampleListInput) -> crate::app_core::SampleList;
    first_run::messages_send_test(instance: String, number: String, text: String) -> crate::app_core::TestMessage;
    updates::updates_status() -> crate::updates::UpdatesStatus;
    updates::updates_check(automatic: bool) -> crate::updates::UpdateCheck;
    updates::updates_install(pause_campaigns: bool, on_progress: UpdateChannel) -> String;
    updates::updates_relaunch() -> ();
    about::app_about() -> crate::about::AboutView;
    about::app_open_link(link: crate::about::AboutLink) -> ();
}
