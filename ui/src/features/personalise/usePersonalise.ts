// Queries for personalisation runs; keys under `queryKeys.personalise` so a run's progress,
// an edit or an approval refresh every view of it.
import { useQuery } from "@tanstack/react-query";
import { type MessageStatus, personaliseApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

export function useRuns() {
  return useQuery({ queryKey: [...queryKeys.personalise, "runs"], queryFn: personaliseApi.runs });
}

export function useRun(runId: number) {
  return useQuery({ queryKey: [...queryKeys.personalise, "run", runId], queryFn: () => personaliseApi.get(runId) });
}

export function useRunMessages(runId: number, status: MessageStatus | null, offset: number, limit: number) {
  return useQuery({
    queryKey: [...queryKeys.personalise, "messages", runId, status, offset, limit],
    queryFn: () => personaliseApi.messages(runId, status, offset, limit),
    placeholderData: (previous) => previous,
  });
}
