import { Alert, Button, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { CampaignView } from "../../../ipc";
import { useFormat } from "../../../lib/format";

/**
 * Why the campaign is not sending right now, and what happens next: it goes on by itself
 * (window, caps), or the user has to act (reconnect, fix the server, decide, start).
 */
export function PauseBanner({ campaign, onStartNow }: { campaign: CampaignView; onStartNow: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { status, pauseReason, resumeAt, scheduledAt, pauseDetail } = campaign;
  const when = (iso: string | null) => (iso ? format.dateTime(iso) : t("campaigns.banner.soon"));

  if (status === "scheduled") {
    return (
      <Alert color="indigo" variant="light" icon={<IconInfoCircle size={18} />} data-testid="pause-banner" data-reason="scheduled">
        {t("campaigns.banner.scheduled", { when: when(scheduledAt) })}
      </Alert>
    );
  }
  if (status === "interrupted") {
    return (
      <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />} data-testid="pause-banner" data-reason="interrupted">
        {t("campaigns.banner.interrupted")}
      </Alert>
    );
  }
  if (status !== "paused" || !pauseReason) return null;
  const text = {
    user: t("campaigns.banner.user"),
    windowClosed: t("campaigns.banner.windowClosed", { when: when(resumeAt) }),
    capReached: t("campaigns.banner.capReached", { when: when(resumeAt) }),
    noInstances: t("campaigns.banner.noInstances"),
    server: t("campaigns.banner.server"),
    missedSchedule: t("campaigns.banner.missedSchedule", { when: when(scheduledAt) }),
    needsAttention: t("campaigns.banner.needsAttention"),
  }[pauseReason];
  const waitsForUser = pauseReason !== "windowClosed" && pauseReason !== "capReached";
  return (
    <Alert
      color={waitsForUser ? "yellow" : "blue"}
      variant="light"
      icon={<IconInfoCircle size={18} />}
      title={t(`campaigns.pauseShort.${pauseReason}`)}
      data-testid="pause-banner"
      data-reason={pauseReason}
    >
      <Text size="sm">{text}</Text>
      {pauseDetail && (
        <Text size="xs" c="dimmed" mt={4}>
          {pauseDetail}
        </Text>
      )}
      {pauseReason === "missedSchedule" && (
        <Button size="xs" mt="sm" onClick={onStartNow} data-testid="banner-start-now">
          {t("campaigns.actions.startNow")}
        </Button>
      )}
    </Alert>
  );
}
