//! The IPC surface: one list of commands, each a thin adapter named `<domain>_<verb>`.
//!
//! `ipc_commands!` is the single source of truth: it writes the `#[tauri::command]`
//! wrappers (which map errors to [`IpcError`]), the invoke handler, and the signatures
//! the TypeScript bindings are generated from, so the three cannot drift apart.

mod app;
mod demo;
mod evolution;
mod instances;
mod secrets;
mod settings;

use crate::error::IpcError;
use crate::state::AppState;

pub use app::{AppStatus, DatabaseStatus, FolderKind};
pub use evolution::TestConnectionInput;
pub use instances::ConnectInput;
pub use secrets::SecretInput;
pub use settings::{SecretsView, SettingsView};

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
                state: tauri::State<'_, AppState>,
                $( $arg: $ty ),*
            ) -> Result<$ret, IpcError> {
                $module::$name(&app, &state, $( $arg ),*).await.map_err(IpcError::from)
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
    settings::settings_get() -> SettingsView;
    settings::settings_save(input: crate::settings::Settings) -> SettingsView;
    secrets::secret_set(input: SecretInput) -> crate::secrets::SecretStatus;
    secrets::secret_remove(kind: crate::secrets::SecretKind) -> crate::secrets::SecretStatus;
    evolution::evolution_test_connection(input: TestConnectionInput) -> crate::evolution::ConnectionReport;
    instances::instances_list() -> Vec<crate::instances::InstanceView>;
    instances::instances_create(name: String) -> crate::instances::InstanceView;
    instances::instances_connect(input: ConnectInput) -> crate::instances::QrView;
    instances::instances_qr(name: String) -> crate::instances::QrView;
    instances::instances_restart(name: String) -> ();
    instances::instances_logout(name: String) -> ();
    instances::instances_delete(name: String) -> ();
    demo::demo_start() -> ();
    demo::demo_stop() -> ();
    demo::demo_scan(name: String) -> ();
}
