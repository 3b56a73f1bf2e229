// History commands: a campaign's report (funnel, numbers, replies per hour), the replies and
// the review list of possible opt-outs, and one number's timeline.
import type { ReplyQuery } from "./bindings";
import { call } from "./invoke";

export const historyApi = {
  report: (campaignId: number) => call("history_report", { campaignId }),
  /** Newest first; `query.before` is the last id of the previous page. */
  replies: (query: ReplyQuery) => call("history_replies", { query }),
  /** A person's decision on a possible opt-out: `optOut` removes the number from the lists. */
  resolveReview: (replyId: number, optOut: boolean) => call("history_resolve_review", { replyId, optOut }),
  timeline: (phone: string) => call("history_timeline", { phone }),
};
