// History commands: a campaign's report (funnel, numbers, replies per hour), the replies and
// the review list of possible opt-outs, one number's timeline, and CSV/XLSX exports.
import type { CampaignListQuery, HistoryExportRequest, RecipientQuery, ReplyQuery } from "./bindings";
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

/** The campaign list: newest first, one page per call; `query.before` is the previous page's `next`. */
export const historyCampaignsApi = {
  page: (query: CampaignListQuery) => call("history_campaigns", { query }),
};

/** The home dashboard: sends today per number against its cap, active campaigns, reviews waiting. */
export const historyDashboardApi = {
  get: () => call("history_dashboard", {}),
};

/** The consent ledger: why each number is on the do-not-contact list, and each number's changes. */
export const historyConsentApi = {
  /** For each number on the list, the change that put it there. */
  proofs: () => call("history_consent_proofs", {}),
  /** Every change for one number, newest first. */
  forPhone: (phone: string) => call("history_consent", { phone }),
};

export const historyDefaultsApi = {
  /** The stop words the app ships with. */
  optOutWords: () => call("history_default_opt_out_words", {}),
};

export const campaignCopyApi = {
  /** A campaign's choices for a new wizard ("Duplicate"); creates nothing. */
  get: (campaignId: number) => call("campaign_copy", { campaignId }),
};

export const historyRecipientsApi = {
  /** A page of a campaign's recipients that one instance took. */
  recipients: (campaignId: number, query: RecipientQuery, instance: string) => call("history_recipients", { campaignId, query, instance }),
};
