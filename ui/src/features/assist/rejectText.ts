// Why the assistant turned an answer down, in the user's language.
import type { TFunction } from "i18next";
import type { FactViolation, RejectReason } from "../../ipc";

export function violationText(t: TFunction, v: FactViolation): string {
  const expected = v.expected?.text ?? "";
  const found = v.found?.text ?? "";
  return t(`assist.violation.${v.kind}`, { expected, found });
}

export function rejectText(t: TFunction, reason: RejectReason): string {
  switch (reason.kind) {
    case "facts":
      return t("assist.reject.facts", { list: reason.violations.map((v) => violationText(t, v)).join("; ") });
    case "similar":
      return t("assist.reject.similar", { percent: Math.round(reason.similarity * 100) });
    case "badTemplate":
      return t("assist.reject.badTemplate");
  }
}
