import { Group, Paper, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CampaignView } from "../../../ipc";
import { useFormat } from "../../../lib/format";
import { sendable, share } from "../progress";
import { useCampaignLive } from "../useCampaigns";

/** The bar and counts, following `campaignProgress` events through the cache. */
export function ProgressCard({ campaign }: { campaign: CampaignView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const live = useCampaignLive(campaign.id);
  const c = campaign.counts;
  const running = campaign.status === "running";
  const finish = live.data?.estimatedFinish ?? campaign.estimatedFinish;
  const stats = [
    { key: "sent", value: c.sent, color: "teal" },
    { key: "failed", value: c.failed, color: "red" },
    { key: "pending", value: c.pending, color: "gray" },
    { key: "in-flight", value: c.inFlight, color: "blue" },
    { key: "unknown", value: c.unknown, color: "orange" },
    { key: "attention", value: c.needsAttention, color: "yellow" },
  ] as const;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={500} data-testid="progress-summary">
            {t("campaigns.progress.summary", { sent: format.number(c.sent), total: format.number(sendable(c)) })}
          </Text>
          {finish && !["completed", "cancelled"].includes(campaign.status) && (
            <Text size="sm" c="dimmed" data-testid="progress-eta">
              {t("campaigns.progress.eta", { when: format.dateTime(finish) })}
            </Text>
          )}
        </Group>
        <Progress.Root size="xl" aria-label={t("campaigns.progress.bar")} data-testid="progress-bar">
          <Progress.Section value={share(c, c.sent)} color="teal" animated={running} />
          <Progress.Section value={share(c, c.failed)} color="red" />
          <Progress.Section value={share(c, c.unknown)} color="orange" />
          <Progress.Section value={share(c, c.inFlight)} color="blue" />
        </Progress.Root>
        <SimpleGrid cols={{ base: 3, md: 6 }} spacing="xs">
          {stats.map((s) => (
            <div key={s.key}>
              <Text size="lg" fw={700} c={s.value > 0 ? s.color : "dimmed"} data-testid={`progress-${s.key}`}>
                {format.number(s.value)}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`campaigns.progress.counts.${s.key}`)}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {c.excluded > 0 && (
          <Text size="xs" c="dimmed" data-testid="progress-excluded">
            {t("campaigns.progress.excluded", { count: c.excluded })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
