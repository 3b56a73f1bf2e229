// Where campaign state lives in the query cache, and how a backend event changes it. Kept
// apart from `appEvents.ts` so the campaign screens and the root listener share the keys.
import type { QueryClient } from "@tanstack/react-query";
import type { AppEvent, CampaignView, InstanceProgress, IpcError, Preflight } from "../ipc";
import { queryKeys } from "./queries";

export const campaignKeys = {
  list: [...queryKeys.campaigns, "list"] as const,
  one: (id: number) => [...queryKeys.campaigns, "one", id] as const,
  preflight: (id: number) => [...queryKeys.campaigns, "preflight", id] as const,
  recipients: (id: number) => [...queryKeys.campaigns, "recipients", id] as const,
  /** What the engine last said about each instance and the finish (events only). Outside
   * `queryKeys.campaigns` so a refetch of the campaign does not wipe it. */
  live: (id: number) => ["campaignLive", id] as const,
  /** Why the engine last stopped the campaign by itself (events only). */
  stop: (id: number) => ["campaignStop", id] as const,
};

export interface CampaignLive {
  instances: InstanceProgress[];
  estimatedFinish: string | null;
}

type CampaignEvent = Extract<AppEvent, { kind: "campaignProgress" | "campaignState" | "numberCheckProgress" }>;

function patchCampaign(client: QueryClient, id: number, patch: (old: CampaignView) => CampaignView) {
  client.setQueryData<CampaignView>(campaignKeys.one(id), (old) => (old ? patch(old) : old));
  client.setQueryData<CampaignView[]>(campaignKeys.list, (old) => old?.map((c) => (c.id === id ? patch(c) : c)));
}

export function applyCampaignEvent(client: QueryClient, event: CampaignEvent) {
  switch (event.kind) {
    case "campaignProgress":
      patchCampaign(client, event.campaignId, (old) => ({
        ...old,
        counts: event.counts,
        estimatedFinish: event.estimatedFinish,
      }));
      client.setQueryData<CampaignLive>(campaignKeys.live(event.campaignId), {
        instances: event.instances,
        estimatedFinish: event.estimatedFinish,
      });
      return;
    case "campaignState":
      patchCampaign(client, event.campaignId, (old) => ({
        ...old,
        status: event.status,
        pauseReason: event.pauseReason,
        counts: event.counts,
      }));
      client.setQueryData<IpcError | null>(campaignKeys.stop(event.campaignId), event.error);
      // The resume time, instances that left and the recipients follow a change of state.
      void client.invalidateQueries({ queryKey: queryKeys.campaigns });
      return;
    case "numberCheckProgress":
      client.setQueryData<Preflight>(campaignKeys.preflight(event.campaignId), (old) =>
        old ? { ...old, numberCheck: event.progress } : old,
      );
      // Verdicts and the estimate change once the checks end.
      if (!event.progress.running) void client.invalidateQueries({ queryKey: campaignKeys.preflight(event.campaignId) });
      return;
  }
}
