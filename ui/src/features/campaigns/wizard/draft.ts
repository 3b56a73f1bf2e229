// The wizard's state, what each step needs before "Continuar", and the `CampaignDraft` and
// schedule it produces. Pure functions, so the rules are tested without a screen.
import type { CampaignDraft, PacingPreset, PacingSettings, Weekday } from "../../../ipc";

export const WEEKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** The presets the window offers ("unpaced" is for tests against a local sandbox only). */
export const PRESETS: Exclude<PacingPreset, "unpaced">[] = ["safe", "normal", "fast"];

export const MAX_DAILY_CAP = 500;

export const STEPS = ["audience", "message", "instances", "pacing", "schedule"] as const;
export type StepId = (typeof STEPS)[number];

export type Schedule = { kind: "now" } | { kind: "at"; local: string };

export interface WizardState {
  name: string;
  listId: number | null;
  tag: string | null;
  sourceKind: "template" | "personalisation";
  templateId: number | null;
  runId: number | null;
  /** In rotation order: the order the user picked them. */
  instances: string[];
  pacing: PacingSettings;
  schedule: Schedule;
}

export function defaultPacing(): PacingSettings {
  return {
    preset: "normal",
    dailyCap: 300,
    window: { start: "09:00", end: "20:00", timeZone: "America/Sao_Paulo", days: ["mon", "tue", "wed", "thu", "fri", "sat"] },
    typing: true,
  };
}

export function initialState(): WizardState {
  return {
    name: "",
    listId: null,
    tag: null,
    sourceKind: "template",
    templateId: null,
    runId: null,
    instances: [],
    pacing: defaultPacing(),
    schedule: { kind: "now" },
  };
}

/**
 * A `datetime-local` value ("2026-12-05T14:30", the computer's time) as UTC RFC 3339, or
 * null when it is not a date.
 */
export function localToUtc(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return null;
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** When to start: `null` for now, UTC RFC 3339 for later. */
export function scheduleAt(schedule: Schedule): string | null {
  return schedule.kind === "now" ? null : localToUtc(schedule.local);
}

/** Why a step cannot be left yet (a translation key under `campaigns.wizard.problems`), or null. */
export function stepProblem(state: WizardState, step: StepId, now: Date): string | null {
  switch (step) {
    case "audience":
      if (!state.name.trim()) return "name";
      if (state.listId === null) return "list";
      return null;
    case "message":
      if (state.sourceKind === "template" && state.templateId === null) return "template";
      if (state.sourceKind === "personalisation" && state.runId === null) return "run";
      return null;
    case "instances":
      return state.instances.length === 0 ? "instances" : null;
    case "pacing": {
      const { dailyCap, window } = state.pacing;
      if (!Number.isInteger(dailyCap) || dailyCap < 1 || dailyCap > MAX_DAILY_CAP) return "cap";
      if (!/^\d{2}:\d{2}$/.test(window.start) || !/^\d{2}:\d{2}$/.test(window.end) || window.start >= window.end) return "window";
      if (window.days.length === 0) return "days";
      return null;
    }
    case "schedule": {
      if (state.schedule.kind === "now") return null;
      const at = localToUtc(state.schedule.local);
      if (at === null) return "scheduleInvalid";
      if (new Date(at).getTime() <= now.getTime()) return "schedulePast";
      return null;
    }
  }
}

/** What `campaign_create` receives. Call only when every step has no problem. */
export function toDraft(state: WizardState): CampaignDraft {
  return {
    name: state.name.trim(),
    listId: state.listId ?? 0,
    tag: state.tag,
    source:
      state.sourceKind === "template"
        ? { kind: "template", templateId: state.templateId ?? 0 }
        : { kind: "personalisation", runId: state.runId ?? 0 },
    instances: state.instances,
    pacing: { ...state.pacing, window: { ...state.pacing.window, days: WEEKDAYS.filter((d) => state.pacing.window.days.includes(d)) } },
  };
}
