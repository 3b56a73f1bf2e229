import { Alert, Autocomplete, Button, Group, Loader, Radio, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { type DuplicatePolicy, type ImportCounts, importApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { errorText } from "../../lib/errors";
import { useContactLists } from "../contacts/useContacts";
import { type WizardState, planOf, toggleSkip, withFix } from "./plan";
import { ProblemTable } from "./ProblemTable";
import { VerdictCounts } from "./VerdictCounts";
import type { VerdictKind } from "./verdictText";

const COUNTED: VerdictKind[] = ["ok", "repaired", "duplicate", "optedOut", "invalid", "skipped"];
const POLICIES: DuplicatePolicy[] = ["skip", "updateExisting", "keepBoth"];

/** Rows that would be written: fresh numbers, repaired ones, and kept duplicates. */
export function importable(counts: ImportCounts, policy: DuplicatePolicy): number {
  return counts.ok + counts.repaired + (policy === "skip" ? 0 : counts.duplicate);
}

/** Step 3: the whole file checked, every problem row listed, fixes and skips, the list. */
export function ReviewStep({
  state,
  onChange,
  onBack,
  onImport,
}: {
  state: WizardState;
  onChange: (patch: Partial<WizardState>) => void;
  onBack: () => void;
  onImport: (expectedRows: number) => void;
}) {
  const { t } = useTranslation();
  const lists = useContactLists();
  const plan = planOf(state);
  const check = useQuery({
    queryKey: ["import", "check", plan],
    queryFn: () => importApi.check(plan, null),
    enabled: state.listName.trim() !== "",
    placeholderData: (previous) => previous,
  });
  const exportSheet = useMutation({
    mutationFn: () => importApi.export({ kind: "correctedSheet", plan, importId: null, title: t("import.exportTitle") }),
    onSuccess: (path) => path && notifications.show({ color: "green", message: t("import.exported", { path }) }),
    onError: (e) => notifications.show({ color: "red", message: errorText(t, e) }),
  });
  const counts = check.data?.counts;
  const total = counts ? COUNTED.reduce((sum, v) => sum + counts[v], 0) : 0;
  const toWrite = counts ? importable(counts, state.duplicatePolicy) : 0;

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="lg">
        <Autocomplete
          label={t("import.listName")}
          description={check.data && !check.data.listExists ? t("import.listWillBeCreated") : t("import.listExists")}
          data={(lists.data ?? []).map((l) => l.name)}
          value={state.listName}
          onChange={(listName) => onChange({ listName })}
          error={state.listName.trim() === "" ? t("import.listNameRequired") : undefined}
          w={320}
          data-testid="import-list-name"
        />
        <Radio.Group
          label={t("import.duplicates")}
          value={state.duplicatePolicy}
          onChange={(v) => onChange({ duplicatePolicy: v as DuplicatePolicy })}
        >
          <Group gap="md" mt={6}>
            {POLICIES.map((p) => (
              <Radio key={p} value={p} label={t(`import.policy.${p}`)} data-testid={`policy-${p}`} />
            ))}
          </Group>
        </Radio.Group>
      </Group>
      {state.duplicatePolicy === "updateExisting" && (
        <Text size="xs" c="dimmed">
          {t("import.updateWarning")}
        </Text>
      )}

      {check.isError && <ErrorAlert error={check.error} />}
      {!check.data && check.isFetching && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">{t("import.checking")}</Text>
        </Group>
      )}
      {counts && (
        <VerdictCounts counts={counts} testId="import-counts" />
      )}
      {check.data && (
        <ProblemTable
          problems={check.data.problems}
          total={check.data.problemsTotal}
          busy={check.isFetching}
          onFix={(row, column, text) => onChange({ cellFixes: withFix(state.cellFixes, { row, column, text }) })}
          onToggleSkip={(row) => onChange({ skipRows: toggleSkip(state.skipRows, row) })}
        />
      )}
      {counts && toWrite === 0 && (
        <Alert color="yellow" variant="light">
          {t("import.nothingToImport")}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("common.back")}
        </Button>
        <Group>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => exportSheet.mutate()}
            loading={exportSheet.isPending}
            disabled={!counts}
          >
            {t("import.exportCorrected")}
          </Button>
          <Button onClick={() => onImport(total)} disabled={!counts || toWrite === 0 || check.isFetching} data-testid="import-start">
            {t("import.start", { count: toWrite, total })}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
