import { Group, Stack, Text } from "@mantine/core";
import { Component, lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Funnel, HourCount } from "../../ipc";
import { useFormat } from "../../lib/format";

const BarChart = lazy(() => import("./Bars"));

/** A chart that fails to load or draw leaves its figures (listed as text) on screen. */
class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch(error: unknown) {
    console.error("chart failed", error);
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** The funnel's steps, in the order a message travels. */
export const STEPS: { key: keyof Funnel; color: string }[] = [
  { key: "audience", color: "gray" },
  { key: "excluded", color: "gray" },
  { key: "submitted", color: "blue" },
  { key: "delivered", color: "cyan" },
  { key: "read", color: "teal" },
  { key: "replied", color: "green" },
  { key: "optedOut", color: "orange" },
  { key: "failed", color: "red" },
  { key: "needsAttention", color: "yellow" },
];

/** Bars from @mantine/charts, then every step as text (the numbers read without the chart). */
export function FunnelChart({ funnel, animate = true }: { funnel: Funnel; animate?: boolean }) {
  const { t } = useTranslation();
  const base = Math.max(funnel.audience, 1);
  // The chart's axis has room for a short label; the full one is in the figures below it.
  const label = (key: keyof Funnel) => t(key === "excluded" ? "history.funnel.excludedShort" : `history.funnel.${key}`);
  const data = STEPS.map(({ key, color }) => ({ step: label(key), value: funnel[key], color: `${color}.6` }));
  return (
    <Stack gap={6} data-testid="report-funnel">
      <ChartBoundary>
        <Suspense fallback={<div style={{ height: 260 }} />}>
          <BarChart
            h={260}
            data={data}
            dataKey="step"
            orientation="vertical"
            // Every step's label (recharts skips some when they look crowded); whole numbers only.
            yAxisProps={{ width: 150, interval: 0 }}
            xAxisProps={{ allowDecimals: false }}
            series={[{ name: "value", label: t("history.report.count") }]}
            barProps={{ isAnimationActive: animate }}
            withTooltip={animate}
            aria-hidden
          />
        </Suspense>
      </ChartBoundary>
      {STEPS.map(({ key }) => (
        <Group key={key} justify="space-between" gap="xs" data-testid={`funnel-${key}`}>
          <Text size="sm">{t(`history.funnel.${key}`)}</Text>
          <Text size="sm" fw={600}>
            {funnel[key]}
            {key !== "audience" && funnel.audience > 0 && ` (${Math.round((funnel[key] / base) * 100)}%)`}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** Replies per hour as bars (hours without replies are not listed by the backend), then as text. */
export function HourChart({ hours, animate = true }: { hours: HourCount[]; animate?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (hours.length === 0) return <Text size="sm" c="dimmed">{t("history.report.noReplies")}</Text>;
  const data = hours.map((h) => ({ hour: `${new Date(h.hour).getHours()}h`, replies: h.replies }));
  return (
    <Stack gap={6} data-testid="report-hours">
      <ChartBoundary>
        <Suspense fallback={<div style={{ height: 160 }} />}>
          <BarChart
            h={160}
            data={data}
            dataKey="hour"
            yAxisProps={{ allowDecimals: false }}
            series={[{ name: "replies", label: t("history.report.replies"), color: "green.6" }]}
            barProps={{ isAnimationActive: animate }}
            withTooltip={animate}
            aria-hidden
          />
        </Suspense>
      </ChartBoundary>
      <Text size="xs" c="dimmed" data-testid="report-hours-text">
        {hours.map((h) => `${format.dateTime(h.hour)}: ${h.replies}`).join(" · ")}
      </Text>
    </Stack>
  );
}
