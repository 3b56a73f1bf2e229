import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CampaignStatus, PauseReason } from "../../ipc";

const COLORS: Record<CampaignStatus, string> = {
  draft: "gray",
  scheduled: "indigo",
  running: "blue",
  paused: "yellow",
  completed: "teal",
  cancelled: "dark",
  interrupted: "orange",
};

/** The campaign's status; a paused one says why ("Pausada: fora do horário"). */
export function StatusBadge({ status, pauseReason, testId }: { status: CampaignStatus; pauseReason: PauseReason | null; testId?: string }) {
  const { t } = useTranslation();
  const label =
    status === "paused" && pauseReason
      ? t("campaigns.status.pausedWhy", { reason: t(`campaigns.pauseShort.${pauseReason}`) })
      : t(`campaigns.status.${status}`);
  return (
    <Badge color={COLORS[status]} variant="light" tt="none" data-testid={testId} data-status={status} data-reason={pauseReason ?? ""}>
      {label}
    </Badge>
  );
}
