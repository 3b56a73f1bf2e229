import { Group, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Language, Settings, Theme } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useSaveSettings } from "./useSettingsMutations";

/** Countries offered for numbers without a country code; Brazil first. */
const COUNTRIES = ["BR", "PT", "AR", "PY", "UY", "CL", "BO", "PE", "CO", "MX", "US", "ES", "AO", "MZ"];

/** Language, theme and default country apply and save as soon as they are picked. */
export function AppearanceSection({ saved }: { saved: Settings }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const languages: { value: Language; label: string }[] = [
    { value: "pt-BR", label: "Português (Brasil)" },
    { value: "en", label: "English" },
  ];
  const themes: { value: Theme; label: string }[] = [
    { value: "light", label: t("settings.appearance.themeLight") },
    { value: "dark", label: t("settings.appearance.themeDark") },
    { value: "system", label: t("settings.appearance.themeSystem") },
  ];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t("settings.appearance.language")}
        </Text>
        <SegmentedControl
          data-testid="language-control"
          data={languages}
          value={save.variables?.language ?? saved.language}
          onChange={(value) => save.mutate({ ...saved, language: value as Language })}
        />
      </Group>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t("settings.appearance.theme")}
        </Text>
        <SegmentedControl
          data-testid="theme-control"
          data={themes}
          value={save.variables?.theme ?? saved.theme}
          onChange={(value) => save.mutate({ ...saved, theme: value as Theme })}
        />
      </Group>
      <Group justify="space-between">
        <div>
          <Text size="sm" fw={500}>
            {t("fields.defaultCountry")}
          </Text>
          <Text size="xs" c="dimmed">
            {t("settings.appearance.defaultCountryHint")}
          </Text>
        </div>
        <Select
          data-testid="country-control"
          w={220}
          allowDeselect={false}
          data={COUNTRIES.map((code) => ({ value: code, label: countryName(code, save.variables?.language ?? saved.language) }))}
          value={save.variables?.defaultCountry ?? saved.defaultCountry}
          onChange={(value) => value && save.mutate({ ...saved, defaultCountry: value })}
        />
      </Group>
      {save.isError && <ErrorAlert error={save.error} />}
    </Stack>
  );
}

function countryName(code: string, language: Language): string {
  try {
    return `${new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}
