// TanStack Query keys and hooks for backend state the screens share.
import { useQuery } from "@tanstack/react-query";
import { appApi, settingsApi } from "../ipc";

export const queryKeys = {
  appStatus: ["app", "status"] as const,
  settings: ["settings"] as const,
  /** Everything read from the Evolution server; stale when the server or key changes. */
  instances: ["instances"] as const,
  /** Contacts, lists, tags, opt-outs and import history: stale after any import or edit. */
  contacts: ["contacts"] as const,
  /** Personalisation runs, their messages and estimates. */
  personalise: ["personalise"] as const,
  /** The template library and the composer's checks and previews. */
  templates: ["templates"] as const,
  /** Campaigns, their pre-flight, progress and recipients. */
  campaigns: ["campaigns"] as const,
  history: ["history"] as const,
  /** The home dashboard (under `history`, so history events reload it too). */
  dashboard: ["history", "dashboard"] as const,
};

export function useAppStatus() {
  return useQuery({ queryKey: queryKeys.appStatus, queryFn: appApi.status });
}

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: settingsApi.get });
}
