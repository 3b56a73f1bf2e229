import { Paper, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { VerdictCounts } from "../../../ipc";
import { useFormat } from "../../../lib/format";

const ORDER: { key: keyof VerdictCounts; color: string }[] = [
  { key: "ready", color: "teal" },
  { key: "unchecked", color: "blue" },
  { key: "invalid", color: "red" },
  { key: "duplicate", color: "gray" },
  { key: "optedOut", color: "gray" },
  { key: "notOnWhatsapp", color: "red" },
];

/** Recipients by what the pre-flight concluded; only "ready" and "unchecked" are sent to. */
export function VerdictGrid({ verdicts }: { verdicts: VerdictCounts }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      {ORDER.map(({ key, color }) => (
        <Paper key={key} withBorder p="sm" radius="md">
          <Text size="xl" fw={700} c={verdicts[key] > 0 ? color : "dimmed"} data-testid={`preflight-count-${key}`}>
            {format.number(verdicts[key])}
          </Text>
          <Text size="sm">{t(`campaigns.verdicts.${key}`)}</Text>
          <Text size="xs" c="dimmed">
            {t(`campaigns.verdictHints.${key}`)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
