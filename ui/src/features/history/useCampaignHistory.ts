// The campaign list of the history screens: pages by id (keyset), reloaded with the rest of
// the history when receipts, replies or a campaign's state change (`lib/appEvents.ts`).
import { useInfiniteQuery } from "@tanstack/react-query";
import { type CampaignListQuery, type CampaignStatus, historyCampaignsApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

/** Campaigns per page. */
export const CAMPAIGN_PAGE = 30;

/** How far back the period filter looks. */
export type Period = "all" | "7" | "30" | "90";

export interface CampaignFilters {
  search: string;
  status: CampaignStatus | "all";
  period: Period;
}

/** The backend query for the filters (without the page cursor); `now` fixes "the last N days". */
export function toQuery(filters: CampaignFilters, now: Date): Omit<CampaignListQuery, "before"> {
  const days = filters.period === "all" ? null : Number(filters.period);
  return {
    search: filters.search.trim() || null,
    statuses: filters.status === "all" ? [] : [filters.status],
    from: days === null ? null : new Date(now.getTime() - days * 86_400_000).toISOString(),
    to: null,
    limit: CAMPAIGN_PAGE,
  };
}

export function useCampaignHistory(query: Omit<CampaignListQuery, "before">) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.history, "campaigns", query],
    queryFn: ({ pageParam }) => historyCampaignsApi.page({ ...query, before: pageParam }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next ?? undefined,
    // Counts move while a campaign sends; its progress events are not history events.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.rows.some((r) => r.status === "running")) ? 5000 : false),
  });
}
