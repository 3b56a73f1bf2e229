// Server profiles: the list, and switching, which replaces every screen's data with the
// other profile's (the backend swaps its whole core).
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ProfileView } from "../../ipc";
import { profilesApi } from "../../ipc";
import { errorText } from "../../lib/errors";
import { toFailure } from "../../ipc";

export const profileKeys = { list: ["profiles"] as const };

export function useProfiles() {
  return useQuery({ queryKey: profileKeys.list, queryFn: profilesApi.list });
}

/** The name to show: the default profile is "Principal" until the user names it. */
export function useProfileName() {
  const { t } = useTranslation();
  return (profile: Pick<ProfileView, "name"> | null | undefined) => profile?.name ?? t("profiles.defaultName");
}

export function useSwitchProfile() {
  const client = useQueryClient();
  const { t } = useTranslation();
  const nameOf = useProfileName();
  return useMutation({
    mutationFn: (id: string) => profilesApi.switchTo(id),
    // Every cached answer belonged to the other profile: what no screen shows is dropped
    // (so it can never flash later), what is on screen is fetched again. No reset to
    // "loading": the shell stays up, and the page remounts once the status names the
    // new profile.
    onSuccess: async (view) => {
      client.removeQueries({ predicate: (query) => query.getObserversCount() === 0 });
      await client.invalidateQueries();
      notifications.show({ color: "teal", message: t("profiles.switched", { name: nameOf(view) }) });
    },
    onError: (error) => notifications.show({ color: "red", message: errorText(t, toFailure(error)), autoClose: 10000 }),
  });
}
