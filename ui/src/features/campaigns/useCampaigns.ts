// Queries for the Campaigns area. Campaign state is reloaded from the backend when a screen
// mounts, then follows the events the root listener writes into the cache.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type IpcError, type RecipientFilter, campaignsApi, historyRecipientsApi as historyApi, personaliseApi } from "../../ipc";
import { type CampaignLive, campaignKeys } from "../../lib/campaignCache";
import { queryKeys } from "../../lib/queries";

/** Recipients fetched per request. */
export const RECIPIENT_PAGE = 50;

export function useCampaignList() {
  return useQuery({ queryKey: campaignKeys.list, queryFn: campaignsApi.list });
}

export function useCampaign(id: number) {
  return useQuery({ queryKey: campaignKeys.one(id), queryFn: () => campaignsApi.get(id) });
}

export function usePreflight(id: number) {
  return useQuery({ queryKey: campaignKeys.preflight(id), queryFn: () => campaignsApi.preflight(id) });
}

/** Per-instance state and the finish estimate from the engine's events (null before any). */
export function useCampaignLive(id: number) {
  return useQuery<CampaignLive | null>({
    queryKey: campaignKeys.live(id),
    queryFn: () => null,
    enabled: false,
    initialData: null,
  });
}

/** Why the campaign last stopped by itself (a refused key, a server error…), from its events. */
export function useCampaignStop(id: number) {
  return useQuery<IpcError | null>({
    queryKey: campaignKeys.stop(id),
    queryFn: () => null,
    enabled: false,
    initialData: null,
  });
}

/**
 * Recipients matching a filter and search, page after page by position. `follow`: reload
 * the loaded pages every few seconds (while the campaign sends). `version` is part of the
 * key, so a change (e.g. the needs-attention count) reloads from the first page.
 */
export function useRecipients(
  id: number,
  filter: RecipientFilter,
  search: string,
  options: { follow?: boolean; version?: number; instance?: string | null } = {},
) {
  const instance = options.instance ?? null;
  return useInfiniteQuery({
    queryKey: [...campaignKeys.recipients(id), filter, search, options.version ?? 0, instance],
    refetchInterval: options.follow ? 5000 : false,
    queryFn: ({ pageParam }) => {
      const query = { filter, search: search.trim() || null, after: pageParam, limit: RECIPIENT_PAGE };
      // Only one instance's recipients: the history's variant of the same page.
      return instance === null ? campaignsApi.recipients(id, query) : historyApi.recipients(id, query, instance);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.rows.length < RECIPIENT_PAGE ? undefined : (last.rows.at(-1)?.position ?? undefined)),
  });
}

/** Approved personalisation runs (the wizard offers those of the chosen list). */
export function usePersonaliseRuns() {
  return useQuery({ queryKey: [...queryKeys.personalise, "runs"], queryFn: personaliseApi.runs });
}
