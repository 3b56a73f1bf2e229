import { ActionIcon, Autocomplete, Stack, Tooltip } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import type { GetInputPropsReturnType } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { aiApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";

/**
 * The model name, with the saved server's model list on demand. Any name can still be
 * typed: compatible servers without a model list accept whatever they run.
 */
export function ModelField({ inputProps }: { inputProps: GetInputPropsReturnType }) {
  const { t } = useTranslation();
  const models = useMutation({ mutationFn: aiApi.models });
  return (
    <Stack gap={4}>
      <Autocomplete
        label={t("settings.openai.modelLabel")}
        description={t("settings.openai.modelHint")}
        data-testid="openai-model"
        data={models.data?.models ?? []}
        {...inputProps}
        rightSection={
          <Tooltip label={t("settings.openai.loadModels")}>
            <ActionIcon variant="subtle" onClick={() => models.mutate()} loading={models.isPending} aria-label={t("settings.openai.loadModels")} data-testid="openai-load-models">
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        }
      />
      {models.isError && <ErrorAlert error={models.error} />}
    </Stack>
  );
}
