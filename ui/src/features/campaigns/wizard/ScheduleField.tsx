import { Radio, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Schedule } from "./draft";

/** Now, or a date and time on this computer's clock (sent to the backend in UTC). */
export function ScheduleField({ value, onChange }: { value: Schedule; onChange: (next: Schedule) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={420}>
      <Radio.Group
        value={value.kind}
        onChange={(kind) => onChange(kind === "now" ? { kind: "now" } : { kind: "at", local: value.kind === "at" ? value.local : "" })}
      >
        <Stack gap="xs">
          <Radio value="now" label={t("campaigns.schedule.now")} data-testid="schedule-now" />
          <Radio value="at" label={t("campaigns.schedule.later")} data-testid="schedule-later" />
        </Stack>
      </Radio.Group>
      {value.kind === "at" && (
        <TextInput
          type="datetime-local"
          label={t("campaigns.schedule.when")}
          value={value.local}
          onChange={(e) => onChange({ kind: "at", local: e.currentTarget.value })}
          data-testid="schedule-at"
        />
      )}
      <Text size="xs" c="dimmed">
        {t("campaigns.schedule.hint")}
      </Text>
    </Stack>
  );
}
