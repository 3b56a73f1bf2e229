import { Code, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * How to write a template: merge fields, fallbacks, spintax, formatting, escapes. `compact`
 * (the toolbar's popover) puts each explanation under its example.
 */
export function SyntaxHelp({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const rows: { code: string; text: string }[] = [
    { code: "{{nome}}", text: t("templates.help.field") },
    { code: `{{nome|${t("templates.lint.fallbackExample")}}}`, text: t("templates.help.fallback") },
    { code: t("templates.help.spintaxExample"), text: t("templates.help.spintax") },
    {
      code: `*${t("templates.help.bold")}* _${t("templates.help.italic")}_ ~${t("templates.help.strike")}~`,
      text: t("templates.help.format"),
    },
  ];
  if (compact) {
    rows.push({ code: "\\{ \\} \\|", text: t("templates.help.escape") });
    return (
      <Stack gap="sm" data-testid="syntax-help">
        {rows.map((r) => (
          <Stack key={r.code} gap={2}>
            <Code fz="sm" w="fit-content">
              {r.code}
            </Code>
            <Text size="sm" c="dimmed">
              {r.text}
            </Text>
          </Stack>
        ))}
      </Stack>
    );
  }
  return (
    <Table verticalSpacing={6} horizontalSpacing="sm" withRowBorders={false} data-testid="syntax-help">
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.code}>
            <Table.Td style={{ width: "1%", whiteSpace: "nowrap", verticalAlign: "top" }}>
              <Code fz="sm">{r.code}</Code>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.text}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
