import { Alert, Button, Group, Progress, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck, IconDownload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format";
import { type ImportOutcome, type ImportProgress, importApi, toFailure } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { errorText } from "../../lib/errors";
import { queryKeys } from "../../lib/queries";
import { type WizardState, planOf } from "./plan";
import { VerdictCounts } from "./VerdictCounts";

/** Share of the work done, from the bytes read (CSV) or the rows read against the check. */
export function progressPercent(progress: ImportProgress | null, expectedRows: number): number {
  if (!progress) return 0;
  if (progress.bytesRead !== null && progress.bytesTotal) return Math.min(100, (100 * progress.bytesRead) / progress.bytesTotal);
  if (expectedRows > 0) return Math.min(100, (100 * progress.rowsRead) / expectedRows);
  return 0;
}

/** Step 4: the import itself, with progress and cancel, then what it did. */
export function RunStep({
  state,
  expectedRows,
  onDone,
  onBack,
  onFinish,
}: {
  state: WizardState;
  expectedRows: number;
  onDone: (outcome: ImportOutcome) => void;
  onBack: () => void;
  onFinish: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [job] = useState(() => crypto.randomUUID());
  const plan = planOf(state);
  const run = useMutation({
    mutationFn: () => importApi.run(plan, job, setProgress),
    onSuccess: (outcome) => {
      onDone(outcome);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
  const report = useMutation({
    mutationFn: () => importApi.export({ kind: "rowReport", plan, importId: run.data?.importId ?? null, title: t("import.reportTitle") }),
    onSuccess: (path) => path && notifications.show({ color: "green", message: t("import.exported", { path }) }),
    onError: (e) => notifications.show({ color: "red", message: errorText(t, e) }),
  });
  const started = useRef(false);
  useEffect(() => {
    if (!started.current) {
      started.current = true;
      run.mutate();
    }
  }, [run]);

  if (run.isError) {
    const cancelled = toFailure(run.error).code === "IMPORT_CANCELLED";
    return (
      <Stack gap="md" data-testid="import-failed">
        {cancelled ? (
          <Alert color="yellow" variant="light" data-testid="import-cancelled">
            {t("import.cancelled")}
          </Alert>
        ) : (
          <ErrorAlert error={run.error} title={t("import.failed")} />
        )}
        <Group>
          <Button variant="default" onClick={onBack}>
            {t("common.back")}
          </Button>
        </Group>
      </Stack>
    );
  }
  if (run.data) {
    const { counts } = run.data;
    return (
      <Stack gap="md" data-testid="import-done">
        <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />}>
          <Text fw={600} data-testid="import-done-text">
            {t("import.done", { inserted: counts.inserted, updated: counts.updated, list: state.listName })}
          </Text>
          {run.data.listCreated && <Text size="sm">{t("import.listCreated", { list: state.listName })}</Text>}
        </Alert>
        <VerdictCounts counts={counts} />
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => report.mutate()} loading={report.isPending}>
            {t("import.saveReport")}
          </Button>
          <Button onClick={onFinish} data-testid="import-finish">
            {t("import.seeContacts")}
          </Button>
        </Group>
      </Stack>
    );
  }
  const percent = progressPercent(progress, expectedRows);
  return (
    <Stack gap="sm" data-testid="import-running">
      <Text>{t("import.running", { rows: format.number(progress?.rowsRead ?? 0), total: format.number(expectedRows) })}</Text>
      <Progress value={percent} animated striped size="lg" aria-label={t("import.progress")} />
      <Text size="xs" c="dimmed">
        {t("import.runningHint")}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" color="red" onClick={() => void importApi.cancel(job)} data-testid="import-cancel">
          {t("import.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}
