import { Alert, Anchor, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconMessageCircleQuestion } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useNavigateTo } from "../../components/navigation";
import type { CampaignSummary, InstanceToday } from "../../ipc";
import { useFormat } from "../../lib/format";
import { requestCampaignOpen } from "../campaigns/openRequest";
import { StatusBadge } from "../campaigns/StatusBadge";
import { useDashboard } from "./useDashboard";

function InstanceRow({ i }: { i: InstanceToday }) {
  const { t } = useTranslation();
  const format = useFormat();
  const share = i.capToday ? Math.min(100, (100 * i.sentToday) / i.capToday) : 0;
  return (
    <Stack gap={2} data-testid={`home-instance-${i.name}`}>
      <Group justify="space-between">
        <Text fw={500}>{i.name}</Text>
        <Text size="sm" data-testid={`home-instance-count-${i.name}`}>
          {i.capToday === null
            ? t("home.sentNoCap", { sent: format.number(i.sentToday) })
            : t("home.sentOfCap", { sent: format.number(i.sentToday), cap: format.number(i.capToday) })}
        </Text>
      </Group>
      {i.capToday !== null && <Progress value={share} color={share >= 100 ? "orange" : "teal"} size="sm" />}
      {i.capToday !== null && i.warmupDay < 22 && (
        <Text size="xs" c="dimmed">
          {t("home.warmup", { day: i.warmupDay })}
        </Text>
      )}
    </Stack>
  );
}

function CampaignRow({ c, onOpen }: { c: CampaignSummary; onOpen: () => void }) {
  const format = useFormat();
  const sendable = c.audience - c.excluded;
  return (
    <Stack gap={2} data-testid={`home-campaign-${c.id}`}>
      <Group justify="space-between" wrap="nowrap">
        <Anchor component="button" fw={500} onClick={onOpen} data-testid={`home-campaign-open-${c.id}`}>
          {c.name}
        </Anchor>
        <StatusBadge status={c.status} pauseReason={c.pauseReason} />
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Progress.Root size="sm" style={{ flex: 1 }}>
          <Progress.Section value={sendable > 0 ? (100 * c.sent) / sendable : 0} color="teal" />
          <Progress.Section value={sendable > 0 ? (100 * c.failed) / sendable : 0} color="red" />
        </Progress.Root>
        <Text size="xs" c="dimmed" data-testid={`home-campaign-counts-${c.id}`}>
          {format.number(c.sent)}/{format.number(sendable)}
        </Text>
      </Group>
    </Stack>
  );
}

/** Home ("Início"): how today is going at a glance, with a way into each part. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigateTo();
  const home = useDashboard();
  const open = (id: number) => {
    requestCampaignOpen(id);
    navigate("campaigns");
  };
  return (
    <Stack maw={1200} gap="lg" pb="xl">
      <div>
        <Title order={2}>{t("home.title")}</Title>
        <Text c="dimmed">{t("home.subtitle")}</Text>
      </div>
      {home.isError && <ErrorAlert error={home.error} />}
      {home.data && home.data.repliesToReview > 0 && (
        <Alert color="yellow" icon={<IconMessageCircleQuestion size={18} />} data-testid="home-review">
          <Group justify="space-between">
            <Text size="sm">{t("home.review", { count: home.data.repliesToReview })}</Text>
            <Button size="xs" variant="light" onClick={() => navigate("history")} data-testid="home-review-open">
              {t("home.reviewOpen")}
            </Button>
          </Group>
        </Alert>
      )}
      {home.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={4}>{t("home.today")}</Title>
                <Anchor component="button" size="sm" onClick={() => navigate("instances")}>
                  {t("home.toInstances")}
                </Anchor>
              </Group>
              {home.data.instances.length === 0 ? (
                <Text c="dimmed" size="sm" data-testid="home-instances-empty">
                  {t("home.noSends")}
                </Text>
              ) : (
                home.data.instances.map((i) => <InstanceRow key={i.name} i={i} />)
              )}
            </Stack>
          </Card>
          <Card withBorder>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={4}>{t("home.campaigns")}</Title>
                <Anchor component="button" size="sm" onClick={() => navigate("campaigns")}>
                  {t("home.toCampaigns")}
                </Anchor>
              </Group>
              {home.data.campaigns.length === 0 ? (
                <Text c="dimmed" size="sm" data-testid="home-campaigns-empty">
                  {t("home.noCampaigns")}
                </Text>
              ) : (
                home.data.campaigns.map((c) => <CampaignRow key={c.id} c={c} onOpen={() => open(c.id)} />)
              )}
            </Stack>
          </Card>
        </SimpleGrid>
      )}
    </Stack>
  );
}
