import { Alert, Badge, Button, Group, Progress, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPlayerPause, IconPlayerPlay, IconRefresh } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { type RunCounts, type RunStatus, personaliseApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { runKey, runStopKey } from "../../lib/appEvents";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";
import { MessagesReview } from "./MessagesReview";
import { useRun, useRunStop } from "./usePersonalise";

const STATUS_COLORS: Record<RunStatus, string> = {
  ready: "gray",
  running: "blue",
  paused: "yellow",
  completed: "teal",
  approved: "green",
};

/** Share of the contacts answered (done, edited or failed). */
export function answeredPercent(counts: RunCounts): number {
  if (counts.total === 0) return 0;
  return (100 * (counts.total - counts.pending)) / counts.total;
}

/**
 * One run: start or resume with progress and pause, then review, edit and approve. The run
 * goes on in the backend when this screen is left; coming back shows where it is.
 */
export function RunPanel({ runId }: { runId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const run = useRun(runId);
  const stop = useRunStop(runId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.personalise });
  const start = useMutation({
    mutationFn: () => personaliseApi.start(runId, null),
    onMutate: () => queryClient.setQueryData(runStopKey(runId), null),
    onSuccess: (view) => queryClient.setQueryData(runKey(runId), view),
  });
  const pause = useMutation({ mutationFn: () => personaliseApi.pause(runId) });
  const retry = useMutation({
    mutationFn: () => personaliseApi.retryFailed(runId),
    onSuccess: () => {
      void refresh();
      start.mutate();
    },
  });
  const approve = useMutation({
    mutationFn: () => personaliseApi.approve(runId),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("personalise.approved") });
      void refresh();
    },
  });

  if (!run.data) return run.isError ? <ErrorAlert error={run.error} /> : null;
  const view = run.data;
  const counts = view.counts;
  const running = start.isPending || view.status === "running";
  const status: RunStatus = running ? "running" : view.status;
  const canRun = !running && (status === "ready" || status === "paused" || (status === "completed" && counts.pending > 0));
  const canApprove = !running && status === "completed" && counts.pending === 0 && counts.failed === 0;

  return (
    <Stack gap="md" data-testid="personalise-run" data-status={status}>
      <Group justify="space-between">
        <Group gap="xs">
          <Badge color={STATUS_COLORS[status]} variant="light" data-testid="run-status">
            {t(`personalise.status.${status}`)}
          </Badge>
          <Text size="sm" c="dimmed">
            {t("personalise.model", { model: view.model })}
          </Text>
        </Group>
        <Group gap="xs">
          {canRun && (
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => start.mutate()} data-testid="run-start">
              {status === "ready" ? t("personalise.start", { count: counts.total }) : t("personalise.resume", { count: counts.pending })}
            </Button>
          )}
          {running && (
            <Button variant="default" leftSection={<IconPlayerPause size={16} />} loading={pause.isPending} onClick={() => pause.mutate()} data-testid="run-pause">
              {t("personalise.pause")}
            </Button>
          )}
          {!running && counts.failed > 0 && status !== "approved" && (
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => retry.mutate()} data-testid="run-retry">
              {t("personalise.retryFailed", { count: counts.failed })}
            </Button>
          )}
          {status !== "approved" && (
            <Button color="green" leftSection={<IconCheck size={16} />} disabled={!canApprove} onClick={() => approve.mutate()} data-testid="run-approve">
              {t("personalise.approve")}
            </Button>
          )}
        </Group>
      </Group>
      <Progress.Root size="lg" aria-label={t("personalise.progress")}>
        <Progress.Section value={(100 * counts.done) / Math.max(1, counts.total)} color="teal" animated={running} />
        <Progress.Section value={(100 * counts.edited) / Math.max(1, counts.total)} color="blue" />
        <Progress.Section value={(100 * counts.failed) / Math.max(1, counts.total)} color="red" />
      </Progress.Root>
      <Text size="sm" data-testid="run-counts">
        {t("personalise.counts", {
          done: format.number(counts.done + counts.edited),
          total: format.number(counts.total),
          failed: format.number(counts.failed),
          pending: format.number(counts.pending),
        })}
        {counts.inputTokens > 0 && ` · ${t("personalise.tokensUsed", { input: format.number(counts.inputTokens), output: format.number(counts.outputTokens) })}`}
      </Text>
      {start.isError && <ErrorAlert error={start.error} title={t("personalise.stopped")} />}
      {!running && stop.data && <ErrorAlert error={stop.data} title={t("personalise.stopped")} />}
      {approve.isError && <ErrorAlert error={approve.error} />}
      {status === "approved" && (
        <Alert color="green" variant="light" data-testid="run-approved">
          {t("personalise.approvedHint")}
        </Alert>
      )}
      {status === "paused" && !running && <Text size="sm" c="dimmed">{t("personalise.pausedHint")}</Text>}
      <MessagesReview runId={runId} locked={status === "approved" || running} />
    </Stack>
  );
}
