import { Badge, Button, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format";
import { importApi } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { useContactLists, useImportHistory } from "./useContacts";

/** Every import: file, list, counts by verdict, when; undo for completed ones. */
export function ImportHistoryPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const history = useImportHistory();
  const lists = useContactLists();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const undo = useMutation({
    mutationFn: importApi.undo,
    onSuccess: (summary) => {
      notifications.show({ color: "green", message: t("imports.undone", { count: summary.deleted }) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
  const listName = new Map((lists.data ?? []).map((l) => [l.id, l.name]));

  if (history.data?.length === 0)
    return (
      <Text c="dimmed" data-testid="imports-empty">
        {t("imports.empty")}
      </Text>
    );
  return (
    <Stack gap="md">
      {history.isError && <ErrorAlert error={history.error} />}
      {undo.isError && <ErrorAlert error={undo.error} />}
      <Table striped data-testid="imports-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("imports.file")}</Table.Th>
            <Table.Th>{t("imports.list")}</Table.Th>
            <Table.Th>{t("imports.when")}</Table.Th>
            <Table.Th>{t("imports.result")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(history.data ?? []).map((r) => (
            <Table.Tr key={r.id} data-testid={`import-record-${r.id}`} data-status={r.status}>
              <Table.Td>{r.fileName}</Table.Td>
              <Table.Td>{r.listId !== null ? (listName.get(r.listId) ?? "") : <Text span c="dimmed">{t("imports.listDeleted")}</Text>}</Table.Td>
              <Table.Td>{format.dateTime(r.finishedAt ?? r.startedAt)}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  {t("imports.summary", {
                    inserted: r.counts.inserted,
                    updated: r.counts.updated,
                    problems: r.counts.invalid + r.counts.duplicate + r.counts.optedOut + r.counts.skipped,
                  })}
                </Text>
              </Table.Td>
              <Table.Td>
                {r.status === "undone" ? (
                  <Badge color="gray" variant="light">
                    {t("imports.statusUndone")}
                  </Badge>
                ) : (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    leftSection={<IconArrowBackUp size={14} />}
                    data-testid={`import-undo-${r.id}`}
                    onClick={() =>
                      setConfirm({
                        title: t("imports.undoTitle"),
                        body: t("imports.undoBody", { file: r.fileName, count: r.counts.inserted }),
                        action: t("imports.undo"),
                        onConfirm: () => undo.mutate(r.id),
                      })
                    }
                  >
                    {t("imports.undo")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Stack>
  );
}
