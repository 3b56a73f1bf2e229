import { SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportCounts } from "../../ipc";
import { useFormat } from "../../lib/format";
import { VERDICT_COLORS, type VerdictKind, verdictLabel } from "./verdictText";

const SHOWN: VerdictKind[] = ["ok", "repaired", "duplicate", "optedOut", "invalid", "skipped"];

/** Rows per verdict, one coloured tile each (review and result screens). */
export function VerdictCounts({ counts, testId }: { counts: ImportCounts; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 3, md: 6 }} spacing="xs" data-testid={testId}>
      {SHOWN.map((v) => (
        <Stack key={v} gap={0} p="xs" style={{ borderLeft: `4px solid var(--mantine-color-${VERDICT_COLORS[v]}-6)` }}>
          <Text size="xl" fw={700} data-testid={testId ? `count-${v}` : undefined}>
            {format.number(counts[v])}
          </Text>
          <Text size="xs" c="dimmed">
            {verdictLabel(t, v)}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
