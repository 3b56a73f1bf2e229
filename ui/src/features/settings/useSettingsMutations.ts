import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SecretKind, Settings, SettingsView } from "../../ipc";
import { settingsApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

/** Saving settings returns the fresh view, which replaces the cached one. */
export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Settings) => settingsApi.save(input),
    onSuccess: (view) => {
      client.setQueryData<SettingsView>(queryKeys.settings, view);
      void client.invalidateQueries({ queryKey: queryKeys.instances });
    },
  });
}

export function useSecretMutations(kind: SecretKind) {
  const client = useQueryClient();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.settings }),
      client.invalidateQueries({ queryKey: queryKeys.instances }),
    ]);
  const save = useMutation({
    mutationFn: (value: string) => settingsApi.setSecret(kind, value),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => settingsApi.removeSecret(kind),
    onSuccess: refresh,
  });
  return { save, remove };
}
