import { Alert, Button, Divider, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { IconCalendarTime, IconPlayerPlay } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { type CampaignView, campaignsApi } from "../../../ipc";
import { campaignKeys } from "../../../lib/campaignCache";
import { useFormat } from "../../../lib/format";
import { queryKeys } from "../../../lib/queries";
import { ChatBubble } from "../../templates/ChatBubble";
import { CampaignActions } from "../detail/CampaignActions";
import { StatusBadge } from "../StatusBadge";
import { useCampaign, usePreflight } from "../useCampaigns";
import { ScheduleField } from "../wizard/ScheduleField";
import { type Schedule, localToUtc, scheduleAt } from "../wizard/draft";
import { NumberCheck } from "./NumberCheck";
import { RiskList } from "./RiskList";
import { TestSendCard } from "./TestSendCard";
import { VerdictGrid } from "./VerdictGrid";

/**
 * Everything to look at before the first message goes out: who gets it, when it ends, what
 * could go wrong, a test to the user's own phone; then start now or at the scheduled time.
 */
export function PreflightPanel({
  campaignId,
  initialSchedule,
  onStarted,
  onDeleted,
}: {
  campaignId: number;
  initialSchedule: Schedule;
  onStarted: (campaign: CampaignView) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const campaign = useCampaign(campaignId);
  const preflight = usePreflight(campaignId);
  const [schedule, setSchedule] = useState<Schedule>(initialSchedule);
  const at = scheduleAt(schedule);
  const start = useMutation({
    mutationFn: () => campaignsApi.start({ campaignId, at }),
    onSuccess: (view) => {
      queryClient.setQueryData(campaignKeys.one(campaignId), view);
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
      onStarted(view);
    },
  });

  if (campaign.isError) return <ErrorAlert error={campaign.error} />;
  if (preflight.isError) return <ErrorAlert error={preflight.error} />;
  if (!campaign.data || !preflight.data) return <Loader aria-label={t("app.loading")} />;
  const report = preflight.data;
  const sendable = report.verdicts.ready + report.verdicts.unchecked;
  const scheduleBad = schedule.kind === "at" && (localToUtc(schedule.local) === null || new Date(at ?? 0) <= new Date());

  return (
    <Stack gap="lg" data-testid="campaign-preflight">
      <Group justify="space-between">
        <div>
          <Title order={3}>{campaign.data.name}</Title>
          <Text size="sm" c="dimmed">
            {t("campaigns.preflight.subtitle")}
          </Text>
        </div>
        <Group gap="xs">
          <StatusBadge status={campaign.data.status} pauseReason={campaign.data.pauseReason} />
          <CampaignActions campaign={campaign.data} onDeleted={onDeleted} />
        </Group>
      </Group>

      <Section title={t("campaigns.preflight.recipients")}>
        <VerdictGrid verdicts={report.verdicts} />
        <NumberCheck preflight={report} />
      </Section>

      <Section title={t("campaigns.preflight.estimate")}>
        <Text size="sm" data-testid="preflight-finish">
          {report.estimatedFinish
            ? t("campaigns.preflight.finish", { when: format.dateTime(report.estimatedFinish) })
            : t("campaigns.preflight.noFinish")}
        </Text>
        <Text size="sm" c="dimmed" data-testid="preflight-days">
          {t("campaigns.preflight.days", { count: report.sendingDays })}
        </Text>
      </Section>

      <Section title={t("campaigns.preflight.risks")}>
        <RiskList risks={report.risks} />
      </Section>

      {report.sampleText !== null && (
        <Section title={t("campaigns.preflight.sample")}>
          <Stack maw={480}>
            <ChatBubble testId="preflight-sample">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {report.sampleText}
              </Text>
            </ChatBubble>
          </Stack>
        </Section>
      )}

      <Section title={t("campaigns.preflight.testSend")}>
        <TestSendCard campaignId={campaignId} instances={campaign.data.instances.map((i) => i.name)} />
      </Section>

      <Section title={t("campaigns.preflight.when")}>
        <ScheduleField value={schedule} onChange={setSchedule} />
      </Section>

      {sendable === 0 && (
        <Alert color="red" variant="light" data-testid="preflight-nobody">
          {t("campaigns.preflight.nobody")}
        </Alert>
      )}
      {start.isError && <ErrorAlert error={start.error} />}
      <Group justify="flex-end">
        <Button
          size="md"
          leftSection={at ? <IconCalendarTime size={18} /> : <IconPlayerPlay size={18} />}
          disabled={sendable === 0 || scheduleBad}
          loading={start.isPending}
          onClick={() => start.mutate()}
          data-testid="preflight-start"
        >
          {at ? t("campaigns.preflight.schedule", { when: format.dateTime(at) }) : t("campaigns.preflight.start", { count: sendable })}
        </Button>
      </Group>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <Divider label={title} labelPosition="left" />
      {children}
    </Stack>
  );
}
