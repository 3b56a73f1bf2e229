// Translated words for the backend's per-row verdicts (the backend sends tags, not text).
import type { TFunction } from "i18next";
import type { Change, InvalidReason, RowReport } from "../../ipc";

export type VerdictKind = RowReport["verdict"];

export const VERDICT_COLORS: Record<VerdictKind, string> = {
  ok: "green",
  repaired: "blue",
  duplicate: "yellow",
  optedOut: "grape",
  invalid: "red",
  skipped: "gray",
};

export function verdictLabel(t: TFunction, verdict: VerdictKind): string {
  return t(`import.verdict.${verdict}`);
}

export function changeText(t: TFunction, change: Change): string {
  return t(`import.change.${change.kind}`, { value: "value" in change ? change.value : "" });
}

export function reasonText(t: TFunction, reason: InvalidReason): string {
  if (reason.kind === "nonGeographic") return t(`import.reason.nonGeographic.${reason.value}`);
  return t(`import.reason.${reason.kind}`, { value: "value" in reason ? reason.value : "" });
}

/** The "why" of a row: what was changed, why it is invalid, or what it repeats. */
export function verdictDetail(t: TFunction, report: RowReport): string {
  switch (report.verdict) {
    case "repaired":
      return report.changes.map((c) => changeText(t, c)).join("; ");
    case "invalid":
      return reasonText(t, report.reason);
    case "duplicate":
      return report.of.kind === "row"
        ? t("import.duplicateOfRow", { row: report.of.row })
        : t("import.duplicateOfContact", { id: report.of.id });
    case "optedOut":
      return t("import.optedOutDetail");
    case "skipped":
      return t("import.skippedDetail");
    case "ok":
      return "";
  }
}

/** "+5511987654321" → "+55 11 98765-4321"; other countries keep E.164. */
export function formatE164(e164: string): string {
  const br = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return br ? `+55 ${br[1]} ${br[2]}-${br[3]}` : e164;
}
