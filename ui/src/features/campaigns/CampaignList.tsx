import { ActionIcon, Badge, Button, Group, Menu, Progress, SegmentedControl, Select, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCopy, IconDots, IconExternalLink, IconSearch } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { CampaignStatus, CampaignSummary } from "../../ipc";
import { useFormat } from "../../lib/format";
import { type Period, toQuery, useCampaignHistory } from "../history/useCampaignHistory";
import { StatusBadge } from "./StatusBadge";

const STATUSES: CampaignStatus[] = ["draft", "scheduled", "running", "paused", "completed", "cancelled", "interrupted"];
const PERIODS: Period[] = ["all", "7", "30", "90"];

/** Percent of `part` in `base` (0 when there is nothing to count). */
function pct(part: number, base: number) {
  return base <= 0 ? 0 : (100 * part) / base;
}

/** Sent → delivered → read → replied, as a bar and figures. */
function MiniFunnel({ c }: { c: CampaignSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sendable = c.audience - c.excluded;
  const steps = [
    { key: "submitted", value: c.sent },
    { key: "delivered", value: c.delivered },
    { key: "read", value: c.read },
    { key: "replied", value: c.replied },
  ] as const;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Progress.Root size="md" style={{ flex: 1 }}>
          <Progress.Section value={pct(c.sent, sendable)} color="teal" />
          <Progress.Section value={pct(c.failed, sendable)} color="red" />
        </Progress.Root>
        <Text size="xs" c="dimmed" data-testid={`campaign-counts-${c.id}`}>
          {format.number(c.sent)}/{format.number(sendable)}
        </Text>
      </Group>
      <Group gap={4} wrap="nowrap" data-testid={`campaign-funnel-${c.id}`}>
        {steps.map((s, i) => (
          <Tooltip key={s.key} label={t(`history.funnel.${s.key}`)}>
            <Text size="xs" c={i === 0 ? undefined : "dimmed"} data-testid={`campaign-funnel-${c.id}-${s.key}`}>
              {i > 0 ? "→ " : ""}
              {format.number(s.value)}
            </Text>
          </Tooltip>
        ))}
      </Group>
    </Stack>
  );
}

/** When it was created, started and finished (the ones that happened). */
function Dates({ c }: { c: CampaignSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dates = [
    { key: "created", at: c.createdAt },
    { key: "started", at: c.startedAt },
    { key: "finished", at: c.finishedAt },
  ];
  return (
    <Stack gap={0}>
      {dates.map((d) =>
        d.at ? (
          <Text key={d.key} size="xs" data-testid={`campaign-${d.key}-${c.id}`}>
            {t(`campaigns.dates.${d.key}`, { at: format.dateTime(d.at) })}
          </Text>
        ) : null,
      )}
    </Stack>
  );
}

/**
 * Every campaign, newest first, a page at a time: status, dates, numbers, counts and a small
 * funnel; search by name, filter by status and period. A row opens the campaign; its menu
 * also duplicates it.
 */
export function CampaignList({ onOpen, onDuplicate }: { onOpen: (campaign: CampaignSummary) => void; onDuplicate?: (campaign: CampaignSummary) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [status, setStatus] = useState<CampaignStatus | "all">("all");
  const [period, setPeriod] = useState<Period>("all");
  // "The last N days" is fixed when the filter changes, so the query key stays put.
  const query = useMemo(() => toQuery({ search: debounced, status, period }, new Date()), [debounced, status, period]);
  const pages = useCampaignHistory(query);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.rows) ?? [], [pages.data]);
  const filtered = query.search !== null || status !== "all" || period !== "all";

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("campaigns.list.search")}
          aria-label={t("campaigns.list.search")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="campaigns-search"
          w={260}
        />
        <Select
          aria-label={t("campaigns.list.status")}
          value={status}
          onChange={(v) => setStatus((v as CampaignStatus | "all" | null) ?? "all")}
          data={[{ value: "all", label: t("campaigns.list.allStatuses") }, ...STATUSES.map((s) => ({ value: s, label: t(`campaigns.status.${s}`) }))]}
          allowDeselect={false}
          data-testid="campaigns-status"
          w={200}
        />
        <SegmentedControl
          value={period}
          onChange={(v) => setPeriod(v as Period)}
          data={PERIODS.map((p) => ({ value: p, label: t(`campaigns.list.period.${p}`) }))}
          data-testid="campaigns-period"
        />
      </Group>
      {pages.isError && <ErrorAlert error={pages.error} />}
      {pages.isSuccess && rows.length === 0 ? (
        <Text c="dimmed" data-testid="campaigns-empty">
          {filtered ? t("campaigns.list.noMatch") : t("campaigns.empty")}
        </Text>
      ) : (
        <Table striped highlightOnHover data-testid="campaigns-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("campaigns.columns.name")}</Table.Th>
              <Table.Th>{t("campaigns.columns.status")}</Table.Th>
              <Table.Th>{t("campaigns.columns.dates")}</Table.Th>
              <Table.Th>{t("campaigns.columns.instances")}</Table.Th>
              <Table.Th w={240}>{t("campaigns.columns.progress")}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id} style={{ cursor: "pointer" }} onClick={() => onOpen(c)} data-testid={`campaign-row-${c.id}`}>
                <Table.Td>
                  <Text fw={500}>{c.name}</Text>
                  <Text size="xs" c="dimmed">
                    {c.tag ? t("campaigns.listWithTag", { list: c.listName, tag: c.tag }) : c.listName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} pauseReason={c.pauseReason} testId={`campaign-status-${c.id}`} />
                </Table.Td>
                <Table.Td>
                  <Dates c={c} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {c.instances.map((name) => (
                      <Badge key={name} variant="outline" color="gray" tt="none" size="sm">
                        {name}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <MiniFunnel c={c} />
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={t("campaigns.list.menu")} data-testid={`campaign-menu-${c.id}`}>
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconExternalLink size={14} />} onClick={() => onOpen(c)}>
                        {t("campaigns.list.open")}
                      </Menu.Item>
                      {onDuplicate && (
                        <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => onDuplicate(c)} data-testid={`campaign-duplicate-${c.id}`}>
                          {t("campaigns.duplicate.button")}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pages.hasNextPage && (
        <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="campaigns-more">
          {t("campaigns.list.more")}
        </Button>
      )}
    </Stack>
  );
}
