// Follows the backend's events for the whole app, whatever screen is open, and writes them
// into the TanStack Query cache: a screen that mounts later reads the latest state from
// there (after reloading it from the backend) and keeps following.
import type { QueryClient } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { type AppEvent, type IpcError, type RunView, onAppEvent } from "../ipc";
import { applyCampaignEvent, campaignKeys } from "./campaignCache";
import { queryKeys } from "./queries";

/** Where a run's last stop reason is kept (outside `personalise`, so refetches keep it). */
export function runStopKey(runId: number) {
  return ["personaliseStop", runId] as const;
}

export function runKey(runId: number) {
  return [...queryKeys.personalise, "run", runId] as const;
}

/** Applies one event to the cache. Exported for tests. */
export function applyAppEvent(client: QueryClient, event: AppEvent) {
  switch (event.kind) {
    case "personaliseProgress":
      client.setQueryData<RunView>(runKey(event.runId), (old) => (old ? { ...old, status: "running", counts: event.counts } : old));
      return;
    case "personaliseState":
      client.setQueryData<RunView>(runKey(event.runId), (old) => (old ? { ...old, status: event.status, counts: event.counts } : old));
      client.setQueryData<IpcError | null>(runStopKey(event.runId), event.error);
      // Messages, the run list and counts elsewhere follow the run's end.
      void client.invalidateQueries({ queryKey: queryKeys.personalise });
      return;
    case "campaignProgress":
    case "campaignState":
    case "numberCheckProgress":
      applyCampaignEvent(client, event);
      // The home dashboard's sends today and progress move with every send.
      if (event.kind === "campaignProgress") void client.invalidateQueries({ queryKey: queryKeys.dashboard });
      // Counts on the report move with the sending.
      if (event.kind === "campaignState") void client.invalidateQueries({ queryKey: queryKeys.history });
      return;
    case "historyChanged":
      // Receipts, replies or consent changed: reports, reply lists and recipients reload.
      void client.invalidateQueries({ queryKey: queryKeys.history });
      if (event.campaignId !== null) void client.invalidateQueries({ queryKey: campaignKeys.recipients(event.campaignId) });
      // An automatic opt-out changes the do-not-contact list and the contacts' marks.
      if (event.consentChanged) void client.invalidateQueries({ queryKey: queryKeys.contacts });
      return;
    case "instanceState":
      // A number connected, dropped or was logged out: the Instances screen reloads its
      // states (not the QR codes and pairing codes, which asking again would renew).
      void client.invalidateQueries({
        queryKey: queryKeys.instances,
        predicate: (query) => query.queryKey[1] !== "qr" && query.queryKey[1] !== "pairing",
      });
      return;
  }
}

/** Mounted once, at the app's root. */
export function useAppEvents() {
  const client = useQueryClient();
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    void onAppEvent((event) => applyAppEvent(client, event)).then((unlisten) => {
      if (cancelled) unlisten();
      else stop = unlisten;
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [client]);
}
