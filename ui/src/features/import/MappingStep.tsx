import { Alert, Badge, Button, Group, Loader, ScrollArea, Select, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { type FileInspection, importApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { type FieldChoice, type WizardState, columnLetter, phoneColumn, planOf, setField } from "./plan";
import { VERDICT_COLORS, formatE164, verdictDetail, verdictLabel } from "./verdictText";

const CHOICES: FieldChoice[] = ["name", "phone", "email", "company", "city", "custom", "ignore"];
/** Sample values shown under each column. */
const SAMPLES = 3;

/** Step 2: which column is which field, with the first rows' verdicts. */
export function MappingStep({
  state,
  onChange,
  onReload,
  onBack,
  onNext,
}: {
  state: WizardState;
  onChange: (patch: Partial<WizardState>) => void;
  onReload: (inspection: FileInspection) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const { inspection, mapping } = state;
  const phone = phoneColumn(mapping);
  const plan = { ...planOf(state), listName: state.listName || "-" };
  const preview = useQuery({
    queryKey: ["import", "preview", plan],
    queryFn: () => importApi.check(plan, 50),
    enabled: phone !== null,
  });
  const sheet = useMutation({
    mutationFn: (name: string) => importApi.inspect({ path: inspection.path, sheet: name, defaultCountry: null }),
    onSuccess: onReload,
  });
  const candidates = inspection.suggestion.phoneCandidates;

  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end">
        {inspection.sheets.length > 1 && (
          <Select
            label={t("import.sheet")}
            data={inspection.sheets.map((s) => s.name)}
            value={inspection.sheet}
            onChange={(v) => v && v !== inspection.sheet && sheet.mutate(v)}
            allowDeselect={false}
            data-testid="import-sheet"
          />
        )}
        <Text size="sm" c="dimmed">
          {inspection.headerRow
            ? t("import.headerAt", { row: inspection.headerRow })
            : t("import.noHeader")}
        </Text>
      </Group>
      {sheet.isError && <ErrorAlert error={sheet.error} />}
      {candidates.length > 1 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="import-phone-choice">
          {t("import.severalPhoneColumns", { columns: candidates.map((c) => c.header || columnLetter(c.index)).join(", ") })}
        </Alert>
      )}
      {phone === null && (
        <Alert color="red" variant="light" data-testid="import-no-phone">
          {t("import.noPhoneColumn")}
        </Alert>
      )}
      <ScrollArea type="auto" offsetScrollbars>
        <Table withTableBorder withColumnBorders verticalSpacing="xs" data-testid="import-mapping">
          <Table.Thead>
            <Table.Tr>
              {mapping.columns.map((c) => (
                <Table.Th key={c.index} miw={170}>
                  <Text size="xs" c="dimmed">
                    {columnLetter(c.index)}
                  </Text>
                  <Text size="sm" fw={600} truncate>
                    {c.header || t("import.untitledColumn")}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
            <Table.Tr>
              {mapping.columns.map((c) => (
                <Table.Td key={c.index}>
                  <Select
                    size="xs"
                    aria-label={t("import.fieldFor", { column: c.header || columnLetter(c.index) })}
                    data-testid={`map-${c.index}`}
                    data-field={c.field.kind}
                    data={CHOICES.map((choice) => ({
                      value: choice,
                      label: choice === "custom" ? t("import.field.custom", { key: c.key }) : t(`import.field.${choice}`),
                    }))}
                    value={c.field.kind}
                    allowDeselect={false}
                    onChange={(v) => v && onChange({ mapping: setField(mapping, c.index, v as FieldChoice) })}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inspection.rows.slice(0, SAMPLES).map((row) => (
              <Table.Tr key={row.number}>
                {mapping.columns.map((c) => (
                  <Table.Td key={c.index}>
                    <Text size="sm" c={c.field.kind === "ignore" ? "dimmed" : undefined} truncate maw={220}>
                      {row.cells[c.index] ?? ""}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>

      <Text fw={600}>{t("import.previewTitle")}</Text>
      {preview.isError && <ErrorAlert error={preview.error} />}
      {preview.isFetching && !preview.data && <Loader size="sm" />}
      {preview.data && (
        <ScrollArea h={260} type="auto">
          <Table striped verticalSpacing={4} data-testid="import-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>{t("import.row")}</Table.Th>
                <Table.Th>{t("import.original")}</Table.Th>
                <Table.Th>{t("import.repaired")}</Table.Th>
                <Table.Th>{t("import.verdictColumn")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.data.firstRows.map((r) => (
                <Table.Tr key={r.row} data-testid={`preview-row-${r.row}`}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.original}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {"e164" in r ? formatE164(r.e164) : "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge color={VERDICT_COLORS[r.verdict]} variant="light" style={{ flexShrink: 0 }}>
                        {verdictLabel(t, r.verdict)}
                      </Badge>
                      <Text size="xs" c="dimmed" truncate maw={320}>
                        {verdictDetail(t, r)}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("import.otherFile")}
        </Button>
        <Button onClick={onNext} disabled={phone === null} data-testid="import-next">
          {t("common.next")}
        </Button>
      </Group>
    </Stack>
  );
}
