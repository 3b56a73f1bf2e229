import { Button, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { IconChecklist, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useFormat } from "../../../lib/format";
import { ReportPanel } from "../../history/ReportPanel";
import { StatusBadge } from "../StatusBadge";
import { useCampaign, useCampaignStop } from "../useCampaigns";
import { AttentionPanel } from "./AttentionPanel";
import { CampaignActions } from "./CampaignActions";
import { InstanceTable } from "./InstanceTable";
import { PauseBanner } from "./PauseBanner";
import { ProgressCard } from "./ProgressCard";
import { RecipientsTable } from "./RecipientsTable";
import { useCampaignAction } from "./useCampaignAction";

/**
 * One campaign: its state, progress, numbers and recipients. Sending goes on in the
 * backend when this screen is left; coming back reloads it and follows the events again.
 */
export function CampaignDetail({
  campaignId,
  onPreflight,
  onDeleted,
  onDuplicate,
}: {
  campaignId: number;
  onPreflight: () => void;
  onDeleted: () => void;
  onDuplicate?: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const campaign = useCampaign(campaignId);
  const stop = useCampaignStop(campaignId);
  const resume = useCampaignAction(campaignId);

  if (campaign.isError) return <ErrorAlert error={campaign.error} />;
  if (!campaign.data) return <Loader aria-label={t("app.loading")} />;
  const view = campaign.data;
  return (
    <Stack gap="lg" data-testid="campaign-detail" data-status={view.status} data-reason={view.pauseReason ?? ""}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={3}>{view.name}</Title>
            <StatusBadge status={view.status} pauseReason={view.pauseReason} testId="campaign-status" />
          </Group>
          <Text size="sm" c="dimmed">
            {view.tag ? t("campaigns.listWithTag", { list: view.listName, tag: view.tag }) : view.listName}
            {" · "}
            {t(`campaigns.pacing.presets.${view.pacing.preset}.label`)}
            {view.startedAt && ` · ${t("campaigns.detail.started", { when: format.dateTime(view.startedAt) })}`}
            {view.finishedAt && ` · ${t("campaigns.detail.finished", { when: format.dateTime(view.finishedAt) })}`}
          </Text>
        </div>
        <Group gap="xs">
          {view.status === "draft" && (
            <Button leftSection={<IconChecklist size={16} />} onClick={onPreflight} data-testid="campaign-open-preflight">
              {t("campaigns.detail.toPreflight")}
            </Button>
          )}
          <CampaignActions campaign={view} onDeleted={onDeleted} />
          {onDuplicate && (
            <Button variant="default" leftSection={<IconCopy size={16} />} onClick={onDuplicate} data-testid="campaign-duplicate">
              {t("campaigns.duplicate.button")}
            </Button>
          )}
        </Group>
      </Group>
      <PauseBanner campaign={view} onStartNow={() => resume.mutate("resume")} />
      {resume.isError && <ErrorAlert error={resume.error} />}
      {stop.data && view.status !== "running" && <ErrorAlert error={stop.data} title={t("campaigns.detail.stopped")} />}
      <ProgressCard campaign={view} />
      <AttentionPanel campaignId={campaignId} count={view.counts.needsAttention} />
      <InstanceTable campaign={view} />
      {view.status !== "draft" && <ReportPanel campaignId={campaignId} />}
      <Title order={4}>{t("campaigns.recipients.title")}</Title>
      <RecipientsTable campaignId={campaignId} follow={view.status === "running"} />
    </Stack>
  );
}
