// History commands: a campaign's report (funnel, numbers, replies per hour), the replies and
// the review list of possible opt-outs, one number's timeline, and CSV/XLSX exports.
import type { HistoryExportRequest, ReplyQuery } from "./bindings";
import { call } from "./invoke";

export const historyApi = {
  report: (campaignId: number) => call("history_report", { campaignId }),
  /** Newest first; `query.before` is the last id of the previous page. */
  replies: (query: ReplyQuery) => call("history_replies", { query }),
  /** A person's decision on a possible opt-out: `optOut` removes the number from the lists. */
  resolveReview: (replyId: number, optOut: boolean) => call("history_resolve_review", { replyId, optOut }),
  timeline: (phone: string) => call("history_timeline", { phone }),
  /** The five most frequent reasons messages did not go (codes, most frequent first). */
  topErrors: (campaignId: number) => call("history_top_errors", { campaignId }),
  /** Asks where to save (title: the dialog's, translated), then writes; null when closed. */
  export: (request: HistoryExportRequest, title: string) => call("history_export", { request, title }),
};
