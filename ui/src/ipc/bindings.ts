// Generated from the Rust sources by `src-tauri/bindings.rs`. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a command or DTO.

import type { Channel } from "@tauri-apps/api/core";

export type ErrorCode = "KEYCHAIN_UNAVAILABLE" | "SECRET_EMPTY" | "SECRET_TOO_LONG" | "INVALID_SETTINGS" | "EVOLUTION_NOT_CONFIGURED" | "EVOLUTION_INVALID_URL" | "EVOLUTION_UNREACHABLE" | "EVOLUTION_TIMEOUT" | "EVOLUTION_TLS" | "EVOLUTION_NOT_EVOLUTION" | "EVOLUTION_LICENCE_REQUIRED" | "EVOLUTION_UNAUTHORIZED" | "EVOLUTION_SERVER_ERROR" | "EVOLUTION_INSTANCE_NOT_FOUND" | "EVOLUTION_NAME_IN_USE" | "EVOLUTION_NOT_CONNECTED" | "EVOLUTION_CONNECTION_CLOSED" | "EVOLUTION_NOT_ON_WHATSAPP" | "EVOLUTION_VALIDATION" | "EVOLUTION_CONNECT_FAILED" | "EVOLUTION_UNEXPECTED_RESPONSE" | "EVOLUTION_REDIRECTED" | "EVOLUTION_OUTCOME_UNKNOWN" | "DEMO_NOT_RUNNING" | "DATABASE_LOCKED" | "DATABASE_CORRUPT" | "DATABASE_NEWER_THAN_APP" | "DATABASE_FAILED" | "SETTINGS_STORE_FAILED" | "IMPORT_FILE_NOT_FOUND" | "IMPORT_UNSUPPORTED_FILE" | "IMPORT_PASSWORD_PROTECTED" | "IMPORT_CORRUPT" | "IMPORT_EMPTY" | "IMPORT_NO_ROWS" | "IMPORT_SHEET_NOT_FOUND" | "IMPORT_CELL_TOO_LARGE" | "IMPORT_ENCODING" | "IMPORT_READ_FAILED" | "IMPORT_NO_PHONE_COLUMN" | "IMPORT_EMPTY_LIST_NAME" | "IMPORT_BAD_MAPPING" | "IMPORT_CANCELLED" | "IMPORT_NOT_FOUND" | "IMPORT_ALREADY_UNDONE" | "IMPORT_TOO_LARGE_FOR_XLSX" | "REPORT_WRITE_FAILED" | "CONTACT_NOT_FOUND" | "LIST_NOT_FOUND" | "LIST_NAME_IN_USE" | "INVALID_PHONE" | "TEMPLATE_INVALID" | "TEMPLATE_NAME_EMPTY" | "TEMPLATE_EMPTY" | "TEMPLATE_NAME_TAKEN" | "TEMPLATE_NOT_FOUND" | "MEDIA_NOT_FOUND" | "MEDIA_UNREADABLE" | "MEDIA_EMPTY" | "MEDIA_TOO_LARGE" | "MEDIA_UNSUPPORTED_TYPE" | "AI_MISSING_KEY" | "AI_INVALID_BASE_URL" | "AI_UNAUTHORIZED" | "AI_RATE_LIMITED" | "AI_QUOTA_EXCEEDED" | "AI_TIMEOUT" | "AI_CONTENT_FILTERED" | "AI_MODEL_NOT_FOUND" | "AI_UNREACHABLE" | "AI_BAD_RESPONSE" | "AI_SERVER_ERROR" | "AI_REDIRECTED" | "FACTS_CHANGED" | "AI_BAD_TEMPLATE" | "RUN_NOT_FOUND" | "RUN_APPROVED" | "RUN_NOT_FINISHED" | "CAMPAIGN_NOT_FOUND" | "CAMPAIGN_EMPTY_NAME" | "CAMPAIGN_NO_INSTANCES" | "CAMPAIGN_TEMPLATE_INVALID" | "CAMPAIGN_RUN_NOT_APPROVED" | "CAMPAIGN_NOTHING_TO_SEND" | "CAMPAIGN_WRONG_STATUS" | "CAMPAIGN_RUNNING_ELSEWHERE" | "CAMPAIGN_UNPACED_REFUSED" | "CAMPAIGN_INVALID_PACING" | "CAMPAIGN_INVALID_SCHEDULE" | "CAMPAIGN_INVALID_TEST_NUMBER" | "CAMPAIGN_MEDIA_UNREADABLE" | "PROFILE_NOT_FOUND" | "PROFILE_NAME_INVALID" | "PROFILE_NAME_IN_USE" | "PROFILE_NOT_DELETABLE" | "PROFILE_BUSY" | "PROFILE_STORE_FAILED" | "EVOLUTION_TOO_OLD" | "EVOLUTION_WRONG_SCHEME" | "UPDATE_UNREACHABLE" | "UPDATE_SERVER_ERROR" | "UPDATE_BAD_FEED" | "UPDATE_NO_BUILD" | "UPDATE_BAD_SIGNATURE" | "UPDATE_DOWNLOAD_FAILED" | "UPDATE_INSTALL_FAILED" | "UPDATE_CAMPAIGNS_SENDING" | "UPDATE_NOT_SELF_UPDATING" | "UPDATE_NOTHING_TO_INSTALL" | "UPDATE_BUSY" | "HISTORY_EXPORT_WRITE_FAILED" | "HISTORY_EXPORT_TOO_LARGE" | "FILE_DIALOG_FAILED" | "INTERNAL";

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
openaiBaseUrl: string | null, language: Language, theme: Theme, 
/**
 * ISO 3166 alpha-2 country assumed for imported numbers without a country code.
 */
defaultCountry: string, 
/**
 * A reply that is exactly one of these (case, accents, punctuation and emoji aside)
 * puts the number on the do-not-contact list at once.
 */
optOutWords: Array<string>, 
/**
 * The first-run guide was finished or skipped; it opens at start until then.
 */
firstRunDone: boolean, };

export type Language = "pt-BR" | "en";

export type Theme = "light" | "dark" | "system";

export type SettingsField = "evolutionUrl" | "openaiModel" | "openaiBaseUrl" | "defaultCountry";

export type SecretKind = "evolutionApiKey" | "openaiApiKey";

export type SecretStatus = { configured: boolean, hint: string | null, };

export type KeychainStatus = { "state": "available" } | { "state": "unavailable", reason: string, };

export type MigrationStatus = { applied: number, known: number, latest: string | null, };

export type ServerInfo = { version: string, clientName: string | null, whatsappWebVersion: string | null, };

export type ApiKeyCheck = "valid" | "invalid" | "notConfigured";

export type ServerSupport = "tested" | "untested" | "tooOld";

export type ProfileView = { id: string, 
/**
 * `None`: the default profile, never renamed.
 */
name: string | null, isDefault: boolean, 
/**
 * The one open in this window (or this `tip` run).
 */
current: boolean, 
/**
 * The Evolution server this profile talks to, when set.
 */
evolutionUrl: string | null, createdAt: string, };

export type ReceiptStatus = "error" | "pending" | "server_ack" | "delivery_ack" | "read" | "played";

export type ReplyIntent = "none" | "opt_out" | "opt_in" | "review";

export type Funnel = { audience: number, excluded: number, 
/**
 * Accepted by the server (sent).
 */
submitted: number, delivered: number, read: number, replied: number, optedOut: number, failed: number, needsAttention: number, };

export type InstanceHealth = { name: string, sent: number, failed: number, delivered: number, 
/**
 * Why it left the rotation, if it did (logged out, banned…), as a code.
 */
leftReason: string | null, };

export type HourCount = { hour: string, replies: number, };

export type ReplyQuery = { campaignId: number | null, 
/**
 * Only replies waiting in the review list.
 */
reviewOnly: boolean, 
/**
 * Only replies that took the number off the lists (automatically or on review).
 */
optedOutOnly?: boolean | null, 
/**
 * Ids below this one (the last row of the previous page).
 */
before: number | null, limit: number, };

export type ReplyView = { id: number, instance: string, phone: string, pushName: string | null, text: string, receivedAt: string, campaignId: number | null, 
/**
 * The campaign's name, for lists across campaigns.
 */
campaignName?: string | null, position: number | null, intent: ReplyIntent, 
/**
 * For a review: `opted_out` or `kept` once a person decided.
 */
reviewed: string | null, };

export type TimelineKind = "sent" | "delivered" | "read" | "replied" | "optedOut" | "optedIn";

export type TimelineEntry = { at: string, kind: TimelineKind, campaign: string | null, 
/**
 * The reply's text, or the proof of a consent change.
 */
detail: string | null, };

export type ErrorCount = { 
/**
 * A code the UI translates (`not_on_whatsapp`, `retries_exhausted`…).
 */
code: string, count: number, };

export type ExportTable = "report" | "recipients" | "replies";

export type ExportFormat = "csv" | "xlsx";

export type HistoryExportRequest = { campaignId: number, table: ExportTable, format: ExportFormat, 
/**
 * The recipients table's filter and search (recipients only; the report has everyone).
 */
filter: RecipientFilter | null, search: string | null, };

export type HistoryExportDone = { path: string, 
/**
 * Recipient or reply rows written.
 */
rows: number, };

export type CampaignListQuery = { 
/**
 * Part of the name (case-insensitive for plain letters).
 */
search: string | null, 
/**
 * Only these statuses; empty for every status.
 */
statuses: Array<CampaignStatus>, 
/**
 * Started (or, never started, created) at or after this moment (UTC, RFC 3339).
 */
from: string | null, 
/**
 * …and before this one.
 */
to: string | null, 
/**
 * Ids below this one (the `next` of the previous page).
 */
before: number | null, limit: number, };

export type CampaignSummary = { id: number, name: string, status: CampaignStatus, pauseReason: PauseReason | null, listName: string, tag: string | null, createdAt: string, scheduledAt: string | null, startedAt: string | null, finishedAt: string | null, 
/**
 * Instance names in rotation order of their names.
 */
instances: Array<string>, audience: number, excluded: number, 
/**
 * Not sent yet (pending or in flight).
 */
waiting: number, sent: number, failed: number, delivered: number, read: number, replied: number, optedOut: number, };

export type CampaignListPage = { rows: Array<CampaignSummary>, 
/**
 * Pass as `before` for the next page; `None` on the last one.
 */
next: number | null, };

export type InstanceToday = { name: string, 
/**
 * Messages sent today (the local day of its sending window's time zone).
 */
sentToday: number, 
/**
 * Today's cap with warm-up; `None` when its campaign sends unpaced (demo, tests).
 */
capToday: number | null, 
/**
 * Warm-up day a message sent now would belong to (1 = first day).
 */
warmupDay: number, };

export type Dashboard = { instances: Array<InstanceToday>, 
/**
 * Sending, scheduled and paused campaigns, newest first.
 */
campaigns: Array<CampaignSummary>, 
/**
 * Replies that may be opt-out requests, waiting for the user.
 */
repliesToReview: number, };

export type ConsentEntry = { id: number, phone: string, 
/**
 * `opt_out` or `opt_in`.
 */
action: string, 
/**
 * `reply` (automatic, from the reply's text), `review` (a person decided on a reply)
 * or `user` (by hand, in the app or `tip`).
 */
source: string, 
/**
 * The reply's text, or the reason the user typed.
 */
proof: string | null, 
/**
 * The campaign the reply answered.
 */
campaign: string | null, at: string, };

export type CampaignCopy = { 
/**
 * The original's name (the UI adds "(copy)" in its language).
 */
name: string, listId: number | null, tag: string | null, source: MessageSource | null, 
/**
 * By name (the table keeps no rotation order).
 */
instances: Array<string>, pacing: PacingSettings, };

export type CampaignReport = { campaign: CampaignView, funnel: Funnel, instances: Array<InstanceHealth>, repliesPerHour: Array<HourCount>, 
/**
 * Sent more than 7 days ago and never delivered.
 */
undeliveredWeek: number, };

export type ConnectionReport = { server: ServerInfo, apiKey: ApiKeyCheck, 
/**
 * Whether the app was tested with this server's version.
 */
support: ServerSupport, };

export type ConnectionTest = { report: ConnectionReport, key: TestKey, 
/**
 * Plain `http://` to another machine: the key travels unencrypted.
 */
insecure: boolean, };

export type TestKey = "typed" | "saved" | "withheld" | "none";

export type AppEvent = { "kind": "personaliseProgress", runId: number, counts: RunCounts, } | { "kind": "personaliseState", runId: number, status: RunStatus, counts: RunCounts, error: IpcError | null, } | { "kind": "campaignProgress", campaignId: number, counts: CampaignCounts, instances: Array<InstanceProgress>, 
/**
 * Estimated end of sending (UTC, RFC 3339).
 */
estimatedFinish: string | null, } | { "kind": "campaignState", campaignId: number, status: CampaignStatus, pauseReason: PauseReason | null, counts: CampaignCounts, error: IpcError | null, } | { "kind": "numberCheckProgress", campaignId: number, progress: NumberCheckProgress, } | { "kind": "historyChanged", campaignId: number | null, consentChanged: boolean, } | { "kind": "instanceState", instance: string, state: ConnectionState, statusReason: number | null, };

export type MessageSource = { "kind": "template", templateId: number, } | { "kind": "personalisation", runId: number, };

export type CampaignDraft = { name: string, listId: number, 
/**
 * Only contacts with this tag; `None` for the whole list.
 */
tag: string | null, source: MessageSource, 
/**
 * Evolution instance names, in rotation order.
 */
instances: Array<string>, pacing: PacingSettings, };

export type CampaignStatus = "draft" | "scheduled" | "running" | "paused" | "completed" | "cancelled" | "interrupted";

export type PauseReason = "user" | "windowClosed" | "capReached" | "noInstances" | "server" | "missedSchedule" | "needsAttention";

export type RecipientState = "excluded" | "pending" | "claimed" | "sending" | "sent" | "failed" | "unknown";

export type Verdict = "ready" | "unchecked" | "invalid" | "duplicate" | "optedOut" | "notOnWhatsapp";

export type CampaignCounts = { total: number, excluded: number, pending: number, 
/**
 * Claimed or sending right now.
 */
inFlight: number, sent: number, failed: number, 
/**
 * Sent or not: being looked up on the server, or waiting for the user.
 */
unknown: number, 
/**
 * Unknown outcomes the user must decide (Resend or Mark as sent).
 */
needsAttention: number, };

export type CampaignInstanceView = { name: string, 
/**
 * Why it left the rotation (a code the UI translates), `None` while it is in.
 */
leftReason: LeftReason | null, leftDetail: string | null, sent: number, failed: number, };

export type LeftReason = "closed" | "refused" | "notFound" | "newContactsBlocked";

export type CampaignMedia = { kind: MediaKind, path: string, fileName: string, mime: string, };

export type CampaignView = { id: number, name: string, listId: number | null, listName: string, tag: string | null, source: MessageSource, body: string, media: CampaignMedia | null, pacing: PacingSettings, instances: Array<CampaignInstanceView>, status: CampaignStatus, pauseReason: PauseReason | null, pauseDetail: string | null, 
/**
 * When a campaign paused by its window or caps continues by itself (UTC, RFC 3339).
 */
resumeAt: string | null, scheduledAt: string | null, startedAt: string | null, finishedAt: string | null, createdAt: string, counts: CampaignCounts, 
/**
 * Estimated end of sending (UTC, RFC 3339) while it runs or is scheduled.
 */
estimatedFinish: string | null, };

export type RecipientView = { position: number, contactId: number | null, contactName: string | null, phoneE164: string, jid: string | null, verdict: Verdict, state: RecipientState, needsAttention: boolean, text: string | null, instance: string | null, attempts: number, intentAt: string | null, sentAt: string | null, messageId: string | null, 
/**
 * A code the UI translates (e.g. `not_on_whatsapp`, `opted_out`, `retries_exhausted`).
 */
errorCode: string | null, errorDetail: string | null, 
/**
 * The best status the server reported after sending (history).
 */
receipt: ReceiptStatus | null, deliveredAt: string | null, readAt: string | null, repliedAt: string | null, optedOutAt: string | null, };

export type RecipientFilter = "all" | "excluded" | "waiting" | "sent" | "failed" | "unknown" | "needsAttention" | "delivered" | "read" | "replied" | "optedOut" | "undelivered";

export type RecipientQuery = { filter: RecipientFilter, 
/**
 * Part of a name or number.
 */
search: string | null, after: number | null, limit: number, };

export type RecipientPage = { rows: Array<RecipientView>, 
/**
 * Rows matching the filter and search, all pages.
 */
total: number, };

export type AttentionChoice = "resend" | "markSent";

export type VerdictCounts = { ready: number, unchecked: number, invalid: number, duplicate: number, optedOut: number, notOnWhatsapp: number, };

export type Risk = { "kind": "newInstance", instance: string, days: number, } | { "kind": "aboveCap", needed: number, capToday: number, } | { "kind": "identicalTexts", sharePercent: number, } | { "kind": "noOptOutLine" } | { "kind": "plainHttp" } | { "kind": "instanceNotConnected", instance: string, } | { "kind": "noRecipients" };

export type NumberCheckProgress = { checked: number, total: number, running: boolean, };

export type Preflight = { campaignId: number, verdicts: VerdictCounts, numberCheck: NumberCheckProgress, 
/**
 * When sending would end if started now (UTC, RFC 3339).
 */
estimatedFinish: string | null, sendingDays: number, risks: Array<Risk>, 
/**
 * The first sendable recipient's text, as it will be sent (for the test send).
 */
sampleText: string | null, };

export type TestSendOutcome = { instance: string, to: string, messageId: string, text: string, };

export type StartInput = { campaignId: number, 
/**
 * Start later (UTC, RFC 3339); `None` starts now.
 */
at: string | null, };

export type InstanceProgress = { name: string, sent: number, failed: number, state: InstanceRunState, 
/**
 * When it sends next (UTC, RFC 3339), when it is waiting.
 */
nextAt: string | null, };

export type InstanceRunState = "sending" | "waiting" | "reconnecting" | "capReached" | "left" | "idle";

export type PacingPreset = "safe" | "normal" | "fast" | "unpaced";

export type PacingSettings = { preset: PacingPreset, 
/**
 * Messages per number per local day once warm-up is over.
 */
dailyCap: number, window: SendingWindow, 
/**
 * Ask Evolution to show "typing…" for 1–3 s before each message.
 */
typing: boolean, };

export type SendingWindow = { 
/**
 * `HH:MM`, 24-hour.
 */
start: string, 
/**
 * `HH:MM`, after `start` (a window does not cross midnight).
 */
end: string, 
/**
 * IANA name, e.g. `America/Sao_Paulo`.
 */
timeZone: string, days: Array<Weekday>, };

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export type AppStatus = { version: string, dataDir: string, logDir: string, database: DatabaseStatus, keychain: KeychainStatus, 
/**
 * Demo mode: the app talks to an in-process sandbox, not a real server.
 */
demo: boolean, 
/**
 * The server profile open in this window.
 */
profile: ProfileView | null, };

export type DatabaseStatus = { "state": "ready", path: string, migrations: MigrationStatus, } | { "state": "failed", path: string, error: IpcError, };

export type FolderKind = "logs" | "data";

export type SettingsView = { settings: Settings, keychain: KeychainStatus, 
/**
 * `None` when the keychain cannot be read.
 */
secrets: SecretsView | null, 
/**
 * The saved Evolution address is plain `http://` to another machine: the key travels
 * unencrypted, and the screen says so.
 */
evolutionInsecure: boolean, };

export type SecretsView = { evolutionApiKey: SecretStatus, openaiApiKey: SecretStatus, };

export type SecretInput = { kind: SecretKind, value: string, };

export type TestConnectionInput = { 
/**
 * The address typed in the form (tested before saving); `None` uses the saved one.
 */
url: string | null, 
/**
 * A key typed with it. Needed to test the key on an address that is not the saved
 * one: the saved key only ever goes to the saved address.
 */
key: string | null, };

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
disconnectionCode: number | null, 
/**
 * Its event stream is live: state changes arrive as `instanceState` events, so the
 * screen need not poll it often.
 */
live: boolean, };

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

export type ServerFacts = { 
/**
 * `version` from `GET /`; None when it could not be read.
 */
version: string | null, 
/**
 * `whatsappWebVersion` from `GET /` (on 2.2.x, the pinned `CONFIG_SESSION_PHONE_VERSION`).
 */
whatsappWebVersion: string | null, 
/**
 * Some answer was 503 `LICENSE_REQUIRED` (2.4.0-rc licence gate).
 */
licenceRequired: boolean, };

export type InstanceObservation = { name: string, 
/**
 * Seconds since connecting started.
 */
connectingSecs: number, 
/**
 * A QR or pairing code was shown at least once.
 */
qrSeen: boolean, };

export type FindingId = "licenceRequired" | "serverTooOld" | "serverOlderThanTested" | "serverNewerThanTested" | "serverVersionUnreadable" | "pinnedWebVersion" | "noQr" | "instanceVanished" | "stateUnknown";

export type FindingLevel = "info" | "warning" | "failure";

export type ServerVariable = "DEL_INSTANCE" | "CONFIG_SESSION_PHONE_CLIENT" | "CONFIG_SESSION_PHONE_NAME" | "CONFIG_SESSION_PHONE_VERSION" | "CACHE_REDIS_ENABLED";

export type SettingNote = "phoneVersionPinned" | "phoneVersionAutomatic" | "phoneClient" | "phoneName" | "redisReachable" | "delInstanceKeep";

export type ServerSetting = { variable: ServerVariable, 
/**
 * The value to set; None: remove the variable (let the server decide).
 */
value: string | null, note: SettingNote, };

export type ServerFinding = { id: FindingId, level: FindingLevel, 
/**
 * The instance it is about; None for the server itself.
 */
instance: string | null, 
/**
 * Values the texts interpolate: `version`, `instance`, `seconds`, `webVersion`,
 * `tested` (the tested range).
 */
params: { [key in string]: string }, 
/**
 * What to check on the server, most likely cause first.
 */
settings: Array<ServerSetting>, };

export type ServerDiagnosis = { server: ServerFacts, support: ServerSupport | null, findings: Array<ServerFinding>, noQrAfterSecs: number, };

export type DoctorCheckInput = { 
/**
 * The instance a connect dialog is waiting for, with what it saw so far.
 */
instance: InstanceObservation | null, };

export type ContactQuery = { listId: number | null, tag: string | null, 
/**
 * Part of the name, or digits of the number.
 */
search: string | null, 
/**
 * How the phone came out of the import: ok, repaired, duplicate (kept both).
 */
verdict: PhoneVerdict | null, lineKind: ContactLineKind | null, };

export type ContactView = { id: number, listId: number, name: string | null, phone: string, 
/**
 * The cell as the spreadsheet had it.
 */
phoneOriginal: string, 
/**
 * The same line with or without the Brazilian 9th digit.
 */
phoneAlternative: string | null, 
/**
 * `mobile`, `landline` or `unknown`.
 */
lineKind: string, email: string | null, company: string | null, city: string | null, 
/**
 * Every other column of the sheet: merge field → value.
 */
customFields: { [key in string]: string }, importId: number | null, 
/**
 * How the phone came out of the import (`ok` for contacts added or edited by hand).
 */
phoneVerdict: string, 
/**
 * What the import changed in the number, for the contact's card.
 */
phoneChanges: Array<Change>, createdAt: string, updatedAt: string, };

export type ContactDetail = { contact: ContactView, tags: Array<string>, 
/**
 * The number is on the do-not-contact list.
 */
optedOut: boolean, };

export type ContactEditInput = { name: string | null, phone: string, email: string | null, company: string | null, city: string | null, customFields: { [key in string]: string }, };

export type PhoneVerdict = "ok" | "repaired" | "duplicate";

export type ContactLineKind = "mobile" | "landline" | "unknown";

export type ListView = { id: number, name: string, contactCount: number, createdAt: string, };

export type OptOutView = { phone: string, reason: string | null, createdAt: string, };

export type OptOutInput = { 
/**
 * As the user typed it: "(11) 98765-4321", "+55 11 …".
 */
phone: string, reason: string | null, };

export type CheckInput = { body: string, 
/**
 * The list the template is for: its custom fields are known, and fields blank for
 * some of its contacts are pointed out. `None`: built-in fields only.
 */
listId: number | null, };

export type PreviewInput = { body: string, templateId: number | null, listId: number, 
/**
 * 0-based position of the contact in the list.
 */
index: number, };

export type ComposePreview = { 
/**
 * Contacts in the list.
 */
total: number, index: number, 
/**
 * `None` when the list is empty.
 */
contact: ContactView | null, 
/**
 * `None` when the text has errors or the list is empty.
 */
rendered: Rendered | null, };

export type TextRange = { byteStart: number, byteEnd: number, utf16Start: number, utf16End: number, };

export type LintKind = "unclosedBrace" | "unmatchedClosingBrace" | "unclosedField" | "emptyFieldName" | "emptyBraces" | "emptyOption" | "singleOption" | "looksLikeField" | "nestingTooDeep" | "unknownField" | "blankWithoutFallback";

export type Severity = "error" | "warning";

export type LintProblem = { kind: LintKind, severity: Severity, range: TextRange, 
/**
 * The normalised field key, for field problems.
 */
field: string | null, 
/**
 * A known field close to an unknown one ("did you mean `nome`?").
 */
suggestion: string | null, 
/**
 * How many contacts leave the field blank (`BlankWithoutFallback`).
 */
contacts: number | null, };

export type TemplateCheck = { 
/**
 * In source order.
 */
problems: Array<LintProblem>, 
/**
 * True when a problem is an error: the template cannot be saved or sent.
 */
hasErrors: boolean, 
/**
 * Possible messages, capped at `Number.MAX_SAFE_INTEGER`.
 */
variants: number, 
/**
 * The fields used, each once, in source order.
 */
fields: Array<string>, };

export type Rendered = { text: string, 
/**
 * Unicode characters (an emoji with modifiers counts several).
 */
chars: number, 
/**
 * UTF-16 units, JavaScript's `.length`.
 */
utf16Len: number, trace: RenderTrace, };

export type RenderTrace = { 
/**
 * Groups in source order; groups inside options not taken are absent.
 */
choices: Array<SpinChoice>, 
/**
 * Fields in source order, each time one is used.
 */
fields: Array<FieldUse>, };

export type SpinChoice = { 
/**
 * The whole `{…}` in the template.
 */
group: TextRange, 
/**
 * The option taken, within the template.
 */
chosen: TextRange, 
/**
 * 0-based index of the option taken.
 */
option: number, options: number, };

export type FieldUse = { field: string, range: TextRange, outcome: FieldOutcome, 
/**
 * What went into the message.
 */
value: string, };

export type FieldOutcome = "filled" | "fallback" | "empty";

export type BuiltinField = "name" | "phone" | "email" | "company" | "city";

export type MediaKind = "image" | "video" | "audio" | "document";

export type MediaFile = { kind: MediaKind, mime: string, 
/**
 * The name the recipient sees for a document (Evolution's `fileName`).
 */
fileName: string, path: string, sizeBytes: number, };

export type TemplateDraft = { name: string, body: string, media: MediaDraft | null, };

export type MediaDraft = { path: string, 
/**
 * `None`: the kind the file's type suggests.
 */
kind: MediaKind | null, caption: string | null, };

export type TemplateView = { id: number, name: string, body: string, media: TemplateMedia | null, 
/**
 * Possible messages from the body's spintax.
 */
variants: number, 
/**
 * The fields the body and caption use.
 */
fields: Array<string>, createdAt: string, updatedAt: string, };

export type TemplateMedia = { kind: MediaKind, path: string, fileName: string, mime: string, sizeBytes: number, caption: string | null, };

export type AssistChannel = Channel<AssistEvent>;

export type EstimateInput = { body: string, listId: number, };

export type ModelList = { models: Array<string>, 
/**
 * False when the server has no model list (`/models` missing): `models` then holds
 * just the configured model, and the user may type any other.
 */
fromServer: boolean, };

export type CostEstimate = { model: string, requests: number, inputTokens: number, outputTokens: number, 
/**
 * None when the model is not in the price table: show tokens only.
 */
usd: number | null, price: ModelPrice | null, 
/**
 * When the prices were checked (`pricing::PRICES_AS_OF`).
 */
pricesAsOf: string, };

export type ModelPrice = { inputPerMillion: number, outputPerMillion: number, };

export type DraftBrief = { 
/**
 * What the message is for, in the user's words, with the offer's facts (prices,
 * dates, links), which the model keeps as written.
 */
goal: string, 
/**
 * Who receives it; empty means the business's customers.
 */
audience: string | null, tone: Tone, length: MessageLength, language: Language, };

export type Tone = "friendly" | "professional" | "enthusiastic" | "formal" | "casual";

export type MessageLength = "short" | "medium" | "long";

export type RewriteRequest = { text: string, kind: RewriteKind, language: Language, };

export type RewriteKind = "improve" | "shorten" | "moreFormal" | "moreCasual" | "fixGrammar";

export type VariationsRequest = { text: string, 
/**
 * How many versions; kept between 2 and 10.
 */
count: number, language: Language, };

export type AssistTask = { "task": "draft", brief: DraftBrief, } | { "task": "rewrite", request: RewriteRequest, } | { "task": "variations", request: VariationsRequest, };

export type AssistEvent = { "event": "delta", text: string, } | { "event": "restart", rejected: Rejected, } | { "event": "variation", text: string, } | { "event": "rejectedVariation", rejected: Rejected, };

export type AssistOutcome = { 
/**
 * Draft and rewrite: the accepted text; `None` when every try was rejected or the
 * user cancelled before the end.
 */
text: string | null, 
/**
 * Variations: the accepted ones, in order.
 */
variations: Array<string>, 
/**
 * Everything turned down, with why.
 */
rejected: Array<Rejected>, cancelled: boolean, };

export type Rejected = { text: string, reason: RejectReason, };

export type RejectReason = { "kind": "facts", violations: Array<FactViolation>, } | { "kind": "similar", similarity: number, } | { "kind": "badTemplate" };

export type FactViolation = { kind: ViolationKind, 
/**
 * The source's fact (range in the source): `Missing` and `Changed`.
 */
expected: Fact | null, 
/**
 * The output's fact (range in the output): `Changed` and `Invented`.
 */
found: Fact | null, };

export type ViolationKind = "missing" | "changed" | "invented";

export type Fact = { kind: FactKind, 
/**
 * As written.
 */
text: string, 
/**
 * The normalised value compared between texts.
 */
key: string, range: TextRange, };

export type FactKind = "mergeField" | "price" | "percent" | "date" | "time" | "phone" | "link" | "email" | "code";

export type PrepareInput = { templateId: number | null, body: string, listId: number, model: string, language: Language, };

export type RunView = { id: number, templateId: number | null, listId: number | null, body: string, model: string, status: RunStatus, counts: RunCounts, createdAt: string, approvedAt: string | null, };

export type RunStatus = "ready" | "running" | "paused" | "completed" | "approved";

export type RunCounts = { total: number, pending: number, done: number, failed: number, edited: number, inputTokens: number, outputTokens: number, };

export type MessageView = { position: number, contactId: number, contactName: string | null, phone: string, status: MessageStatus, 
/**
 * What would be sent: the model's text rendered for the contact, or the user's edit.
 */
text: string | null, 
/**
 * Why it failed: an `ErrorCode`-like tag (`AI_RATE_LIMITED`, `FACTS_CHANGED`…).
 */
errorCode: string | null, errorDetail: string | null, };

export type MessageStatus = "pending" | "done" | "failed" | "edited";

export type OpenFileChannel = Channel<OpenedFile>;

export type ImportChannel = Channel<ImportProgress>;

export type OpenedFile = { path: string, source: OpenSource, };

export type OpenSource = "launch" | "openEvent" | "dragDrop";

export type InspectInput = { path: string, 
/**
 * `None`: the first visible sheet.
 */
sheet: string | null, defaultCountry: string | null, };

export type FileInspection = { path: string, fileName: string, sizeBytes: number, kind: string, sheets: Array<SheetView>, sheet: string, 
/**
 * 1-based row of the header, `None` when the file has none.
 */
headerRow: number | null, headers: Array<string>, 
/**
 * The first rows as text, cell by cell.
 */
rows: Array<PreviewRow>, suggestion: MappingSuggestion, };

export type SheetView = { name: string, rowsHint: number | null, };

export type PreviewRow = { number: number, cells: Array<string>, };

export type ImportPlanInput = { path: string, sheet: string | null, mapping: ColumnMapping, listName: string, duplicatePolicy: DuplicatePolicy, 
/**
 * ISO 3166 alpha-2; the Settings default when absent.
 */
defaultCountry: string | null, 
/**
 * Row numbers as Excel shows them.
 */
skipRows: Array<number>, cellFixes: Array<CellFix>, };

export type CellFix = { row: number, 
/**
 * 0-based: column A is 0.
 */
column: number, text: string, };

export type ImportCheck = { listExists: boolean, 
/**
 * Whole file, or the first rows when `maxRows` was given.
 */
counts: ImportCounts, 
/**
 * The first rows, whatever their verdict (the mapping screen's preview).
 */
firstRows: Array<RowReport>, 
/**
 * Rows that are not plainly ok, in file order, at most 2 000.
 */
problems: Array<RowReport>, 
/**
 * All rows that are not plainly ok (may exceed `problems.length`).
 */
problemsTotal: number, };

export type ImportOutcome = { importId: number, listId: number, listCreated: boolean, counts: ImportCounts, problems: Array<RowReport>, problemsTotal: number, };

export type ExportInput = { kind: ExportKind, plan: ImportPlanInput, 
/**
 * After an import: its verdicts. Before: a fresh dry run of the plan.
 */
importId: number | null, 
/**
 * The save dialog's title, in the UI's language.
 */
title: string, };

export type ExportKind = "correctedSheet" | "rowReport";

export type ColumnMapping = { columns: Array<MappedColumn>, };

export type MappedColumn = { 
/**
 * 0-based: column A is 0.
 */
index: number, 
/**
 * The header as written (empty for a file without a header row).
 */
header: string, 
/**
 * The custom-field key this column takes when it is not a standard field; unique.
 */
key: string, field: Field, };

export type Field = { "kind": "name" } | { "kind": "phone" } | { "kind": "email" } | { "kind": "company" } | { "kind": "city" } | { "kind": "custom", "key": string } | { "kind": "ignore" };

export type MappingSuggestion = { mapping: ColumnMapping, 
/**
 * Every column considered for the phone, best first; more than one means the choice
 * deserves a look.
 */
phoneCandidates: Array<PhoneCandidate>, 
/**
 * English sentence for the CLI and logs when a choice was made between columns.
 */
note: string | null, };

export type PhoneCandidate = { index: number, header: string, 
/**
 * Preview cells that repair into a sendable number.
 */
usable: number, 
/**
 * Preview cells that are not blank.
 */
filled: number, };

export type DuplicatePolicy = "skip" | "updateExisting" | "keepBoth";

export type ImportProgress = { rowsRead: number, 
/**
 * For CSV files: bytes read (a few batches ahead of the rows) and the file's size.
 */
bytesRead: number | null, bytesTotal: number | null, 
/**
 * For spreadsheets: an estimate of the data rows, from the rows the sheet declares
 * (blank rows count, so the import may end a little short of it). Never below
 * `rowsRead`.
 */
rowsTotal: number | null, };

export type ImportCounts = { ok: number, repaired: number, duplicate: number, optedOut: number, invalid: number, skipped: number, inserted: number, updated: number, };

export type RowReport = { 
/**
 * 1-based, as Excel shows it.
 */
row: number, 
/**
 * 0-based index of the phone column.
 */
column: number, 
/**
 * The phone cell as the file had it (after the user's fix, if any).
 */
original: string, action: RowAction, } & ({ "verdict": "ok", e164: string, } | { "verdict": "repaired", e164: string, changes: Array<Change>, } | { "verdict": "duplicate", e164: string, of: DuplicateOf, } | { "verdict": "optedOut", e164: string, } | { "verdict": "invalid", reason: InvalidReason, } | { "verdict": "skipped" });

export type RowVerdict = { "verdict": "ok", e164: string, } | { "verdict": "repaired", e164: string, changes: Array<Change>, } | { "verdict": "duplicate", e164: string, of: DuplicateOf, } | { "verdict": "optedOut", e164: string, } | { "verdict": "invalid", reason: InvalidReason, } | { "verdict": "skipped" };

export type RowAction = "inserted" | "updated" | "notWritten";

export type DuplicateOf = { "kind": "row", row: number, } | { "kind": "contact", id: number, };

export type Change = { "kind": "fromNumericCell" } | { "kind": "fromScientificNotation" } | { "kind": "removedTelPrefix" } | { "kind": "strippedPunctuation" } | { "kind": "removedInternationalPrefix" } | { "kind": "removedTrunkZero" } | { "kind": "removedTrunkPrefix", "value": string } | { "kind": "removedCarrierCode", "value": string } | { "kind": "removedCarrierPlaceholder" } | { "kind": "addedCountryCode" } | { "kind": "rewrittenForCountry" };

export type InvalidReason = { "kind": "empty" } | { "kind": "digitsLostInScientificNotation" } | { "kind": "tooShort" } | { "kind": "tooLong" } | { "kind": "missingAreaCode" } | { "kind": "invalidAreaCode", "value": string } | { "kind": "invalidLocalNumber" } | { "kind": "nonGeographic", "value": NonGeographicKind } | { "kind": "notAPhoneNumber" } | { "kind": "severalNumbers" } | { "kind": "missingCountryCode" } | { "kind": "unknownCountryCode" } | { "kind": "invalidForCountry", "value": string };

export type NonGeographicKind = "tollFree" | "sharedCost" | "premiumRate" | "other";

export type ImportRecord = { id: number, fileName: string, 
/**
 * `None` once the list was deleted.
 */
listId: number | null, status: ImportStatus, counts: ImportCounts, startedAt: string, finishedAt: string | null, undoneAt: string | null, };

export type ImportStatus = "completed" | "undone";

export type UndoSummary = { deleted: number, };

export type ConnectServerInput = { url: string, key: string, };

export type SampleListInput = { 
/**
 * In the UI's language.
 */
listName: string, 
/**
 * How the user's own contact is called in the list ("Você (teste)").
 */
ownName: string, ownNumber: string, };

export type SampleList = { listId: number, listName: string, 
/**
 * Contacts now in the list from this import (new or updated).
 */
contacts: number, 
/**
 * The user's own number as stored (digits with country code).
 */
ownNumber: string, };

export type TestMessage = { instance: string, 
/**
 * Digits with country code.
 */
to: string, 
/**
 * The server's id for the message.
 */
messageId: string, 
/**
 * The status the server gave it (`PENDING`, `SERVER_ACK`…), when it said.
 */
status: string | null, 
/**
 * The server has the message in its store when asked right after (always so in demo
 * mode; a real server may be set not to store messages).
 */
recorded: boolean, };

export type UpdateCheck = { "state": "skipped" } | { "state": "upToDate", currentVersion: string, } | { "state": "available", currentVersion: string, version: string, 
/**
 * Release notes from the feed (plain text or Markdown).
 */
notes: string | null, 
/**
 * RFC 3339, when the feed gives one.
 */
pubDate: string | null, } | { "state": "manual", route: UpdateRoute, };

export type UpdatesStatus = { currentVersion: string, route: UpdateRoute, 
/**
 * RFC 3339; `None` before the first check.
 */
lastCheck: string | null, 
/**
 * Campaigns sending right now (an install waits for them or pauses them first).
 */
campaignsSending: number[], };

export type UpdateRoute = { "how": "selfUpdate", kind: InstallKind, feedTarget: string, } | { "how": "flatpak", appId: string, } | { "how": "snap", name: string, } | { "how": "packageManager", name: string, } | { "how": "download" };

export type InstallKind = "deb" | "rpm" | "appImage" | "msi" | "nsis" | "macApp" | "unknown";

export type UpdateProgress = { "stage": "pausingCampaigns" } | { "stage": "downloading", downloaded: number, 
/**
 * `None` when the server does not say the size.
 */
total: number | null, } | { "stage": "verifying" } | { "stage": "installing" };

export type UpdateChannel = Channel<UpdateProgress>;

export type AboutView = { version: string, build: string, identifier: string, homepage: string, help: string, install: InstallKind, route: UpdateRoute, dataDir: string, logDir: string, };

export type AboutLink = "homepage" | "help";

/** Every IPC command: its arguments object and its result. */
export type Commands = {
  app_status: { args: Record<string, never>; result: AppStatus };
  app_open_folder: { args: { folder: FolderKind }; result: null };
  profiles_list: { args: Record<string, never>; result: Array<ProfileView> };
  profiles_create: { args: { name: string }; result: ProfileView };
  profiles_rename: { args: { id: string; name: string }; result: ProfileView };
  profiles_delete: { args: { id: string }; result: null };
  profiles_switch: { args: { id: string }; result: ProfileView };
  history_report: { args: { campaignId: number }; result: CampaignReport };
  history_replies: { args: { query: ReplyQuery }; result: Array<ReplyView> };
  history_resolve_review: { args: { replyId: number; optOut: boolean }; result: boolean };
  history_timeline: { args: { phone: string }; result: Array<TimelineEntry> };
  history_top_errors: { args: { campaignId: number }; result: Array<ErrorCount> };
  history_export: { args: { request: HistoryExportRequest; title: string }; result: HistoryExportDone | null };
  history_campaigns: { args: { query: CampaignListQuery }; result: CampaignListPage };
  history_dashboard: { args: Record<string, never>; result: Dashboard };
  history_consent_proofs: { args: Record<string, never>; result: Array<ConsentEntry> };
  history_consent: { args: { phone: string }; result: Array<ConsentEntry> };
  history_default_opt_out_words: { args: Record<string, never>; result: Array<string> };
  campaign_copy: { args: { campaignId: number }; result: CampaignCopy };
  history_recipients: { args: { campaignId: number; query: RecipientQuery; instance: string | null }; result: RecipientPage };
  settings_get: { args: Record<string, never>; result: SettingsView };
  settings_save: { args: { input: Settings }; result: SettingsView };
  secret_set: { args: { input: SecretInput }; result: SecretStatus };
  secret_remove: { args: { kind: SecretKind }; result: SecretStatus };
  evolution_test_connection: { args: { input: TestConnectionInput }; result: ConnectionTest };
  instances_list: { args: Record<string, never>; result: Array<InstanceView> };
  instances_create: { args: { name: string }; result: InstanceView };
  instances_connect: { args: { input: ConnectInput }; result: QrView };
  instances_qr: { args: { name: string }; result: QrView };
  instances_restart: { args: { name: string }; result: null };
  instances_logout: { args: { name: string }; result: null };
  instances_delete: { args: { name: string }; result: null };
  doctor_check: { args: { input: DoctorCheckInput }; result: ServerDiagnosis };
  demo_start: { args: Record<string, never>; result: null };
  demo_stop: { args: Record<string, never>; result: null };
  demo_scan: { args: { name: string }; result: null };
  app_watch_files: { args: { channel: OpenFileChannel }; result: null };
  import_pick_file: { args: { title: string }; result: string | null };
  import_inspect: { args: { input: InspectInput }; result: FileInspection };
  import_check: { args: { input: ImportPlanInput; maxRows: number | null }; result: ImportCheck };
  import_run: { args: { input: ImportPlanInput; job: string; onProgress: ImportChannel }; result: ImportOutcome };
  import_cancel: { args: { job: string }; result: null };
  import_history: { args: Record<string, never>; result: Array<ImportRecord> };
  import_undo: { args: { importId: number }; result: UndoSummary };
  import_export: { args: { input: ExportInput }; result: string | null };
  contacts_count: { args: { query: ContactQuery }; result: number };
  contacts_page: { args: { query: ContactQuery; offset: number; limit: number }; result: Array<ContactView> };
  contacts_get: { args: { id: number }; result: ContactDetail };
  contacts_update: { args: { id: number; input: ContactEditInput }; result: ContactDetail };
  contacts_delete: { args: { ids: Array<number> }; result: number };
  contacts_tag: { args: { ids: Array<number>; tag: string }; result: null };
  contacts_untag: { args: { id: number; tag: string }; result: null };
  tags_list: { args: Record<string, never>; result: Array<string> };
  lists_list: { args: Record<string, never>; result: Array<ListView> };
  lists_create: { args: { name: string }; result: number };
  lists_rename: { args: { id: number; name: string }; result: null };
  lists_delete: { args: { id: number }; result: null };
  optouts_list: { args: Record<string, never>; result: Array<OptOutView> };
  optouts_add: { args: { input: OptOutInput }; result: string };
  optouts_remove: { args: { phone: string }; result: null };
  templates_list: { args: Record<string, never>; result: Array<TemplateView> };
  templates_save: { args: { id: number | null; draft: TemplateDraft }; result: TemplateView };
  templates_duplicate: { args: { id: number }; result: TemplateView };
  templates_delete: { args: { id: number }; result: null };
  compose_check: { args: { input: CheckInput }; result: TemplateCheck };
  compose_preview: { args: { input: PreviewInput }; result: ComposePreview };
  ai_models: { args: Record<string, never>; result: ModelList };
  ai_assist: { args: { task: AssistTask; job: string; onEvent: AssistChannel }; result: AssistOutcome };
  ai_cancel: { args: { job: string }; result: null };
  campaign_list: { args: Record<string, never>; result: Array<CampaignView> };
  campaign_get: { args: { campaignId: number }; result: CampaignView };
  campaign_create: { args: { draft: CampaignDraft }; result: CampaignView };
  campaign_delete: { args: { campaignId: number }; result: null };
  campaign_preflight: { args: { campaignId: number }; result: Preflight };
  campaign_check_numbers: { args: { campaignId: number }; result: Preflight };
  campaign_test_send: { args: { campaignId: number; number: string; instance: string | null }; result: TestSendOutcome };
  campaign_start: { args: { input: StartInput }; result: CampaignView };
  campaign_pause: { args: { campaignId: number }; result: CampaignView };
  campaign_resume: { args: { campaignId: number }; result: CampaignView };
  campaign_cancel: { args: { campaignId: number }; result: CampaignView };
  campaign_retry_failed: { args: { campaignId: number }; result: CampaignView };
  campaign_recipients: { args: { campaignId: number; query: RecipientQuery }; result: RecipientPage };
  campaign_resolve: { args: { campaignId: number; positions: Array<number>; choice: AttentionChoice }; result: CampaignView };
  personalise_estimate: { args: { input: EstimateInput }; result: CostEstimate };
  personalise_prepare: { args: { input: PrepareInput }; result: RunView };
  personalise_start: { args: { runId: number; concurrency: number | null }; result: RunView };
  personalise_pause: { args: { runId: number }; result: boolean };
  personalise_runs: { args: Record<string, never>; result: Array<RunView> };
  personalise_get: { args: { runId: number }; result: RunView };
  personalise_messages: { args: { runId: number; status: MessageStatus | null; offset: number; limit: number }; result: Array<MessageView> };
  personalise_edit: { args: { runId: number; position: number; text: string }; result: null };
  personalise_retry_failed: { args: { runId: number }; result: number };
  personalise_approve: { args: { runId: number }; result: RunView };
  personalise_delete: { args: { runId: number }; result: null };
  compose_pick_media: { args: { title: string; kind: MediaKind | null }; result: MediaFile | null };
  first_run_connect: { args: { input: ConnectServerInput }; result: ConnectionTest };
  first_run_sample_list: { args: { input: SampleListInput }; result: SampleList };
  messages_send_test: { args: { instance: string; number: string; text: string }; result: TestMessage };
  updates_status: { args: Record<string, never>; result: UpdatesStatus };
  updates_check: { args: { automatic: boolean }; result: UpdateCheck };
  updates_install: { args: { pauseCampaigns: boolean; onProgress: UpdateChannel }; result: string };
  updates_relaunch: { args: Record<string, never>; result: null };
  app_about: { args: Record<string, never>; result: AboutView };
  app_open_link: { args: { link: AboutLink }; result: null };
};

export type CommandName = keyof Commands;
