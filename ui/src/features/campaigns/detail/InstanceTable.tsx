import { Badge, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CampaignView, InstanceRunState } from "../../../ipc";
import { useFormat } from "../../../lib/format";
import { useCampaignLive } from "../useCampaigns";

const STATE_COLORS: Record<InstanceRunState, string> = {
  sending: "teal",
  waiting: "blue",
  reconnecting: "orange",
  capReached: "yellow",
  left: "red",
  idle: "gray",
};

/** Each number of the rotation: what it sent, what it does now, why it left. */
export function InstanceTable({ campaign }: { campaign: CampaignView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const live = useCampaignLive(campaign.id);
  const progress = new Map((live.data?.instances ?? []).map((i) => [i.name, i]));
  const running = campaign.status === "running";
  return (
    <Table data-testid="campaign-instances">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("campaigns.instances.name")}</Table.Th>
          <Table.Th>{t("campaigns.instances.state")}</Table.Th>
          <Table.Th>{t("campaigns.instances.sent")}</Table.Th>
          <Table.Th>{t("campaigns.instances.failed")}</Table.Th>
          <Table.Th>{t("campaigns.instances.next")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {campaign.instances.map((i) => {
          const p = progress.get(i.name);
          // A live state only means something while the engine runs; a left instance stays left.
          const state: InstanceRunState | null = i.leftReason ? "left" : running && p ? p.state : null;
          return (
            <Table.Tr key={i.name} data-testid={`instance-row-${i.name}`}>
              <Table.Td fw={500}>{i.name}</Table.Td>
              <Table.Td>
                {state ? (
                  <Badge color={STATE_COLORS[state]} variant="light" tt="none" data-state={state}>
                    {t(`campaigns.instanceStates.${state}`)}
                  </Badge>
                ) : (
                  // Not sending now (paused, finished, not started): nothing to report.
                  <Text size="sm" c="dimmed">—</Text>
                )}
                {i.leftReason && (
                  <Text size="xs" c="dimmed" mt={2} data-testid={`instance-left-${i.name}`}>
                    {t(`campaigns.leftReasons.${i.leftReason}`)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{format.number(Math.max(i.sent, p?.sent ?? 0))}</Table.Td>
              <Table.Td>{format.number(Math.max(i.failed, p?.failed ?? 0))}</Table.Td>
              <Table.Td>{running && p?.nextAt ? format.time(p.nextAt) : "—"}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
