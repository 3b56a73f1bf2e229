import { Button, Group } from "@mantine/core";
import { IconPlayerPause, IconPlayerPlay, IconRefresh, IconTrash, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ConfirmRequest, ConfirmDialog } from "../../../components/ConfirmDialog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { type CampaignView, campaignsApi } from "../../../ipc";
import { queryKeys } from "../../../lib/queries";
import { useCampaignAction } from "./useCampaignAction";

/** Pause, resume, cancel (asks first), retry failed, delete a campaign that sent nothing. */
export function CampaignActions({ campaign, onDeleted }: { campaign: CampaignView; onDeleted: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const id = campaign.id;
  const act = useCampaignAction(id);
  const remove = useMutation({
    mutationFn: () => campaignsApi.remove(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
      onDeleted();
    },
  });
  const { status, counts } = campaign;
  const final = status === "completed" || status === "cancelled";
  const neverSent = counts.sent + counts.failed + counts.unknown + counts.inFlight === 0;
  const busy = act.isPending ? act.variables : null;

  return (
    <>
      <Group gap="xs">
        {(status === "running" || status === "scheduled") && (
          <Button variant="default" leftSection={<IconPlayerPause size={16} />} loading={busy === "pause"} onClick={() => act.mutate("pause")} data-testid="campaign-pause">
            {t("campaigns.actions.pauseButton")}
          </Button>
        )}
        {(status === "paused" || status === "interrupted") && (
          <Button leftSection={<IconPlayerPlay size={16} />} loading={busy === "resume"} onClick={() => act.mutate("resume")} data-testid="campaign-resume">
            {campaign.pauseReason === "missedSchedule" ? t("campaigns.actions.startNow") : t("campaigns.actions.resumeButton")}
          </Button>
        )}
        {counts.failed > 0 && status !== "cancelled" && status !== "draft" && (
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={busy === "retryFailed"} onClick={() => act.mutate("retryFailed")} data-testid="campaign-retry">
            {t("campaigns.actions.retryButton", { count: counts.failed })}
          </Button>
        )}
        {!final && status !== "draft" && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconX size={16} />}
            loading={busy === "cancel"}
            onClick={() =>
              setConfirm({
                title: t("campaigns.actions.cancelTitle"),
                body: t("campaigns.actions.cancelBody"),
                action: t("campaigns.actions.cancelButton"),
                onConfirm: () => act.mutate("cancel"),
              })
            }
            data-testid="campaign-cancel"
          >
            {t("campaigns.actions.cancelButton")}
          </Button>
        )}
        {(status === "draft" || status === "scheduled") && neverSent && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            loading={remove.isPending}
            onClick={() =>
              setConfirm({
                title: t("campaigns.actions.deleteTitle"),
                body: t("campaigns.actions.deleteBody"),
                action: t("common.delete"),
                onConfirm: () => remove.mutate(),
              })
            }
            data-testid="campaign-delete"
          >
            {t("common.delete")}
          </Button>
        )}
      </Group>
      {act.isError && <ErrorAlert error={act.error} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}
