// Queries for the history screens. They reload when the backend says receipts, replies or
// consent changed (`historyChanged`, see `lib/appEvents.ts`).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { historyApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

/** Replies per page in the review list. */
export const REVIEW_PAGE = 50;

export const historyKeys = {
  report: (id: number) => [...queryKeys.history, "report", id] as const,
  review: (id: number | null) => [...queryKeys.history, "review", id] as const,
};

export function useReport(campaignId: number) {
  return useQuery({ queryKey: historyKeys.report(campaignId), queryFn: () => historyApi.report(campaignId) });
}

export function useReviewList(campaignId: number | null) {
  return useQuery({
    queryKey: historyKeys.review(campaignId),
    queryFn: () => historyApi.replies({ campaignId, reviewOnly: true, before: null, limit: REVIEW_PAGE }),
  });
}

export function useResolveReview() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ replyId, optOut }: { replyId: number; optOut: boolean }) => historyApi.resolveReview(replyId, optOut),
    // The funnel, the review list and the do-not-contact list all change.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.history }), client.invalidateQueries({ queryKey: queryKeys.contacts })]),
  });
}
