// The server doctor's timing and data in the window: when a connect dialog should ask for a
// diagnosis, and the query the Instances screen shares for version warnings.
import { useQuery } from "@tanstack/react-query";
import type { ConnectionState, InstanceObservation } from "../../ipc";
import { doctorApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

/** The contract's "report after ~60 s" (§8.1); the backend may shorten it (tests). */
export const DEFAULT_NO_QR_AFTER = 60;

/** Under the instances key: stale, like everything read from the server, when it changes. */
export const serverDoctorKey = [...queryKeys.instances, "doctor"] as const;

/** The server's version support and the wait before a no-QR report. */
export function useServerDiagnosis(enabled = true) {
  return useQuery({ queryKey: serverDoctorKey, queryFn: () => doctorApi.check(null), enabled, staleTime: 60_000, retry: false });
}

/** What a connect dialog knows at one moment. */
export interface ConnectWatch {
  state: ConnectionState | undefined;
  /** A QR or pairing code was shown since connecting (re)started. */
  qrSeen: boolean;
  elapsedSecs: number;
  thresholdSecs: number;
}

/** Still `connecting` (or not answered yet), never a QR, and the wait is over. */
export function noQrOverdue({ state, qrSeen, elapsedSecs, thresholdSecs }: ConnectWatch): boolean {
  return !qrSeen && state !== "open" && state !== "close" && elapsedSecs >= thresholdSecs;
}

/**
 * The diagnosis of one instance stuck without a QR, asked once the wait is over; `attempt`
 * counts the retries, so each one is diagnosed afresh.
 */
export function useInstanceDiagnosis(observation: InstanceObservation, attempt: number, enabled: boolean) {
  return useQuery({
    queryKey: [...serverDoctorKey, observation.name, attempt],
    queryFn: () => doctorApi.check(observation),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
}
