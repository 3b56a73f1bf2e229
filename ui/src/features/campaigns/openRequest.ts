// Another screen (the home dashboard) asks the Campaigns area to open one campaign: the
// request waits here until the Campaigns page mounts and takes it.
let pending: number | null = null;

export function requestCampaignOpen(campaignId: number) {
  pending = campaignId;
}

/** The campaign to open, once (null when none was asked for). */
export function takeCampaignOpen(): number | null {
  const id = pending;
  pending = null;
  return id;
}
