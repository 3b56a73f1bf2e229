import { Anchor, Badge, Button, Group, Select, Stack, Table, Tabs, Text, TextInput, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import type { RecipientFilter, RecipientView } from "../../../ipc";
import { useFormat } from "../../../lib/format";
import { ExportButtons } from "../../history/ExportButtons";
import { TimelineDrawer } from "../../history/TimelineDrawer";
import { useCampaign, useRecipients } from "../useCampaigns";
import { type RecipientLabel, recipientError, recipientLabel } from "./recipientText";

const FILTERS: RecipientFilter[] = ["all", "waiting", "sent", "failed", "unknown", "needsAttention", "excluded", "delivered", "read", "replied", "optedOut", "undelivered"];

/** The furthest the message got after sending, from the receipts and replies (history). */
function receiptLabel(r: RecipientView): "optedOut" | "replied" | "read" | "delivered" | null {
  if (r.optedOutAt) return "optedOut";
  if (r.repliedAt) return "replied";
  if (r.readAt || r.receipt === "read" || r.receipt === "played") return "read";
  if (r.deliveredAt || r.receipt === "delivery_ack") return "delivered";
  return null;
}

const RECEIPT_COLORS = { delivered: "cyan", read: "teal", replied: "green", optedOut: "orange" } as const;

const LABEL_COLORS: Record<RecipientLabel, string> = {
  attention: "yellow",
  excluded: "gray",
  waiting: "gray",
  sending: "blue",
  sent: "teal",
  failed: "red",
  checking: "orange",
};

/** Estimated row height (two lines: name and number); rows are measured once drawn. */
export const RECIPIENT_ROW_HEIGHT = 58;
/** The scrolling window's height: only the rows inside it (and a few more) are in the page. */
const VIEWPORT_HEIGHT = 560;

/**
 * Every recipient's outcome, filtered (state, receipt, instance) and searched, loaded page by
 * page as the list scrolls. Virtualised: a 100k-row campaign keeps a few dozen rows in the page.
 */
export function RecipientsTable({ campaignId, follow }: { campaignId: number; follow: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [filter, setFilter] = useState<RecipientFilter>("all");
  const [search, setSearch] = useState("");
  const [instance, setInstance] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search, 300);
  const [timelineOf, setTimelineOf] = useState<string | null>(null);
  const campaign = useCampaign(campaignId);
  const recipients = useRecipients(campaignId, filter, debounced, { follow, instance });
  const rows = recipients.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = recipients.data?.pages[0]?.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => RECIPIENT_ROW_HEIGHT,
    // A drawn row's real height; a row without layout (hidden) keeps the estimate.
    measureElement: (el) => el.getBoundingClientRect().height || RECIPIENT_ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 1000, height: VIEWPORT_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = recipients;
  // Near the end of what is loaded: the next page.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastShown >= rows.length - 10) void fetchNextPage();
  }, [lastShown, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  const instances = campaign.data?.instances.map((i) => i.name) ?? [];

  return (
    <Stack gap="sm" data-testid="campaign-recipients">
      <Group justify="space-between">
        <TimelineDrawer phone={timelineOf} onClose={() => setTimelineOf(null)} />
        <Tabs value={filter} onChange={(value) => value && setFilter(value as RecipientFilter)} variant="pills">
          <Tabs.List>
            {FILTERS.map((f) => (
              <Tabs.Tab key={f} value={f} size="xs" data-testid={`recipients-filter-${f}`}>
                {t(`campaigns.filters.${f}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Select
          size="xs"
          placeholder={t("campaigns.recipients.allInstances")}
          aria-label={t("campaigns.recipients.instance")}
          data={instances}
          value={instance}
          onChange={setInstance}
          clearable
          w={180}
          data-testid="recipients-instance"
        />
        <TextInput
          size="xs"
          leftSection={<IconSearch size={14} />}
          placeholder={t("campaigns.recipients.search")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={240}
          data-testid="recipients-search"
        />
      </Group>
      {recipients.isError && <ErrorAlert error={recipients.error} />}
      <Group justify="space-between">
        <Text size="xs" c="dimmed" data-testid="recipients-total">
          {t("campaigns.recipients.total", { count: total, shown: format.number(rows.length), total: format.number(total) })}
        </Text>
        <ExportButtons campaignId={campaignId} table="recipients" filter={filter} search={debounced} />
      </Group>
      <div ref={scrollRef} style={{ maxHeight: VIEWPORT_HEIGHT, overflow: "auto" }} data-testid="recipients-scroll">
      <Table striped stickyHeader data-testid="recipients-table" data-rows={rows.length}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>#</Table.Th>
            <Table.Th>{t("campaigns.recipients.contact")}</Table.Th>
            <Table.Th>{t("campaigns.recipients.state")}</Table.Th>
            <Table.Th>{t("campaigns.recipients.instance")}</Table.Th>
            <Table.Th>{t("campaigns.recipients.when")}</Table.Th>
            <Table.Th>{t("campaigns.recipients.reason")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && <tr style={{ height: padTop }} aria-hidden />}
          {items.map((item) => {
            const r = rows[item.index];
            if (!r) return null;
            const label = recipientLabel(r);
            const receipt = receiptLabel(r);
            return (
              <Table.Tr
                key={r.position}
                ref={virtualizer.measureElement}
                data-index={item.index}
                data-testid={`recipient-row-${r.position}`}
                data-state={r.state}
                data-attention={r.needsAttention}
              >
                <Table.Td>{r.position}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.contactName ?? "—"}</Text>
                  <Anchor component="button" type="button" size="xs" c="dimmed" onClick={() => setTimelineOf(r.phoneE164)} title={t("history.timeline.open")} data-testid={`recipient-timeline-${r.position}`}>
                    {r.phoneE164}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={r.text ?? ""} disabled={!r.text} multiline w={360} withinPortal>
                    <Badge color={LABEL_COLORS[label]} variant="light" tt="none">
                      {t(`campaigns.recipientStates.${label}`)}
                    </Badge>
                  </Tooltip>
                  {receipt && (
                    <Badge ml={4} color={RECEIPT_COLORS[receipt]} variant="dot" tt="none" data-testid={`recipient-receipt-${r.position}`}>
                      {t(`history.receipt.${receipt}`)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{r.instance ?? "—"}</Table.Td>
                <Table.Td>
                  {r.sentAt ? format.dateTime(r.sentAt) : r.intentAt ? format.dateTime(r.intentAt) : "—"}
                  {r.attempts > 1 && (
                    <Text size="xs" c="dimmed">
                      {t("campaigns.recipients.attempts", { count: r.attempts })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-testid={`recipient-error-${r.position}`}>
                    {recipientError(t, r.errorCode) ?? ""}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          {padBottom > 0 && <tr style={{ height: padBottom }} aria-hidden />}
        </Table.Tbody>
      </Table>
      </div>
      {recipients.hasNextPage && (
        <Group justify="center">
          <Button variant="default" size="xs" loading={recipients.isFetchingNextPage} onClick={() => void recipients.fetchNextPage()} data-testid="recipients-more">
            {t("campaigns.recipients.more")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
