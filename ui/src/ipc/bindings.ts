// Generated from the Rust sources by `src-tauri/bindings.rs`. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a command or DTO.

export type ErrorCode = "KEYCHAIN_UNAVAILABLE" | "SECRET_EMPTY" | "SECRET_TOO_LONG" | "INVALID_SETTINGS" | "EVOLUTION_NOT_CONFIGURED" | "EVOLUTION_INVALID_URL" | "EVOLUTION_UNREACHABLE" | "EVOLUTION_TIMEOUT" | "EVOLUTION_TLS" | "EVOLUTION_NOT_EVOLUTION" | "EVOLUTION_LICENCE_REQUIRED" | "EVOLUTION_UNAUTHORIZED" | "EVOLUTION_SERVER_ERROR" | "EVOLUTION_INSTANCE_NOT_FOUND" | "EVOLUTION_NAME_IN_USE" | "EVOLUTION_NOT_CONNECTED" | "EVOLUTION_CONNECTION_CLOSED" | "EVOLUTION_NOT_ON_WHATSAPP" | "EVOLUTION_VALIDATION" | "EVOLUTION_CONNECT_FAILED" | "EVOLUTION_UNEXPECTED_RESPONSE" | "DEMO_NOT_RUNNING" | "DATABASE_LOCKED" | "DATABASE_CORRUPT" | "DATABASE_NEWER_THAN_APP" | "DATABASE_FAILED" | "SETTINGS_STORE_FAILED" | "INTERNAL";

export type IpcError = { code: ErrorCode, 
/**
 * Technical detail in English, shown under the translated text and kept in the log.
 */
message: string, 
/**
 * Values the translated text interpolates (a field name, an HTTP status…).
 */
params: { [key in string]: string }, };

export type Settings = { 
/**
 * Evolution server root, e.g. `https://evo.minhaloja.com.br` (no `/api` suffix).
 */
evolutionUrl: string | null, openaiModel: string, 
/**
 * OpenAI-compatible server (Azure, Ollama, LM Studio…); `None` means api.openai.com.
 */
openaiBaseUrl: string | null, language: Language, theme: Theme, };

export type Language = "pt-BR" | "en";

export type Theme = "light" | "dark" | "system";

export type SettingsField = "evolutionUrl" | "openaiModel" | "openaiBaseUrl";

export type SecretKind = "evolutionApiKey" | "openaiApiKey";

export type SecretStatus = { configured: boolean, hint: string | null, };

export type KeychainStatus = { "state": "available" } | { "state": "unavailable", reason: string, };

export type MigrationStatus = { applied: number, known: number, latest: string | null, };

export type ServerInfo = { version: string, clientName: string | null, whatsappWebVersion: string | null, };

export type ApiKeyCheck = "valid" | "invalid" | "notConfigured";

export type ConnectionReport = { server: ServerInfo, apiKey: ApiKeyCheck, };

export type AppStatus = { version: string, dataDir: string, logDir: string, database: DatabaseStatus, keychain: KeychainStatus, 
/**
 * Demo mode: the app talks to an in-process sandbox, not a real server.
 */
demo: boolean, };

export type DatabaseStatus = { "state": "ready", path: string, migrations: MigrationStatus, } | { "state": "failed", path: string, error: IpcError, };

export type FolderKind = "logs" | "data";

export type SettingsView = { settings: Settings, keychain: KeychainStatus, 
/**
 * `None` when the keychain cannot be read.
 */
secrets: SecretsView | null, };

export type SecretsView = { evolutionApiKey: SecretStatus, openaiApiKey: SecretStatus, };

export type SecretInput = { kind: SecretKind, value: string, };

export type TestConnectionInput = { 
/**
 * The address typed in the form (tested before saving); `None` uses the saved one.
 */
url: string | null, };

export type ConnectInput = { name: string, 
/**
 * Digits with country code: ask for a pairing code instead of a QR.
 */
number: string | null, };

export type ConnectionState = "open" | "connecting" | "close" | "unknown";

export type InstanceView = { name: string, 
/**
 * Live state from `connectionState` (the stored one can lag).
 */
state: ConnectionState, 
/**
 * The connected phone number (digits), from `ownerJid`.
 */
number: string | null, profileName: string | null, profilePicUrl: string | null, 
/**
 * Why it last disconnected (401 unlinked, 403 banned…), when the server says.
 */
disconnectionCode: number | null, };

export type QrView = { state: ConnectionState, 
/**
 * The QR drawn locally from the server's `code`; `None` while the server has none yet.
 */
svg: string | null, 
/**
 * Changes when the QR rotates (a fingerprint, not the payload).
 */
qrId: string | null, 
/**
 * How many QRs the server has generated in this attempt.
 */
count: number, 
/**
 * `XXXX-XXXX`, when a pairing code was asked for.
 */
pairingCode: string | null, };

/** Every IPC command: its arguments object and its result. */
export type Commands = {
  app_status: { args: Record<string, never>; result: AppStatus };
  app_open_folder: { args: { folder: FolderKind }; result: null };
  settings_get: { args: Record<string, never>; result: SettingsView };
  settings_save: { args: { input: Settings }; result: SettingsView };
  secret_set: { args: { input: SecretInput }; result: SecretStatus };
  secret_remove: { args: { kind: SecretKind }; result: SecretStatus };
  evolution_test_connection: { args: { input: TestConnectionInput }; result: ConnectionReport };
  instances_list: { args: Record<string, never>; result: Array<InstanceView> };
  instances_create: { args: { name: string }; result: InstanceView };
  instances_connect: { args: { input: ConnectInput }; result: QrView };
  instances_qr: { args: { name: string }; result: QrView };
  instances_restart: { args: { name: string }; result: null };
  instances_logout: { args: { name: string }; result: null };
  instances_delete: { args: { name: string }; result: null };
  demo_start: { args: Record<string, never>; result: null };
  demo_stop: { args: Record<string, never>; result: null };
  demo_scan: { args: { name: string }; result: null };
};

export type CommandName = keyof Commands;
