import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format";
import { useContactLists } from "../contacts/useContacts";
import { NewRunForm } from "./NewRunForm";
import { RunPanel } from "./RunPanel";
import { useRuns } from "./usePersonalise";

type View = { kind: "list" } | { kind: "new" } | { kind: "run"; runId: number };

/** Per-contact AI personalisation: past runs, a new one, and one run's review. */
export function PersonalisePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const runs = useRuns();
  const lists = useContactLists();
  const [view, setView] = useState<View>({ kind: "list" });
  const listName = new Map((lists.data ?? []).map((l) => [l.id, l.name]));

  return (
    <Stack maw={1200} gap="lg" pb="xl">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t("personalise.title")}</Title>
          <Text c="dimmed">{t("personalise.subtitle")}</Text>
        </div>
        {view.kind === "list" ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setView({ kind: "new" })} data-testid="personalise-new-button">
            {t("personalise.new")}
          </Button>
        ) : (
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => setView({ kind: "list" })} data-testid="personalise-back">
            {t("common.back")}
          </Button>
        )}
      </Group>
      {view.kind === "new" && (
        <Paper withBorder p="lg" radius="md">
          <NewRunForm onCreated={(run) => setView({ kind: "run", runId: run.id })} />
        </Paper>
      )}
      {view.kind === "run" && (
        <Paper withBorder p="lg" radius="md">
          <RunPanel runId={view.runId} />
        </Paper>
      )}
      {view.kind === "list" &&
        (runs.data?.length === 0 ? (
          <Text c="dimmed" data-testid="personalise-empty">
            {t("personalise.empty")}
          </Text>
        ) : (
          <Table striped highlightOnHover data-testid="personalise-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("personalise.when")}</Table.Th>
                <Table.Th>{t("personalise.list")}</Table.Th>
                <Table.Th>{t("personalise.progressColumn")}</Table.Th>
                <Table.Th>{t("personalise.statusColumn")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(runs.data ?? []).map((r) => (
                <Table.Tr key={r.id} style={{ cursor: "pointer" }} onClick={() => setView({ kind: "run", runId: r.id })} data-testid={`run-row-${r.id}`}>
                  <Table.Td>{format.dateTime(r.createdAt)}</Table.Td>
                  <Table.Td>{r.listId !== null ? (listName.get(r.listId) ?? "") : ""}</Table.Td>
                  <Table.Td>
                    {format.number(r.counts.done + r.counts.edited)} / {format.number(r.counts.total)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`personalise.status.${r.status}`)}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </Stack>
  );
}
