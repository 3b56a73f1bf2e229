//! The IPC boundary's error: every module error becomes `{code, message, params}`.
//! The UI branches on `code` and translates it; `message` is the English technical detail.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::ai::AiError;
use crate::app_core::{ClientError, DemoError};
use crate::campaign::CampaignError;
use crate::compose::media::MediaError;
use crate::compose::ComposeError;
use crate::contacts::ContactsError;
use crate::evolution::EvolutionError;
use crate::evolution_sandbox::SandboxError;
use crate::history::export::ExportError;
use crate::import::read::ReadError;
use crate::import::report::ReportError;
use crate::import::ImportError;
use crate::profiles::ProfileError;
use crate::secrets::SecretsError;
use crate::settings::SettingsError;
use crate::storage::StorageError;
use crate::updates::UpdatesError;

/// The codes the UI acts on. Add one only when the UI shows or does something different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    KeychainUnavailable,
    SecretEmpty,
    SecretTooLong,
    InvalidSettings,
    EvolutionNotConfigured,
    EvolutionInvalidUrl,
    EvolutionUnreachable,
    EvolutionTimeout,
    EvolutionTls,
    EvolutionNotEvolution,
    EvolutionLicenceRequired,
    EvolutionUnauthorized,
    EvolutionServerError,
    EvolutionInstanceNotFound,
    EvolutionNameInUse,
    EvolutionNotConnected,
    EvolutionConnectionClosed,
    EvolutionNotOnWhatsapp,
    EvolutionValidation,
    EvolutionConnectFailed,
    EvolutionUnexpectedResponse,
    /// The server answered with a redirect: the user must enter the final address.
    EvolutionRedirected,
    /// A send reached the server and may have gone out: do not simply send it again.
    EvolutionOutcomeUnknown,
    DemoNotRunning,
    DatabaseLocked,
    DatabaseCorrupt,
    DatabaseNewerThanApp,
    DatabaseFailed,
    SettingsStoreFailed,
    ImportFileNotFound,
    ImportUnsupportedFile,
    ImportPasswordProtected,
    ImportCorrupt,
    ImportEmpty,
    ImportNoRows,
    ImportSheetNotFound,
    ImportCellTooLarge,
    ImportEncoding,
    ImportReadFailed,
    ImportNoPhoneColumn,
    ImportEmptyListName,
    ImportBadMapping,
    ImportCancelled,
    ImportNotFound,
    ImportAlreadyUndone,
    ImportTooLargeForXlsx,
    ReportWriteFailed,
    ContactNotFound,
    ListNotFound,
    ListNameInUse,
    InvalidPhone,
    TemplateInvalid,
    TemplateNameEmpty,
    TemplateEmpty,
    TemplateNameTaken,
    TemplateNotFound,
    MediaNotFound,
    MediaUnreadable,
    MediaEmpty,
    MediaTooLarge,
    MediaUnsupportedType,
    AiMissingKey,
    AiInvalidBaseUrl,
    AiUnauthorized,
    AiRateLimited,
    AiQuotaExceeded,
    AiTimeout,
    AiContentFiltered,
    AiModelNotFound,
    AiUnreachable,
    AiBadResponse,
    AiServerError,
    /// The AI server redirected to another address: the user must fix the base URL.
    AiRedirected,
    /// An AI answer changed a price, date, link… of the source, every time it was asked.
    FactsChanged,
    /// An AI answer broke the template language (unbalanced braces).
    AiBadTemplate,
    RunNotFound,
    RunApproved,
    RunNotFinished,
    CampaignNotFound,
    CampaignEmptyName,
    CampaignNoInstances,
    CampaignTemplateInvalid,
    /// The personalisation run chosen for the campaign has not been approved.
    CampaignRunNotApproved,
    CampaignNothingToSend,
    /// The action does not fit the campaign's status (`status` and `action` params).
    CampaignWrongStatus,
    /// Another Whats TIP process (the window or `tip`) is sending this campaign.
    CampaignRunningElsewhere,
    CampaignUnpacedRefused,
    CampaignInvalidPacing,
    CampaignInvalidSchedule,
    CampaignInvalidTestNumber,
    CampaignMediaUnreadable,
    ProfileNotFound,
    ProfileNameInvalid,
    ProfileNameInUse,
    ProfileNotDeletable,
    ProfileBusy,
    ProfileStoreFailed,
    /// A v1 Evolution server (`version` param): the app needs 2.x.
    EvolutionTooOld,
    /// http:// vs https:// mixed up; `suggested` is the address that answers.
    EvolutionWrongScheme,
    /// Updates: no network or the update server is down (the app keeps working).
    UpdateUnreachable,
    UpdateServerError,
    /// `latest.json` is not a valid feed, or has no build for this install type.
    UpdateBadFeed,
    UpdateNoBuild,
    /// Missing, tampered, from another key, or for another version: refused.
    UpdateBadSignature,
    UpdateDownloadFailed,
    UpdateInstallFailed,
    /// Campaigns are sending (`count` param): wait, or pause them first.
    UpdateCampaignsSending,
    /// Flatpak, Snap or a package manager updates this copy.
    UpdateNotSelfUpdating,
    UpdateNothingToInstall,
    UpdateBusy,
    /// A history export could not be written (disk full, no permission…).
    HistoryExportWriteFailed,
    /// More rows than an xlsx sheet holds: export as CSV.
    HistoryExportTooLarge,
    /// The system's open or save dialog failed, or gave a place that is not a file.
    FileDialogFailed,
    Internal,
}

/// What a failed command returns to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    /// Technical detail in English, shown under the translated text and kept in the log.
    pub message: String,
    /// Values the translated text interpolates (a field name, an HTTP status…).
    pub params: BTreeMap<String, String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    pub fn with_param(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }
}

/// The native open and save dialogs (`commands/file_dialog.rs`).
#[derive(Debug, thiserror::Error)]
pub enum DialogError {
    /// The dialog's thread died before the user answered.
    #[error("the file dialog failed: {0}")]
    Failed(String),
    /// The system answered with a location that is not a file on disk.
    #[error("the chosen location is not a file: {0}")]
    NotAFile(String),
}

/// Any error a command can hit, by module.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Evolution(#[from] EvolutionError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Demo mode: the server could not start, is not running, or refused an action.
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Compose(#[from] ComposeError),
    #[error(transparent)]
    Ai(#[from] AiError),
    #[error(transparent)]
    Contacts(#[from] ContactsError),
    #[error(transparent)]
    Campaign(CampaignError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Updates(#[from] UpdatesError),
    #[error(transparent)]
    HistoryExport(#[from] ExportError),
    #[error(transparent)]
    Dialog(#[from] DialogError),
    /// The database failed to open at start-up; every data command answers with that error.
    #[error("{}", .0.message)]
    DatabaseUnavailable(IpcError),
    #[error("{0}")]
    Internal(String),
}

impl From<ClientError> for AppError {
    fn from(err: ClientError) -> Self {
        match err {
            ClientError::Settings(e) => AppError::Settings(e),
            ClientError::Secrets(e) => AppError::Secrets(e),
            ClientError::Evolution(e) => AppError::Evolution(e),
            ClientError::Ai(e) => AppError::Ai(e),
        }
    }
}

/// Campaign errors that wrap another module's keep that module's code.
impl From<CampaignError> for AppError {
    fn from(err: CampaignError) -> Self {
        match err {
            CampaignError::Storage(e) => AppError::Storage(e),
            CampaignError::Evolution(e) => AppError::Evolution(e),
            CampaignError::Client(e) => AppError::from(e),
            other => AppError::Campaign(other),
        }
    }
}

fn campaign_ipc(err: &CampaignError) -> IpcError {
    let message = err.to_string();
    let code = match err {
        CampaignError::NotFound(_) => ErrorCode::CampaignNotFound,
        CampaignError::EmptyName => ErrorCode::CampaignEmptyName,
        CampaignError::NoInstances => ErrorCode::CampaignNoInstances,
        CampaignError::ListNotFound(_) => ErrorCode::ListNotFound,
        CampaignError::TemplateNotFound(_) => ErrorCode::TemplateNotFound,
        CampaignError::TemplateInvalid(_) => ErrorCode::CampaignTemplateInvalid,
        CampaignError::RunNotApproved(_) => ErrorCode::CampaignRunNotApproved,
        CampaignError::NothingToSend => ErrorCode::CampaignNothingToSend,
        CampaignError::WrongStatus { status, action } => {
            return IpcError::new(ErrorCode::CampaignWrongStatus, message)
                .with_param("status", status.as_str())
                .with_param("action", *action);
        }
        CampaignError::RunningElsewhere => ErrorCode::CampaignRunningElsewhere,
        CampaignError::UnpacedRefused => ErrorCode::CampaignUnpacedRefused,
        CampaignError::InvalidPacing(_) => ErrorCode::CampaignInvalidPacing,
        CampaignError::InvalidSchedule(_) => ErrorCode::CampaignInvalidSchedule,
        CampaignError::InvalidTestNumber(_) => ErrorCode::CampaignInvalidTestNumber,
        CampaignError::MediaUnreadable(_) => ErrorCode::CampaignMediaUnreadable,
        CampaignError::Lock(_) => ErrorCode::Internal,
        CampaignError::Storage(e) => e.into(),
        CampaignError::Evolution(e) => return evolution_ipc(e),
        CampaignError::Client(_) => ErrorCode::Internal,
    };
    IpcError::new(code, message)
}

impl From<&SecretsError> for ErrorCode {
    fn from(err: &SecretsError) -> Self {
        match err {
            SecretsError::Unavailable(_) => ErrorCode::KeychainUnavailable,
            SecretsError::Empty => ErrorCode::SecretEmpty,
            SecretsError::TooLong => ErrorCode::SecretTooLong,
            SecretsError::Other(_) => ErrorCode::KeychainUnavailable,
        }
    }
}

impl From<&StorageError> for ErrorCode {
    fn from(err: &StorageError) -> Self {
        match err {
            StorageError::Locked => ErrorCode::DatabaseLocked,
            StorageError::Corrupt(_) => ErrorCode::DatabaseCorrupt,
            StorageError::NewerThanApp(_) => ErrorCode::DatabaseNewerThanApp,
            StorageError::Migration(_) | StorageError::Io(_) | StorageError::Query(_) => {
                ErrorCode::DatabaseFailed
            }
        }
    }
}

impl From<StorageError> for IpcError {
    fn from(err: StorageError) -> Self {
        IpcError::new(ErrorCode::from(&err), err.to_string())
    }
}

impl From<IpcError> for AppError {
    fn from(err: IpcError) -> Self {
        AppError::DatabaseUnavailable(err)
    }
}

fn read_ipc(err: &ReadError) -> IpcError {
    let code = match err {
        ReadError::NotFound => ErrorCode::ImportFileNotFound,
        ReadError::Unsupported { .. } => ErrorCode::ImportUnsupportedFile,
        ReadError::PasswordProtected => ErrorCode::ImportPasswordProtected,
        ReadError::Corrupt(_) => ErrorCode::ImportCorrupt,
        ReadError::Empty => ErrorCode::ImportEmpty,
        ReadError::NoRows => ErrorCode::ImportNoRows,
        ReadError::SheetNotFound(_) => ErrorCode::ImportSheetNotFound,
        ReadError::CellTooLarge { .. } => ErrorCode::ImportCellTooLarge,
        ReadError::Encoding(_) => ErrorCode::ImportEncoding,
        ReadError::Io(_) => ErrorCode::ImportReadFailed,
    };
    let ipc = IpcError::new(code, err.to_string());
    match err {
        ReadError::Unsupported { detected } => ipc.with_param("detected", detected.clone()),
        ReadError::SheetNotFound(sheet) => ipc.with_param("sheet", sheet.clone()),
        ReadError::CellTooLarge { row, column } => {
            ipc.with_param("row", row.to_string()).with_param(
                "column",
                crate::import::column_letter(column.saturating_sub(1)),
            )
        }
        _ => ipc,
    }
}

fn import_ipc(err: &ImportError) -> IpcError {
    let code = match err {
        ImportError::Read(e) => return read_ipc(e),
        ImportError::Storage(e) => return IpcError::new(e.into(), err.to_string()),
        ImportError::Mapping(_) => ErrorCode::ImportBadMapping,
        ImportError::NoPhoneColumn => ErrorCode::ImportNoPhoneColumn,
        ImportError::EmptyListName => ErrorCode::ImportEmptyListName,
        ImportError::Cancelled => ErrorCode::ImportCancelled,
        ImportError::ImportNotFound(_) => ErrorCode::ImportNotFound,
        ImportError::AlreadyUndone(_) => ErrorCode::ImportAlreadyUndone,
    };
    IpcError::new(code, err.to_string())
}

fn report_ipc(err: &ReportError) -> IpcError {
    match err {
        ReportError::Read(e) => read_ipc(e),
        ReportError::Write(_) => IpcError::new(ErrorCode::ReportWriteFailed, err.to_string()),
        ReportError::TooLarge => IpcError::new(ErrorCode::ImportTooLargeForXlsx, err.to_string()),
    }
}

fn ai_ipc(err: &AiError) -> IpcError {
    let message = err.to_string();
    let code = match err {
        AiError::MissingKey => ErrorCode::AiMissingKey,
        AiError::InvalidBaseUrl(_) => ErrorCode::AiInvalidBaseUrl,
        AiError::Unauthorized { .. } => ErrorCode::AiUnauthorized,
        AiError::RateLimited { .. } => ErrorCode::AiRateLimited,
        AiError::QuotaExceeded { .. } => ErrorCode::AiQuotaExceeded,
        AiError::Timeout => ErrorCode::AiTimeout,
        AiError::ContentFiltered { .. } => ErrorCode::AiContentFiltered,
        AiError::ModelNotFound { .. } => ErrorCode::AiModelNotFound,
        AiError::Unreachable(_) => ErrorCode::AiUnreachable,
        AiError::BadResponse(_) => ErrorCode::AiBadResponse,
        AiError::Http { .. } => ErrorCode::AiServerError,
        AiError::Redirected { .. } => ErrorCode::AiRedirected,
        // The user can do nothing different from any other broken answer.
        AiError::AnswerTooLarge { .. } => ErrorCode::AiBadResponse,
    };
    let ipc = IpcError::new(code, message);
    match err {
        AiError::RateLimited {
            retry_after: Some(wait),
            ..
        } => ipc.with_param("seconds", wait.as_secs().max(1).to_string()),
        AiError::ModelNotFound { model, .. } => ipc.with_param("model", model.clone()),
        AiError::Http { status, .. } => ipc.with_param("status", status.to_string()),
        AiError::Redirected { location } => {
            ipc.with_param("location", location.clone().unwrap_or_default())
        }
        _ => ipc,
    }
}

fn compose_ipc(err: &ComposeError) -> IpcError {
    let message = err.to_string();
    match err {
        ComposeError::InvalidTemplate(problems) => {
            IpcError::new(ErrorCode::TemplateInvalid, message)
                .with_param("count", problems.len().to_string())
        }
        ComposeError::EmptyName => IpcError::new(ErrorCode::TemplateNameEmpty, message),
        ComposeError::EmptyTemplate => IpcError::new(ErrorCode::TemplateEmpty, message),
        ComposeError::NameTaken(name) => {
            IpcError::new(ErrorCode::TemplateNameTaken, message).with_param("name", name)
        }
        ComposeError::TemplateNotFound(_) => IpcError::new(ErrorCode::TemplateNotFound, message),
        ComposeError::Storage(e) => IpcError::new(e.into(), message),
        ComposeError::Ai(e) => ai_ipc(e),
        ComposeError::RunNotFound(_) => IpcError::new(ErrorCode::RunNotFound, message),
        ComposeError::RunApproved(_) => IpcError::new(ErrorCode::RunApproved, message),
        ComposeError::RunNotFinished(_) => IpcError::new(ErrorCode::RunNotFinished, message),
        ComposeError::Media(media) => match media {
            MediaError::NotFound(_) | MediaError::NotAFile(_) => {
                IpcError::new(ErrorCode::MediaNotFound, message)
            }
            MediaError::Unreadable(_) => IpcError::new(ErrorCode::MediaUnreadable, message),
            MediaError::Empty => IpcError::new(ErrorCode::MediaEmpty, message),
            MediaError::TooLarge { kind, limit, .. } => {
                IpcError::new(ErrorCode::MediaTooLarge, message)
                    .with_param("kind", kind.as_str())
                    .with_param("limitMb", (limit / 1_000_000).to_string())
            }
            MediaError::UnsupportedType { kind, mime } => {
                IpcError::new(ErrorCode::MediaUnsupportedType, message)
                    .with_param("kind", kind.as_str())
                    .with_param("mime", mime.clone())
            }
        },
    }
}

fn evolution_ipc(err: &EvolutionError) -> IpcError {
    let code = match err {
        EvolutionError::NotConfigured => ErrorCode::EvolutionNotConfigured,
        EvolutionError::InvalidUrl(_) => ErrorCode::EvolutionInvalidUrl,
        EvolutionError::Unreachable(_) => ErrorCode::EvolutionUnreachable,
        EvolutionError::Timeout => ErrorCode::EvolutionTimeout,
        EvolutionError::ConnectionLost(_) => ErrorCode::EvolutionUnreachable,
        EvolutionError::Tls(_) => ErrorCode::EvolutionTls,
        EvolutionError::NotEvolution(_) => ErrorCode::EvolutionNotEvolution,
        EvolutionError::LicenceRequired { .. } => ErrorCode::EvolutionLicenceRequired,
        EvolutionError::Unauthorized => ErrorCode::EvolutionUnauthorized,
        EvolutionError::Http { .. } => ErrorCode::EvolutionServerError,
        EvolutionError::InstanceNotFound(_) => ErrorCode::EvolutionInstanceNotFound,
        EvolutionError::NameInUse(_) => ErrorCode::EvolutionNameInUse,
        EvolutionError::NotConnected(_) => ErrorCode::EvolutionNotConnected,
        EvolutionError::ConnectionClosed(_) => ErrorCode::EvolutionConnectionClosed,
        EvolutionError::NumberNotOnWhatsApp { .. } => ErrorCode::EvolutionNotOnWhatsapp,
        EvolutionError::Validation(_) => ErrorCode::EvolutionValidation,
        EvolutionError::ConnectFailed(_) => ErrorCode::EvolutionConnectFailed,
        EvolutionError::UnexpectedResponse(_) => ErrorCode::EvolutionUnexpectedResponse,
        // The user can do nothing different from any other answer that is not Evolution's.
        EvolutionError::AnswerTooLarge { .. } => ErrorCode::EvolutionUnexpectedResponse,
        EvolutionError::Redirected { .. } => ErrorCode::EvolutionRedirected,
        EvolutionError::OutcomeUnknown { .. } => ErrorCode::EvolutionOutcomeUnknown,
        EvolutionError::TooOld { .. } => ErrorCode::EvolutionTooOld,
        EvolutionError::WrongScheme { .. } => ErrorCode::EvolutionWrongScheme,
    };
    let ipc = IpcError::new(code, err.to_string());
    match err {
        EvolutionError::Http { status, .. } => ipc.with_param("status", status.to_string()),
        EvolutionError::LicenceRequired {
            register_url: Some(url),
        } => ipc.with_param("registerUrl", url.clone()),
        EvolutionError::NumberNotOnWhatsApp { number, .. } => {
            ipc.with_param("number", number.clone())
        }
        EvolutionError::Redirected { location } => {
            ipc.with_param("location", location.clone().unwrap_or_default())
        }
        EvolutionError::TooOld { version } => ipc.with_param("version", version.clone()),
        EvolutionError::WrongScheme { suggested } => ipc.with_param("suggested", suggested.clone()),
        _ => ipc,
    }
}

fn contacts_ipc(err: &ContactsError) -> IpcError {
    let message = err.to_string();
    match err {
        ContactsError::ContactNotFound(_) => IpcError::new(ErrorCode::ContactNotFound, message),
        ContactsError::ListNotFound(_) => IpcError::new(ErrorCode::ListNotFound, message),
        ContactsError::ListNameInUse(name) => {
            IpcError::new(ErrorCode::ListNameInUse, message).with_param("name", name)
        }
        ContactsError::EmptyListName => IpcError::new(ErrorCode::ImportEmptyListName, message),
        ContactsError::InvalidPhone(text, _) => {
            IpcError::new(ErrorCode::InvalidPhone, message).with_param("phone", text)
        }
        ContactsError::Storage(e) => IpcError::new(e.into(), message),
    }
}

fn profile_ipc(err: &ProfileError) -> IpcError {
    let message = err.to_string();
    match err {
        ProfileError::NotFound(id) => {
            IpcError::new(ErrorCode::ProfileNotFound, message).with_param("id", id)
        }
        ProfileError::EmptyName | ProfileError::NameTooLong => {
            IpcError::new(ErrorCode::ProfileNameInvalid, message)
        }
        ProfileError::NameInUse(name) => {
            IpcError::new(ErrorCode::ProfileNameInUse, message).with_param("name", name)
        }
        ProfileError::DefaultNotDeletable | ProfileError::CurrentNotDeletable => {
            IpcError::new(ErrorCode::ProfileNotDeletable, message)
        }
        ProfileError::Busy { campaigns, jobs } => IpcError::new(ErrorCode::ProfileBusy, message)
            .with_param("campaigns", campaigns.to_string())
            .with_param("jobs", jobs.to_string()),
        ProfileError::Io(_) | ProfileError::Keychain(_) => {
            IpcError::new(ErrorCode::ProfileStoreFailed, message)
        }
    }
}

fn updates_ipc(err: &UpdatesError) -> IpcError {
    let code = match err {
        UpdatesError::Unreachable(_) => ErrorCode::UpdateUnreachable,
        UpdatesError::ServerError(_) => ErrorCode::UpdateServerError,
        UpdatesError::BadFeed(_) => ErrorCode::UpdateBadFeed,
        UpdatesError::NoBuildForThisInstall(_) => ErrorCode::UpdateNoBuild,
        UpdatesError::BadSignature(_) => ErrorCode::UpdateBadSignature,
        UpdatesError::Download(_) => ErrorCode::UpdateDownloadFailed,
        UpdatesError::InstallFailed(_) => ErrorCode::UpdateInstallFailed,
        UpdatesError::CampaignsSending { count } => {
            return IpcError::new(ErrorCode::UpdateCampaignsSending, err.to_string())
                .with_param("count", count.to_string());
        }
        UpdatesError::NotSelfUpdating(_) => ErrorCode::UpdateNotSelfUpdating,
        UpdatesError::NothingToInstall => ErrorCode::UpdateNothingToInstall,
        UpdatesError::Busy => ErrorCode::UpdateBusy,
    };
    IpcError::new(code, err.to_string())
}

impl From<AppError> for IpcError {
    fn from(err: AppError) -> Self {
        // Logged once here, with the whole cause, at the boundary.
        tracing::warn!(error = %err, "command failed");
        match &err {
            AppError::Secrets(e) => IpcError::new(e.into(), err.to_string()),
            AppError::Settings(SettingsError::InvalidUrl { field, .. }) => {
                let field = serde_json::to_value(field)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                IpcError::new(ErrorCode::InvalidSettings, err.to_string())
                    .with_param("field", field)
            }
            AppError::Settings(SettingsError::EmptyModel) => {
                IpcError::new(ErrorCode::InvalidSettings, err.to_string())
                    .with_param("field", "openaiModel")
            }
            AppError::Settings(SettingsError::BadCountry(_)) => {
                IpcError::new(ErrorCode::InvalidSettings, err.to_string())
                    .with_param("field", "defaultCountry")
            }
            AppError::Settings(SettingsError::OptOutWords(problem)) => {
                IpcError::new(ErrorCode::InvalidSettings, err.to_string())
                    .with_param("field", "optOutWords")
                    .with_param("reason", problem.code())
            }
            AppError::Settings(SettingsError::Read(_) | SettingsError::Write(_)) => {
                IpcError::new(ErrorCode::SettingsStoreFailed, err.to_string())
            }
            AppError::Evolution(e) => evolution_ipc(e),
            AppError::Storage(e) => IpcError::new(e.into(), err.to_string()),
            AppError::Demo(e) => {
                let code = match e {
                    DemoError::NotRunning => ErrorCode::DemoNotRunning,
                    DemoError::Start(_) => ErrorCode::Internal,
                    DemoError::Refused(SandboxError::UnknownInstance(_)) => {
                        ErrorCode::EvolutionInstanceNotFound
                    }
                    // "Simulate scan" on an instance that is not showing a QR (expired, or
                    // already connected): the same advice as a real instance not connected.
                    DemoError::Refused(SandboxError::NotPairing { .. }) => {
                        ErrorCode::EvolutionNotConnected
                    }
                    DemoError::Refused(SandboxError::NotConnected(_)) => {
                        ErrorCode::EvolutionNotConnected
                    }
                    // The demo never creates instances or sets faults through the control.
                    DemoError::Refused(
                        SandboxError::InvalidNumber(_)
                        | SandboxError::NameTaken(_)
                        | SandboxError::InvalidFaults(_),
                    ) => ErrorCode::Internal,
                };
                IpcError::new(code, err.to_string())
            }
            AppError::Import(e) => import_ipc(e),
            AppError::DatabaseUnavailable(e) => e.clone(),
            AppError::Report(e) => report_ipc(e),
            AppError::HistoryExport(e) => IpcError::new(
                match e {
                    ExportError::Write(_) => ErrorCode::HistoryExportWriteFailed,
                    ExportError::TooLarge => ErrorCode::HistoryExportTooLarge,
                },
                e.to_string(),
            ),
            AppError::Compose(e) => compose_ipc(e),
            AppError::Ai(e) => ai_ipc(e),
            AppError::Contacts(e) => contacts_ipc(e),
            AppError::Campaign(e) => campaign_ipc(e),
            AppError::Profile(e) => profile_ipc(e),
            AppError::Updates(e) => updates_ipc(e),
            AppError::Dialog(e) => IpcError::new(ErrorCode::FileDialogFailed, e.to_string()),
            AppError::Internal(_) => IpcError::new(ErrorCode::Internal, err.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_params() {
        let err: IpcError = AppError::Evolution(EvolutionError::Http {
            status: 502,
            message: "Bad Gateway".into(),
        })
        .into();
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "EVOLUTION_SERVER_ERROR");
        assert_eq!(json["params"]["status"], "502");
        assert!(json["message"].as_str().unwrap().contains("Bad Gateway"));
    }

    #[test]
    fn demo_scan_refusals_get_codes_the_ui_translates() {
        let gone: IpcError =
            AppError::from(DemoError::from(SandboxError::UnknownInstance("x".into()))).into();
        assert_eq!(gone.code, ErrorCode::EvolutionInstanceNotFound);
        let expired: IpcError = AppError::from(DemoError::from(SandboxError::NotPairing {
            instance: "x".into(),
            state: "close",
        }))
        .into();
        assert_eq!(expired.code, ErrorCode::EvolutionNotConnected);
        assert!(expired.message.contains("not waiting for a QR scan"));
    }

    #[test]
    fn redirects_and_unknown_outcomes_get_their_own_codes() {
        let err: IpcError = AppError::Evolution(EvolutionError::Redirected {
            location: Some("https://evo.example/instance/fetchInstances".into()),
        })
        .into();
        assert_eq!(err.code, ErrorCode::EvolutionRedirected);
        assert_eq!(
            err.params["location"],
            "https://evo.example/instance/fetchInstances"
        );
        let err: IpcError = AppError::Evolution(EvolutionError::OutcomeUnknown {
            cause: Box::new(EvolutionError::Timeout),
        })
        .into();
        assert_eq!(err.code, ErrorCode::EvolutionOutcomeUnknown);
        assert!(
            err.message.contains("did not answer in time"),
            "{}",
            err.message
        );
        let err: IpcError = AppError::Ai(AiError::Redirected { location: None }).into();
        assert_eq!(err.code, ErrorCode::AiRedirected);
        let err: IpcError = AppError::Ai(AiError::AnswerTooLarge {
            what: "an answer",
            limit: 8 * 1024 * 1024,
        })
        .into();
        assert_eq!(err.code, ErrorCode::AiBadResponse);
        assert!(err.message.contains("8 MiB"), "{}", err.message);
    }

    #[test]
    fn invalid_settings_names_the_field() {
        let err: IpcError = AppError::Settings(SettingsError::InvalidUrl {
            field: crate::settings::SettingsField::OpenaiBaseUrl,
            reason: "x".into(),
        })
        .into();
        assert_eq!(err.code, ErrorCode::InvalidSettings);
        assert_eq!(err.params["field"], "openaiBaseUrl");
    }

    #[test]
    fn first_run_connect_mistakes_carry_what_the_text_needs() {
        let err: IpcError = AppError::Evolution(EvolutionError::TooOld {
            version: "1.8.2".into(),
        })
        .into();
        assert_eq!(err.code, ErrorCode::EvolutionTooOld);
        assert_eq!(err.params["version"], "1.8.2");
        let err: IpcError = AppError::Evolution(EvolutionError::WrongScheme {
            suggested: "http://evo.loja.com.br:8080".into(),
        })
        .into();
        assert_eq!(err.code, ErrorCode::EvolutionWrongScheme);
        assert_eq!(err.params["suggested"], "http://evo.loja.com.br:8080");
    }
}
