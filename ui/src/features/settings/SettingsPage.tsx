import { Button, Center, Divider, Group, Loader, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconDeviceFloppy, IconRoute } from "@tabler/icons-react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Settings } from "../../ipc";
import { toFailure } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { errorText } from "../../lib/errors";
import { useAppStatus, useSettings } from "../../lib/queries";
import { AppearanceSection } from "./AppearanceSection";
import { ModelField } from "./ModelField";
import { OptOutWordsSection } from "./OptOutWordsSection";
import { DiagnosticsSection } from "./DiagnosticsSection";
import { EvolutionTest, InsecureWarning } from "./EvolutionTest";
import { KeychainUnavailableAlert } from "./KeychainUnavailableAlert";
import { SecretField } from "./SecretField";
import { useSaveSettings } from "./useSettingsMutations";
import { ProfilesSection } from "../profiles/ProfilesSection";

interface ServerForm {
  evolutionUrl: string;
  openaiModel: string;
  openaiBaseUrl: string;
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={4}>{title}</Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      <Stack gap="md" mt={description ? 0 : "md"}>
        {children}
      </Stack>
    </Paper>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const status = useAppStatus();
  const save = useSaveSettings();
  const form = useForm<ServerForm>({
    mode: "controlled",
    initialValues: { evolutionUrl: "", openaiModel: "", openaiBaseUrl: "" },
  });

  const saved = settings.data?.settings;
  useEffect(() => {
    if (!saved) return;
    const values = {
      evolutionUrl: saved.evolutionUrl ?? "",
      openaiModel: saved.openaiModel,
      openaiBaseUrl: saved.openaiBaseUrl ?? "",
    };
    form.setValues(values);
    form.resetDirty(values);
    // Only when the saved values change, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved]);

  if (settings.isPending) {
    return (
      <Center p="xl">
        <Loader />
      </Center>
    );
  }
  if (settings.isError || !saved) return <ErrorAlert error={settings.error} />;

  const view = settings.data;
  const secrets = view.secrets;

  const submit = form.onSubmit((values) => {
    const input: Settings = {
      ...saved,
      evolutionUrl: values.evolutionUrl.trim() || null,
      openaiModel: values.openaiModel,
      openaiBaseUrl: values.openaiBaseUrl.trim() || null,
    };
    save.mutate(input, {
      onSuccess: () => notifications.show({ color: "teal", message: t("settings.saved") }),
      onError: (error) => {
        const failure = toFailure(error);
        const field = failure.params.field;
        if (failure.code === "INVALID_SETTINGS" && field) form.setFieldError(field, errorText(t, failure));
      },
    });
  });

  return (
    <form onSubmit={submit}>
      <Stack maw={820} gap="lg" pb="xl">
        <div>
          <Title order={2}>{t("settings.title")}</Title>
          <Text c="dimmed">{t("settings.subtitle")}</Text>
        </div>

        {view.keychain.state === "unavailable" && <KeychainUnavailableAlert reason={view.keychain.reason} />}

        <Section title={t("settings.evolution.title")} description={t("settings.evolution.description")}>
          <TextInput
            label={t("settings.evolution.urlLabel")}
            description={t("settings.evolution.urlHint")}
            placeholder={t("settings.evolution.urlPlaceholder")}
            data-testid="evolution-url"
            {...form.getInputProps("evolutionUrl")}
          />
          {view.evolutionInsecure && !form.isDirty("evolutionUrl") && <InsecureWarning />}
          <SecretField kind="evolutionApiKey" label={t("settings.evolution.keyLabel")} status={secrets?.evolutionApiKey ?? null} />
          <EvolutionTest url={form.values.evolutionUrl} savedUrl={saved.evolutionUrl} />
        </Section>

        <Section title={t("settings.openai.title")} description={t("settings.openai.description")}>
          <SecretField kind="openaiApiKey" label={t("settings.openai.keyLabel")} status={secrets?.openaiApiKey ?? null} />
          <ModelField inputProps={form.getInputProps("openaiModel")} />
          <TextInput
            label={t("settings.openai.baseUrlLabel")}
            description={t("settings.openai.baseUrlHint")}
            placeholder={t("settings.openai.baseUrlPlaceholder")}
            data-testid="openai-base-url"
            {...form.getInputProps("openaiBaseUrl")}
          />
        </Section>

        <Group justify="flex-end">
          {save.isError && toFailure(save.error).code !== "INVALID_SETTINGS" && <ErrorAlert error={save.error} />}
          <Button
            type="submit"
            leftSection={<IconDeviceFloppy size={16} />}
            loading={save.isPending}
            disabled={!form.isDirty()}
            data-testid="settings-save"
          >
            {t("settings.save")}
          </Button>
        </Group>

        <Divider />

        <Section title={t("profiles.sectionTitle")} description={t("profiles.sectionHint")}>
          <ProfilesSection />
        </Section>

        <Section title={t("settings.optOutWords.title")} description={t("settings.optOutWords.description")}>
          <OptOutWordsSection saved={saved} />
        </Section>

        <Section title={t("settings.appearance.title")}>
          <AppearanceSection saved={saved} />
        </Section>

        <Section title={t("settings.firstRun.title")} description={t("settings.firstRun.body")}>
          <Button
            variant="light"
            w="fit-content"
            leftSection={<IconRoute size={16} />}
            onClick={() => save.mutate({ ...saved, firstRunDone: false })}
            data-testid="settings-reopen-first-run"
          >
            {t("settings.firstRun.open")}
          </Button>
        </Section>

        {status.data && (
          <Section title={t("diagnostics.title")}>
            <DiagnosticsSection status={status.data} />
          </Section>
        )}
      </Stack>
    </form>
  );
}
