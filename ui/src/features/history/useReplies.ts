// Every reply across campaigns, newest first, page after page by id (keyset).
import { useInfiniteQuery } from "@tanstack/react-query";
import { historyApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

/** Replies fetched per request. */
export const REPLY_PAGE = 50;

export type ReplyFilter = "all" | "review" | "optedOut";

export function useReplies(filter: ReplyFilter) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.history, "replies", filter],
    queryFn: ({ pageParam }) =>
      historyApi.replies({
        campaignId: null,
        reviewOnly: filter === "review",
        optedOutOnly: filter === "optedOut",
        before: pageParam,
        limit: REPLY_PAGE,
      }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.length < REPLY_PAGE ? undefined : (last.at(-1)?.id ?? undefined)),
  });
}
