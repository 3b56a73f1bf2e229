// Generated from the Rust sources by `src-tauri/bindings.rs`. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a command or DTO.

export type ErrorCode = "KEYCHAIN_UNAVAILABLE" | "SECRET_EMPTY" | "SECRET_TOO_LONG" | "INVALID_SETTINGS" | "EVOLUTION_NOT_CONFIGURED" | "EVOLUTION_INVALID_URL" | "EVOLUTION_UNREACHABLE" | "EVOLUTION_TIMEOUT" | "EVOLUTION_TLS" | "EVOLUTION_NOT_EVOLUTION" | "EVOLUTION_LICENCE_REQUIRED" | "EVOLUTION_UNAUTHORIZED" | "EVOLUTION_SERVER_ERROR" | "DATABASE_LOCKED" | "DATABASE_CORRUPT" | "DATABASE_NEWER_THAN_APP" | "DATABASE_FAILED" | "SETTINGS_STORE_FAILED" | "INTERNAL";

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

export type AppStatus = { version: string, dataDir: string, logDir: string, database: DatabaseStatus, keychain: KeychainStatus, };

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

/** Every IPC command: its arguments object and its result. */
export type Commands = {
  app_status: { args: Record<string, never>; result: AppStatus };
  app_open_folder: { args: { folder: FolderKind }; result: null };
  settings_get: { args: Record<string, never>; result: SettingsView };
  settings_save: { args: { input: Settings }; result: SettingsView };
  secret_set: { args: { input: SecretInput }; result: SecretStatus };
  secret_remove: { args: { kind: SecretKind }; result: SecretStatus };
  evolution_test_connection: { args: { input: TestConnectionInput }; result: ConnectionReport };
};

export type CommandName = keyof Commands;
