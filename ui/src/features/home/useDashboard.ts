// The home dashboard's figures; reloaded on campaign progress and history events
// (`lib/appEvents.ts`).
import { useQuery } from "@tanstack/react-query";
import { historyDashboardApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

export function useDashboard() {
  return useQuery({ queryKey: queryKeys.dashboard, queryFn: historyDashboardApi.get });
}
