import { Button, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { historyApi } from "../../ipc";
import type { ExportFormat, ExportTable, RecipientFilter } from "../../ipc";
import { errorText } from "../../lib/errors";

/**
 * "Exportar CSV" / "Exportar Excel" for a campaign's report, recipients (with the table's
 * filter and search) or replies. The backend asks where to save and writes the file whole.
 */
export function ExportButtons({
  campaignId,
  table,
  filter = null,
  search = null,
}: {
  campaignId: number;
  table: ExportTable;
  filter?: RecipientFilter | null;
  search?: string | null;
}) {
  const { t } = useTranslation();
  const run = useMutation({
    mutationFn: (format: ExportFormat) =>
      historyApi.export({ campaignId, table, format, filter, search: search?.trim() ? search.trim() : null }, t("history.export.title")),
    onSuccess: (done) =>
      done && notifications.show({ color: "green", message: t("history.export.done", { count: done.rows, path: done.path }) }),
    onError: (e) => notifications.show({ color: "red", message: errorText(t, e) }),
  });
  const busy = run.isPending ? run.variables : null;
  return (
    <Group gap="xs" data-testid={`export-${table}`}>
      <Button size="xs" variant="default" loading={busy === "csv"} disabled={run.isPending} onClick={() => run.mutate("csv")} data-testid={`export-${table}-csv`}>
        {t("history.export.csv")}
      </Button>
      <Button size="xs" variant="default" loading={busy === "xlsx"} disabled={run.isPending} onClick={() => run.mutate("xlsx")} data-testid={`export-${table}-xlsx`}>
        {t("history.export.xlsx")}
      </Button>
    </Group>
  );
}
