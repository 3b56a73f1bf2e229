// Shares of a campaign's recipients, for its progress bars.
import type { CampaignCounts } from "../../ipc";

/** Recipients that will be sent to (the excluded ones never are). */
export function sendable(counts: CampaignCounts): number {
  return counts.total - counts.excluded;
}

/** Percent of the sendable recipients in `part` (0 when there are none). */
export function share(counts: CampaignCounts, part: number): number {
  const base = sendable(counts);
  return base <= 0 ? 0 : (100 * part) / base;
}
