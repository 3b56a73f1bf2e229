import { Button, Group, Modal, SimpleGrid, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { CampaignReport } from "../../ipc";
import { historyApi } from "../../ipc";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";
import { recipientError } from "../campaigns/detail/recipientText";
import { FunnelChart, HourChart } from "./charts";
import "./print.css";

/**
 * The campaign report on one A4 page: title, dates, numbers used, funnel and replies charts,
 * each number's health and the top reasons messages did not go, in the user's language.
 * "Imprimir / PDF" calls `window.print()`: WebKitGTK opens the system dialog, where "Print
 * to file" makes a PDF. `print.css` hides everything else and fits the page.
 */
export function PrintReport({ report, onClose }: { report: CampaignReport; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { campaign, funnel, instances, repliesPerHour } = report;
  const errors = useQuery({
    queryKey: [...queryKeys.history, "topErrors", campaign.id],
    queryFn: () => historyApi.topErrors(campaign.id),
  });
  const dates = [
    [t("history.print.created"), campaign.createdAt],
    [t("history.print.started"), campaign.startedAt],
    [t("history.print.finished"), campaign.finishedAt],
  ] as const;
  return (
    <Modal opened onClose={onClose} fullScreen withCloseButton={false} className="print-report-modal" data-testid="print-report-modal">
      <Group justify="flex-end" gap="xs" className="no-print" mb="sm">
        <Button size="xs" onClick={() => window.print()} data-testid="print-now">
          {t("history.export.print")}
        </Button>
        <Button size="xs" variant="default" onClick={onClose} data-testid="print-close">
          {t("history.print.close")}
        </Button>
      </Group>
      <div className="print-report" data-testid="print-report">
        <Title order={3}>{t("history.print.title", { name: campaign.name })}</Title>
        <Text size="sm" data-testid="print-dates">
          {dates
            .filter(([, at]) => at)
            .map(([label, at]) => `${label}: ${format.dateTime(at as string)}`)
            .join(" · ")}
        </Text>
        <Text size="sm" mb="xs" data-testid="print-instances">
          {t("history.print.instances", { names: instances.map((i) => i.name).join(", ") })}
        </Text>
        <SimpleGrid cols={2} spacing="md">
          <div>
            <Text fw={600} size="sm">{t("history.report.funnel")}</Text>
            <FunnelChart funnel={funnel} animate={false} />
          </div>
          <div>
            <Text fw={600} size="sm">{t("history.report.repliesPerHour")}</Text>
            <HourChart hours={repliesPerHour} animate={false} />
            <Text fw={600} size="sm" mt="sm">{t("history.print.topErrors")}</Text>
            {errors.isError && <ErrorAlert error={errors.error} />}
            {errors.data && errors.data.length === 0 && <Text size="sm" c="dimmed">{t("history.print.noErrors")}</Text>}
            <Table fz="xs" data-testid="print-errors">
              <Table.Tbody>
                {(errors.data ?? []).map((e) => (
                  <Table.Tr key={e.code}>
                    <Table.Td>{recipientError(t, e.code)}</Table.Td>
                    <Table.Td ta="right">{format.number(e.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </SimpleGrid>
        <Text fw={600} size="sm" mt="sm">{t("history.report.health")}</Text>
        <Table fz="xs" data-testid="print-health">
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
              <Table.Tr key={i.name}>
                <Table.Td>{i.name}</Table.Td>
                <Table.Td>{format.number(i.sent)}</Table.Td>
                <Table.Td>{format.number(i.delivered)}</Table.Td>
                <Table.Td>{format.number(i.failed)}</Table.Td>
                <Table.Td>
                  {i.leftReason ? t(`campaigns.leftReasons.${i.leftReason}`, { defaultValue: t("history.report.left") }) : t("history.report.ok")}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt="xs">
          {t("history.print.generated", { at: format.dateTime(new Date().toISOString()) })}
        </Text>
      </div>
    </Modal>
  );
}
