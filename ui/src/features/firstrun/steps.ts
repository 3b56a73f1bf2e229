// The first-run guide's steps, and where to resume it from what is really set up (so an
// app closed midway does not ask again for what is already done).
import type { ErrorCode } from "../../ipc";

export const STEPS = ["language", "server", "instance", "contacts", "message"] as const;
export type StepId = (typeof STEPS)[number];

/** What the app already has, read from the backend. */
export interface SetupFacts {
  /** A server is saved, or demo mode is on. */
  server: boolean;
  /** An instance is connected to WhatsApp. */
  openInstance: boolean;
  /** Some list has contacts. */
  contacts: boolean;
}

export function resumeStep(facts: SetupFacts): StepId {
  if (!facts.server) return "language";
  if (!facts.openInstance) return "instance";
  if (!facts.contacts) return "contacts";
  return "message";
}

/** `minha-loja`, or `minha-loja-2`… when the server already has one by that name. */
export function firstInstanceName(taken: string[], base = "minha-loja"): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * What to do about a failed "test and save", for the usual mistakes: each code gets one
 * concrete next step under the translated error.
 */
export const CONNECT_ADVICE: Partial<Record<ErrorCode, string>> = {
  EVOLUTION_UNAUTHORIZED: "firstRun.server.advice.wrongKey",
  SECRET_EMPTY: "firstRun.server.advice.wrongKey",
  EVOLUTION_NOT_EVOLUTION: "firstRun.server.advice.wrongUrl",
  EVOLUTION_UNREACHABLE: "firstRun.server.advice.unreachable",
  EVOLUTION_TIMEOUT: "firstRun.server.advice.unreachable",
  INVALID_SETTINGS: "firstRun.server.advice.badAddress",
  EVOLUTION_TLS: "firstRun.server.advice.tls",
  EVOLUTION_WRONG_SCHEME: "firstRun.server.advice.wrongScheme",
  EVOLUTION_REDIRECTED: "firstRun.server.advice.redirected",
  EVOLUTION_TOO_OLD: "firstRun.server.advice.tooOld",
  EVOLUTION_LICENCE_REQUIRED: "firstRun.server.advice.licence",
  KEYCHAIN_UNAVAILABLE: "firstRun.server.advice.keychain",
};
