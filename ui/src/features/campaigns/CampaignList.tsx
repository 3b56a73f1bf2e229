import { Group, Progress, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { CampaignView } from "../../ipc";
import { useFormat } from "../../lib/format";
import { share, sendable } from "./progress";
import { StatusBadge } from "./StatusBadge";
import { useCampaignList } from "./useCampaigns";

/** Every campaign, newest first as the backend lists them; a row opens it. */
export function CampaignList({ onOpen }: { onOpen: (campaign: CampaignView) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const campaigns = useCampaignList();
  if (campaigns.isError) return <ErrorAlert error={campaigns.error} />;
  if (campaigns.data?.length === 0) {
    return (
      <Text c="dimmed" data-testid="campaigns-empty">
        {t("campaigns.empty")}
      </Text>
    );
  }
  return (
    <Table striped highlightOnHover data-testid="campaigns-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("campaigns.columns.name")}</Table.Th>
          <Table.Th>{t("campaigns.columns.status")}</Table.Th>
          <Table.Th>{t("campaigns.columns.list")}</Table.Th>
          <Table.Th w={220}>{t("campaigns.columns.progress")}</Table.Th>
          <Table.Th>{t("campaigns.columns.created")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(campaigns.data ?? []).map((c) => (
          <Table.Tr key={c.id} style={{ cursor: "pointer" }} onClick={() => onOpen(c)} data-testid={`campaign-row-${c.id}`}>
            <Table.Td fw={500}>{c.name}</Table.Td>
            <Table.Td>
              <StatusBadge status={c.status} pauseReason={c.pauseReason} testId={`campaign-status-${c.id}`} />
            </Table.Td>
            <Table.Td>{c.tag ? t("campaigns.listWithTag", { list: c.listName, tag: c.tag }) : c.listName}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Progress.Root size="md" style={{ flex: 1 }}>
                  <Progress.Section value={share(c.counts, c.counts.sent)} color="teal" />
                  <Progress.Section value={share(c.counts, c.counts.failed)} color="red" />
                </Progress.Root>
                <Text size="xs" c="dimmed" data-testid={`campaign-counts-${c.id}`}>
                  {format.number(c.counts.sent)}/{format.number(sendable(c.counts))}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td>{format.dateTime(c.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
