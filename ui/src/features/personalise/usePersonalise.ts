// Queries for personalisation runs; keys under `queryKeys.personalise` so a run's progress,
// an edit or an approval refresh every view of it.
import { useQuery } from "@tanstack/react-query";
import { type IpcError, type MessageStatus, personaliseApi } from "../../ipc";
import { runKey, runStopKey } from "../../lib/appEvents";
import { queryKeys } from "../../lib/queries";

export function useRuns() {
  return useQuery({ queryKey: [...queryKeys.personalise, "runs"], queryFn: personaliseApi.runs });
}

/** The run as saved, then as its events report it (the backend keeps running it when the
 * screen is left; coming back reloads it and follows on). */
export function useRun(runId: number) {
  return useQuery({ queryKey: runKey(runId), queryFn: () => personaliseApi.get(runId) });
}

/** Why the run last stopped by itself (a refused key, no quota…), from its events. */
export function useRunStop(runId: number) {
  return useQuery<IpcError | null>({
    queryKey: runStopKey(runId),
    queryFn: () => null,
    enabled: false,
    initialData: null,
  });
}

export function useRunMessages(runId: number, status: MessageStatus | null, offset: number, limit: number) {
  return useQuery({
    queryKey: [...queryKeys.personalise, "messages", runId, status, offset, limit],
    queryFn: () => personaliseApi.messages(runId, status, offset, limit),
    placeholderData: (previous) => previous,
  });
}
