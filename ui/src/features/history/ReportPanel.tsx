import { Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormat } from "../../lib/format";
import { FunnelChart, HourChart } from "./charts";
import { ExportButtons } from "./ExportButtons";
import { PrintReport } from "./PrintReport";
import { useReport, useResolveReview, useReviewList } from "./useHistory";

/**
 * A campaign's report: how far its messages got (funnel), each number's health, replies per
 * hour and the replies that may be opt-outs, waiting for a person to decide.
 */
export function ReportPanel({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const report = useReport(campaignId);
  const [printing, setPrinting] = useState(false);
  if (report.isError) return <ErrorAlert error={report.error} />;
  if (!report.data) return <Loader aria-label={t("app.loading")} />;
  const { funnel, instances, repliesPerHour, undeliveredWeek } = report.data;
  return (
    <Stack gap="md" data-testid="campaign-report">
      <Group justify="space-between">
        <Title order={4}>{t("history.report.title")}</Title>
        <Group gap="xs">
          <ExportButtons campaignId={campaignId} table="report" />
          <Button size="xs" variant="default" onClick={() => setPrinting(true)} data-testid="report-print">
            {t("history.export.print")}
          </Button>
        </Group>
      </Group>
      {printing && <PrintReport report={report.data} onClose={() => setPrinting(false)} />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text fw={600} mb="xs">{t("history.report.funnel")}</Text>
          <FunnelChart funnel={funnel} />
          {undeliveredWeek > 0 && (
            <Text size="sm" c="orange" mt="xs" data-testid="report-undelivered-week">
              {t("history.report.undeliveredWeek", { count: undeliveredWeek })}
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Text fw={600}>{t("history.report.repliesPerHour")}</Text>
            <ExportButtons campaignId={campaignId} table="replies" />
          </Group>
          <HourChart hours={repliesPerHour} />
        </Card>
      </SimpleGrid>
      <Table data-testid="report-instances">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("campaigns.instances.name")}</Table.Th>
            <Table.Th>{t("history.report.sent")}</Table.Th>
            <Table.Th>{t("history.report.delivered")}</Table.Th>
            <Table.Th>{t("history.report.failed")}</Table.Th>
            <Table.Th>{t("history.report.health")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {instances.map((i) => (
            <Table.Tr key={i.name} data-testid={`report-instance-${i.name}`}>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.sent}</Table.Td>
              <Table.Td>{i.delivered}</Table.Td>
              <Table.Td>{i.failed}</Table.Td>
              <Table.Td>
                {i.leftReason ? (
                  <Badge color="red" variant="light">{t(`campaigns.leftReasons.${i.leftReason}`, { defaultValue: t("history.report.left") })}</Badge>
                ) : (
                  <Badge color="teal" variant="light">{t("history.report.ok")}</Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ReviewList campaignId={campaignId} />
    </Stack>
  );
}

/** Replies that may be opt-outs: a person removes the number from the lists or keeps it. */
function ReviewList({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const review = useReviewList(campaignId);
  const resolve = useResolveReview();
  if (review.isError) return <ErrorAlert error={review.error} />;
  const pending = (review.data ?? []).filter((r) => r.reviewed === null);
  return (
    <Stack gap="xs" data-testid="review-list">
      <Title order={5}>{t("history.review.title", { count: pending.length })}</Title>
      {resolve.isError && <ErrorAlert error={resolve.error} />}
      {pending.length === 0 ? (
        <Text size="sm" c="dimmed">{t("history.review.empty")}</Text>
      ) : (
        pending.map((r) => (
          <Card key={r.id} withBorder padding="sm" data-testid={`review-${r.id}`}>
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text size="sm" fw={600}>
                  {r.pushName ? `${r.pushName} · ${r.phone}` : r.phone}
                </Text>
                <Text size="sm">“{r.text}”</Text>
                <Text size="xs" c="dimmed">{format.dateTime(r.receivedAt)}</Text>
              </div>
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" color="red" variant="light" loading={resolve.isPending} onClick={() => resolve.mutate({ replyId: r.id, optOut: true })} data-testid={`review-remove-${r.id}`}>
                  {t("history.review.remove")}
                </Button>
                <Button size="xs" variant="default" loading={resolve.isPending} onClick={() => resolve.mutate({ replyId: r.id, optOut: false })} data-testid={`review-keep-${r.id}`}>
                  {t("history.review.keep")}
                </Button>
              </Group>
            </Group>
          </Card>
        ))
      )}
    </Stack>
  );
}
