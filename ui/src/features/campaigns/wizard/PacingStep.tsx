import { Chip, Group, NumberInput, Radio, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PacingSettings, SendingWindow } from "../../../ipc";
import type { StepProps } from "./AudienceStep";
import { MAX_DAILY_CAP, PRESETS, WEEKDAYS } from "./draft";

/** How fast each number sends, how many a day, and when. */
export function PacingStep({ state, update }: StepProps) {
  const { t } = useTranslation();
  const pacing = state.pacing;
  const set = (patch: Partial<PacingSettings>) => update({ pacing: { ...pacing, ...patch } });
  const setWindow = (patch: Partial<SendingWindow>) => set({ window: { ...pacing.window, ...patch } });
  return (
    <Stack gap="lg" maw={640}>
      <Radio.Group
        label={t("campaigns.pacing.preset")}
        value={pacing.preset}
        onChange={(value) => set({ preset: value as PacingSettings["preset"] })}
      >
        <Stack gap="xs" mt="xs">
          {PRESETS.map((p) => (
            <Radio
              key={p}
              value={p}
              label={t(`campaigns.pacing.presets.${p}.label`)}
              description={t(`campaigns.pacing.presets.${p}.explain`)}
              data-testid={`wizard-preset-${p}`}
            />
          ))}
        </Stack>
      </Radio.Group>
      <Text size="sm" c="dimmed">
        {t("campaigns.pacing.always")}
      </Text>
      <NumberInput
        label={t("campaigns.pacing.dailyCap")}
        description={t("campaigns.pacing.dailyCapHint", { max: MAX_DAILY_CAP })}
        value={pacing.dailyCap}
        onChange={(value) => set({ dailyCap: typeof value === "number" ? value : Number(value) || 0 })}
        min={1}
        max={MAX_DAILY_CAP}
        allowDecimal={false}
        w={220}
        data-testid="wizard-daily-cap"
      />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t("campaigns.pacing.window")}
        </Text>
        <Group align="flex-end">
          <TextInput
            type="time"
            label={t("campaigns.pacing.windowStart")}
            value={pacing.window.start}
            onChange={(e) => setWindow({ start: e.currentTarget.value })}
            w={140}
            data-testid="wizard-window-start"
          />
          <TextInput
            type="time"
            label={t("campaigns.pacing.windowEnd")}
            value={pacing.window.end}
            onChange={(e) => setWindow({ end: e.currentTarget.value })}
            w={140}
            data-testid="wizard-window-end"
          />
          <Text size="sm" c="dimmed" pb={8}>
            {t("campaigns.pacing.timeZone", { zone: pacing.window.timeZone })}
          </Text>
        </Group>
        <Chip.Group multiple value={pacing.window.days} onChange={(days) => setWindow({ days: days as SendingWindow["days"] })}>
          <Group gap={6}>
            {WEEKDAYS.map((d) => (
              <Chip key={d} value={d} size="sm" data-testid={`wizard-day-${d}`}>
                {t(`campaigns.weekdays.${d}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Text size="xs" c="dimmed">
          {t("campaigns.pacing.windowHint")}
        </Text>
      </Stack>
      <Switch
        label={t("campaigns.pacing.typing")}
        description={t("campaigns.pacing.typingHint")}
        checked={pacing.typing}
        onChange={(e) => set({ typing: e.currentTarget.checked })}
        data-testid="wizard-typing"
      />
    </Stack>
  );
}
