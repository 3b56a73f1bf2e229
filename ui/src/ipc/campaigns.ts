// Campaign commands: create, pre-flight, test send, start/pause/resume/cancel, results and
// the "needs attention" choices. Sending runs in the backend; its progress arrives as
// `app-event`s (see `lib/appEvents.ts`), also while another screen is open.
import type { AttentionChoice, CampaignDraft, RecipientQuery, StartInput } from "./bindings";
import { call } from "./invoke";

export const campaignsApi = {
  list: () => call("campaign_list", {}),
  get: (campaignId: number) => call("campaign_get", { campaignId }),
  /** Creates a draft; every recipient's text is rendered and stored now. */
  create: (draft: CampaignDraft) => call("campaign_create", { draft }),
  /** Deletes a campaign that never sent anything. */
  remove: (campaignId: number) => call("campaign_delete", { campaignId }),
  preflight: (campaignId: number) => call("campaign_preflight", { campaignId }),
  /** Starts the paced WhatsApp checks of unchecked numbers in the background. */
  checkNumbers: (campaignId: number) => call("campaign_check_numbers", { campaignId }),
  /** Sends the first recipient's text to the user's own number (`null`: the first instance). */
  testSend: (campaignId: number, number: string, instance: string | null) =>
    call("campaign_test_send", { campaignId, number, instance }),
  /** Starts now, or schedules when `input.at` (UTC, RFC 3339) is set. */
  start: (input: StartInput) => call("campaign_start", { input }),
  pause: (campaignId: number) => call("campaign_pause", { campaignId }),
  resume: (campaignId: number) => call("campaign_resume", { campaignId }),
  cancel: (campaignId: number) => call("campaign_cancel", { campaignId }),
  retryFailed: (campaignId: number) => call("campaign_retry_failed", { campaignId }),
  /** A page of recipients by position (keyset: `query.after` is the last position seen). */
  recipients: (campaignId: number, query: RecipientQuery) => call("campaign_recipients", { campaignId, query }),
  resolve: (campaignId: number, positions: number[], choice: AttentionChoice) =>
    call("campaign_resolve", { campaignId, positions, choice }),
};
