// How a recipient's row reads: its state in words and its error code translated.
import type { TFunction } from "i18next";
import type { RecipientView } from "../../../ipc";

/** The codes the engine writes in `errorCode`; anything else is shown as it came. */
export const RECIPIENT_ERRORS = [
  "not_on_whatsapp",
  "opted_out",
  "invalid",
  "duplicate",
  "retries_exhausted",
  "rejected",
  "new_contact_refused",
  "timeout",
  "connection_lost",
  "whatsapp_timed_out",
  "server_error",
  "unreadable_answer",
  "interrupted",
  "marked_sent",
  "no_text",
  "rate_limited",
] as const;

export type RecipientLabel = "attention" | "excluded" | "waiting" | "sending" | "sent" | "failed" | "checking";

export function recipientLabel(row: RecipientView): RecipientLabel {
  if (row.needsAttention) return "attention";
  switch (row.state) {
    case "excluded":
      return "excluded";
    case "pending":
      return "waiting";
    case "claimed":
    case "sending":
      return "sending";
    case "sent":
      return "sent";
    case "failed":
      return "failed";
    case "unknown":
      return "checking";
  }
}

export function recipientError(t: TFunction, code: string | null): string | null {
  if (code === null) return null;
  return (RECIPIENT_ERRORS as readonly string[]).includes(code) ? t(`campaigns.recipientErrors.${code}`) : code;
}
