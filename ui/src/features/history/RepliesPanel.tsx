import { Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text } from "@mantine/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { ReplyIntent, ReplyView } from "../../ipc";
import { useFormat } from "../../lib/format";
import { TimelineDrawer } from "./TimelineDrawer";
import { type ReplyFilter, useReplies } from "./useReplies";
import { useResolveReview } from "./useHistory";

const FILTERS: ReplyFilter[] = ["all", "review", "optedOut"];
const INTENT_COLORS: Record<ReplyIntent, string> = { none: "gray", opt_out: "red", opt_in: "teal", review: "yellow" };

/** What a reply did: nothing, opted out or back in, or waits for (or got) a person's review. */
function IntentBadge({ r }: { r: ReplyView }) {
  const { t } = useTranslation();
  if (r.intent === "none") return null;
  const label = r.intent === "review" && r.reviewed ? t(`history.replies.reviewed.${r.reviewed}`) : t(`history.replies.intent.${r.intent}`);
  return (
    <Badge color={INTENT_COLORS[r.intent]} variant="light" tt="none" data-testid={`reply-intent-${r.id}`}>
      {label}
    </Badge>
  );
}

/** Loads the next page when the end of the list scrolls into view (a button otherwise). */
function useEndOfList(onEnd: () => void, enabled: boolean) {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onEnd();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [onEnd, enabled]);
  return ref;
}

/** Every reply across campaigns, newest first; the ones that may be opt-outs get a decision. */
export function RepliesPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const [filter, setFilter] = useState<ReplyFilter>("all");
  const [timeline, setTimeline] = useState<string | null>(null);
  const replies = useReplies(filter);
  const resolve = useResolveReview();
  const rows = useMemo(() => replies.data?.pages.flat() ?? [], [replies.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = replies;
  const more = useMemo(
    () => () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    [hasNextPage, isFetchingNextPage, fetchNextPage],
  );
  const end = useEndOfList(more, hasNextPage);
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(v as ReplyFilter)}
        data={FILTERS.map((f) => ({ value: f, label: t(`history.replies.filter.${f}`) }))}
        data-testid="replies-filter"
        w="fit-content"
      />
      {replies.isError && <ErrorAlert error={replies.error} />}
      {resolve.isError && <ErrorAlert error={resolve.error} />}
      {replies.isPending && <Loader aria-label={t("app.loading")} />}
      {replies.isSuccess && rows.length === 0 && (
        <Text c="dimmed" data-testid="replies-empty">
          {t(`history.replies.empty.${filter}`)}
        </Text>
      )}
      {rows.map((r) => (
        <Card key={r.id} withBorder padding="sm" data-testid={`reply-${r.id}`}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2}>
              <Group gap="xs">
                <Button variant="subtle" size="compact-sm" onClick={() => setTimeline(r.phone)} data-testid={`reply-timeline-${r.id}`} title={t("history.timeline.open")}>
                  {r.pushName ? `${r.pushName} · ${r.phone}` : r.phone}
                </Button>
                <IntentBadge r={r} />
              </Group>
              <Text size="sm">“{r.text}”</Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(r.receivedAt)}
                {" · "}
                {r.campaignName ? t("history.replies.campaign", { name: r.campaignName }) : t("history.replies.noCampaign")}
                {` · ${r.instance}`}
              </Text>
            </Stack>
            {r.intent === "review" && r.reviewed === null && (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" color="red" variant="light" loading={resolve.isPending} onClick={() => resolve.mutate({ replyId: r.id, optOut: true })} data-testid={`reply-remove-${r.id}`}>
                  {t("history.review.remove")}
                </Button>
                <Button size="xs" variant="default" loading={resolve.isPending} onClick={() => resolve.mutate({ replyId: r.id, optOut: false })} data-testid={`reply-keep-${r.id}`}>
                  {t("history.review.keep")}
                </Button>
              </Group>
            )}
          </Group>
        </Card>
      ))}
      <div ref={end} />
      {hasNextPage && (
        <Button variant="default" onClick={more} loading={isFetchingNextPage} data-testid="replies-more">
          {t("history.replies.more")}
        </Button>
      )}
      <TimelineDrawer phone={timeline} onClose={() => setTimeline(null)} />
    </Stack>
  );
}
