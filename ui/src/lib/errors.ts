// Maps backend error codes to translation keys. `Record<ErrorCode, …>` makes a new code a
// type error here until it has a message.
import type { TFunction } from "i18next";
import type { ErrorCode } from "../ipc";
import { toFailure } from "../ipc";

export const ERROR_KEYS: Record<ErrorCode, `errors.${ErrorCode}`> = {
  KEYCHAIN_UNAVAILABLE: "errors.KEYCHAIN_UNAVAILABLE",
  SECRET_EMPTY: "errors.SECRET_EMPTY",
  SECRET_TOO_LONG: "errors.SECRET_TOO_LONG",
  INVALID_SETTINGS: "errors.INVALID_SETTINGS",
  EVOLUTION_NOT_CONFIGURED: "errors.EVOLUTION_NOT_CONFIGURED",
  EVOLUTION_INVALID_URL: "errors.EVOLUTION_INVALID_URL",
  EVOLUTION_UNREACHABLE: "errors.EVOLUTION_UNREACHABLE",
  EVOLUTION_TIMEOUT: "errors.EVOLUTION_TIMEOUT",
  EVOLUTION_TLS: "errors.EVOLUTION_TLS",
  EVOLUTION_NOT_EVOLUTION: "errors.EVOLUTION_NOT_EVOLUTION",
  EVOLUTION_LICENCE_REQUIRED: "errors.EVOLUTION_LICENCE_REQUIRED",
  EVOLUTION_UNAUTHORIZED: "errors.EVOLUTION_UNAUTHORIZED",
  EVOLUTION_SERVER_ERROR: "errors.EVOLUTION_SERVER_ERROR",
  DATABASE_LOCKED: "errors.DATABASE_LOCKED",
  DATABASE_CORRUPT: "errors.DATABASE_CORRUPT",
  DATABASE_NEWER_THAN_APP: "errors.DATABASE_NEWER_THAN_APP",
  DATABASE_FAILED: "errors.DATABASE_FAILED",
  SETTINGS_STORE_FAILED: "errors.SETTINGS_STORE_FAILED",
  EVOLUTION_INSTANCE_NOT_FOUND: "errors.EVOLUTION_INSTANCE_NOT_FOUND",
  EVOLUTION_NAME_IN_USE: "errors.EVOLUTION_NAME_IN_USE",
  EVOLUTION_NOT_CONNECTED: "errors.EVOLUTION_NOT_CONNECTED",
  EVOLUTION_CONNECTION_CLOSED: "errors.EVOLUTION_CONNECTION_CLOSED",
  EVOLUTION_NOT_ON_WHATSAPP: "errors.EVOLUTION_NOT_ON_WHATSAPP",
  EVOLUTION_VALIDATION: "errors.EVOLUTION_VALIDATION",
  EVOLUTION_CONNECT_FAILED: "errors.EVOLUTION_CONNECT_FAILED",
  EVOLUTION_UNEXPECTED_RESPONSE: "errors.EVOLUTION_UNEXPECTED_RESPONSE",
  DEMO_NOT_RUNNING: "errors.DEMO_NOT_RUNNING",
  INTERNAL: "errors.INTERNAL",
};

/** The user-facing sentence for any thrown value, in the current language. */
export function errorText(t: TFunction, error: unknown): string {
  const failure = toFailure(error);
  const params: Record<string, string> = { ...failure.params };
  if (params.field) params.field = t(`fields.${params.field}`, { defaultValue: params.field });
  return t(ERROR_KEYS[failure.code], params);
}
