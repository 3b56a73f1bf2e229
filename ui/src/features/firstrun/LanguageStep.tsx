import { Button, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconArrowRight, IconCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Language, Settings } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useSaveSettings } from "../settings/useSettingsMutations";

const LANGUAGES: { value: Language; label: string; hint: string }[] = [
  { value: "pt-BR", label: "Português (Brasil)", hint: "Usar o Whats TIP em português" },
  { value: "en", label: "English", hint: "Use Whats TIP in English" },
];

/** Step 1: the language, saved (and applied) as soon as it is picked. */
export function LanguageStep({ saved, onNext }: { saved: Settings; onNext: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const current = save.variables?.language ?? saved.language;
  return (
    <Stack gap="lg">
      <div>
        <Title order={3}>{t("firstRun.language.title")}</Title>
        <Text c="dimmed">{t("firstRun.language.body")}</Text>
      </div>
      <SimpleGrid cols={2}>
        {LANGUAGES.map((language) => {
          const chosen = language.value === current;
          return (
            <UnstyledButton
              key={language.value}
              onClick={() => chosen || save.mutate({ ...saved, language: language.value })}
              data-testid={`firstrun-language-${language.value}`}
              aria-pressed={chosen}
              p="lg"
              style={{
                borderRadius: "var(--mantine-radius-md)",
                border: `2px solid var(--mantine-color-${chosen ? "teal-6" : "gray-3"})`,
              }}
            >
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={600} size="lg">
                    {language.label}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {language.hint}
                  </Text>
                </div>
                {chosen && <IconCheck color="var(--mantine-color-teal-6)" />}
              </Group>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
      {save.isError && <ErrorAlert error={save.error} />}
      <Group justify="flex-end">
        <Button size="lg" rightSection={<IconArrowRight size={18} />} onClick={onNext} data-testid="firstrun-language-next">
          {t("common.next")}
        </Button>
      </Group>
    </Stack>
  );
}
