// Pause, resume, cancel and retry: each returns the campaign as it is now, which replaces
// the cached one at once (events follow as the engine moves on).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { campaignsApi } from "../../../ipc";
import { campaignKeys } from "../../../lib/campaignCache";
import { queryKeys } from "../../../lib/queries";

export type CampaignAction = "pause" | "resume" | "cancel" | "retryFailed";

export function useCampaignAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: CampaignAction) => campaignsApi[action](id),
    onSuccess: (view) => {
      queryClient.setQueryData(campaignKeys.one(id), view);
      queryClient.setQueryData(campaignKeys.stop(id), null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
    },
  });
}
