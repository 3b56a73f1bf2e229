import { Drawer, Loader, Text, Timeline } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { historyApi } from "../../ipc";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";

/** One number's story across campaigns: sent, delivered, read, replied, opted out or in. */
export function TimelineDrawer({ phone, onClose }: { phone: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={phone !== null} onClose={onClose} position="right" title={t("history.timeline.title", { phone: phone ?? "" })} closeButtonProps={{ "aria-label": t("history.timeline.close") }}>
      {phone && <TimelineBody phone={phone} />}
    </Drawer>
  );
}

function TimelineBody({ phone }: { phone: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const timeline = useQuery({ queryKey: [...queryKeys.history, "timeline", phone], queryFn: () => historyApi.timeline(phone) });
  if (timeline.isError) return <ErrorAlert error={timeline.error} />;
  if (!timeline.data) return <Loader aria-label={t("app.loading")} />;
  if (timeline.data.length === 0) return <Text c="dimmed">{t("history.timeline.empty")}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {timeline.data.map((e, i) => (
        <Timeline.Item key={`${e.at}-${i}`} title={t(`history.timeline.kinds.${e.kind}`)} data-testid={`timeline-${e.kind}`}>
          <Text size="xs" c="dimmed">
            {format.dateTime(e.at)}
            {e.campaign && ` · ${e.campaign}`}
          </Text>
          {e.detail && <Text size="sm">“{e.detail}”</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
