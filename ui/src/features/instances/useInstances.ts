import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { instancesApi, toFailure } from "../../ipc";
import { queryKeys } from "../../lib/queries";

export const instancesKey = queryKeys.instances;

/**
 * Polls the server: every 5 s while it answers (every 30 s when every instance's event stream
 * is live: its changes arrive as events, which refetch at once), backing off to 1 min while it
 * fails, and not at all while no server is configured (saving Settings refreshes it).
 */
export function useInstances(enabled = true) {
  return useQuery({
    queryKey: instancesKey,
    queryFn: instancesApi.list,
    enabled,
    refetchInterval: (query) => {
      const error = query.state.error;
      if (error && toFailure(error).code === "EVOLUTION_NOT_CONFIGURED") return false;
      const failures = query.state.fetchFailureCount;
      if (failures > 0) return Math.min(60000, 5000 * 2 ** failures);
      const list = query.state.data;
      return list && list.length > 0 && list.every((i) => i.live) ? 30000 : 5000;
    },
  });
}

/** Restart, log out and delete; each refreshes the list when done. */
export function useInstanceAction(action: "restart" | "logout" | "remove") {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => instancesApi[action](name),
    onSettled: () => client.invalidateQueries({ queryKey: instancesKey }),
  });
}
