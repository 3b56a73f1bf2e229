// The words and phrases that, as a whole reply, take a number off the lists at once (the
// automatic opt-out). Saved on its own; the core cleans the list and refuses an unusable one.
import { Button, Group, TagsInput, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { type Settings, historyDefaultsApi, toFailure } from "../../ipc";
import { useSaveSettings } from "./useSettingsMutations";

/** The translated reason the core gave for refusing the list (null for other errors). */
export function wordsError(t: TFunction, error: unknown): string | null {
  if (!error) return null;
  const failure = toFailure(error);
  if (failure.code !== "INVALID_SETTINGS" || failure.params.field !== "optOutWords") return null;
  return t(`settings.optOutWords.errors.${failure.params.reason ?? "empty"}`);
}

export function OptOutWordsSection({ saved }: { saved: Settings }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const defaults = useQuery({ queryKey: ["settings", "defaultOptOutWords"], queryFn: historyDefaultsApi.optOutWords, staleTime: Infinity });
  // The user's edit until it is saved; the saved list otherwise.
  const [edited, setWords] = useState<string[] | null>(null);
  const words = edited ?? saved.optOutWords;
  const dirty = words.join("\n") !== saved.optOutWords.join("\n");
  const refused = wordsError(t, save.error);
  const submit = () =>
    save.mutate(
      { ...saved, optOutWords: words },
      {
        onSuccess: () => {
          setWords(null);
          notifications.show({ color: "teal", message: t("settings.saved") });
        },
      },
    );
  return (
    <>
      <TagsInput
        label={t("settings.optOutWords.label")}
        description={t("settings.optOutWords.hint")}
        value={words}
        onChange={(next) => {
          save.reset();
          setWords(next);
        }}
        splitChars={[","]}
        clearable
        clearButtonProps={{ "aria-label": t("settings.optOutWords.clear") }}
        error={refused}
        data-testid="optout-words"
      />
      <Text size="xs" c="dimmed">
        {t("settings.optOutWords.review")}
      </Text>
      {save.isError && !refused && <ErrorAlert error={save.error} />}
      <Group justify="flex-end">
        <Button
          variant="default"
          disabled={!defaults.data || defaults.data.join("\n") === words.join("\n")}
          onClick={() => defaults.data && setWords(defaults.data)}
          data-testid="optout-words-defaults"
        >
          {t("settings.optOutWords.restore")}
        </Button>
        <Button onClick={submit} disabled={!dirty} loading={save.isPending} data-testid="optout-words-save">
          {t("settings.optOutWords.save")}
        </Button>
      </Group>
    </>
  );
}
