import { ActionIcon, Badge, Button, Group, ScrollArea, SegmentedControl, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconArrowBackUp, IconCheck, IconPencil, IconPlayerSkipForward } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { RowReport } from "../../ipc";
import { columnLetter } from "./plan";
import { VERDICT_COLORS, type VerdictKind, formatE164, verdictDetail, verdictLabel } from "./verdictText";

type Filter = "all" | Exclude<VerdictKind, "ok">;
const FILTERS: Filter[] = ["all", "invalid", "repaired", "duplicate", "optedOut", "skipped"];

/** Every row that is not plainly ok, with its row and column, an inline fix and a skip. */
export function ProblemTable({
  problems,
  total,
  busy,
  onFix,
  onToggleSkip,
}: {
  problems: RowReport[];
  total: number;
  busy: boolean;
  onFix: (row: number, column: number, text: string) => void;
  onToggleSkip: (row: number) => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>("all");
  const [editing, setEditing] = useState<{ row: number; text: string } | null>(null);
  const shown = filter === "all" ? problems : problems.filter((p) => p.verdict === filter);

  if (total === 0) {
    return (
      <Text c="green" fw={500} data-testid="import-no-problems">
        {t("import.noProblems")}
      </Text>
    );
  }
  return (
    <>
      <Group justify="space-between">
        <Text fw={600}>{t("import.problemsTitle", { count: total })}</Text>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={FILTERS.map((f) => ({ value: f, label: f === "all" ? t("import.filterAll") : verdictLabel(t, f) }))}
          data-testid="problem-filter"
        />
      </Group>
      <ScrollArea h={300} type="auto">
        <Table striped verticalSpacing={4} data-testid="import-problems" style={{ opacity: busy ? 0.6 : 1 }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t("import.row")}</Table.Th>
              <Table.Th w={70}>{t("import.column")}</Table.Th>
              <Table.Th>{t("import.original")}</Table.Th>
              <Table.Th>{t("import.verdictColumn")}</Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((p) => (
              <Table.Tr key={p.row} data-testid={`problem-row-${p.row}`} data-verdict={p.verdict}>
                <Table.Td>{p.row}</Table.Td>
                <Table.Td>{columnLetter(p.column)}</Table.Td>
                <Table.Td>
                  {editing?.row === p.row ? (
                    <TextInput
                      size="xs"
                      autoFocus
                      value={editing.text}
                      onChange={(e) => setEditing({ row: p.row, text: e.currentTarget.value })}
                      onKeyDown={(e) => {
                        if (e.key === "Enter") {
                          onFix(p.row, p.column, editing.text);
                          setEditing(null);
                        } else if (e.key === "Escape") setEditing(null);
                      }}
                      rightSection={
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          aria-label={t("common.save")}
                          data-testid={`fix-save-${p.row}`}
                          onClick={() => {
                            onFix(p.row, p.column, editing.text);
                            setEditing(null);
                          }}
                        >
                          <IconCheck size={14} />
                        </ActionIcon>
                      }
                      data-testid={`fix-input-${p.row}`}
                    />
                  ) : (
                    <Text size="sm" ff="monospace">
                      {p.original || "—"}
                      {"e164" in p && p.verdict !== "duplicate" ? ` → ${formatE164(p.e164)}` : ""}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge color={VERDICT_COLORS[p.verdict]} variant="light" style={{ flexShrink: 0 }}>
                      {verdictLabel(t, p.verdict)}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {verdictDetail(t, p)}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {(p.verdict === "invalid" || p.verdict === "repaired") && (
                      <Tooltip label={t("import.fix")}>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t("import.fix")}
                          data-testid={`fix-${p.row}`}
                          onClick={() => setEditing({ row: p.row, text: p.original })}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {p.verdict === "skipped" ? (
                      <Button size="compact-xs" variant="subtle" leftSection={<IconArrowBackUp size={14} />} onClick={() => onToggleSkip(p.row)}>
                        {t("import.unskip")}
                      </Button>
                    ) : (
                      <Tooltip label={t("import.skip")}>
                        <ActionIcon variant="subtle" color="gray" aria-label={t("import.skip")} data-testid={`skip-${p.row}`} onClick={() => onToggleSkip(p.row)}>
                          <IconPlayerSkipForward size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {problems.length < total && (
        <Text size="xs" c="dimmed">
          {t("import.problemsTruncated", { shown: problems.length, total })}
        </Text>
      )}
    </>
  );
}
