import { Button, Group, Select, Stack, Text } from "@mantine/core";
import { IconSparkles } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Language, type RunView, personaliseApi, templatesApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { useSettings } from "../../lib/queries";
import { useContactLists } from "../contacts/useContacts";
import { EstimateCard } from "./EstimateCard";

/** Template + list → the estimate → a prepared run (nothing is paid before "start"). */
export function NewRunForm({ onCreated }: { onCreated: (run: RunView) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useSettings();
  const lists = useContactLists();
  const templates = useQuery({ queryKey: [...queryKeys.personalise, "templates"], queryFn: templatesApi.list });
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [listId, setListId] = useState<string | null>(null);
  const template = templates.data?.find((x) => String(x.id) === templateId) ?? null;
  const language: Language = settings.data?.settings.language ?? "pt-BR";
  const prepare = useMutation({
    mutationFn: () =>
      personaliseApi.prepare({
        templateId: template?.id ?? null,
        body: template?.body ?? "",
        listId: Number(listId),
        model: settings.data?.settings.openaiModel ?? "",
        language,
      }),
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.personalise });
      onCreated(run);
    },
  });

  return (
    <Stack gap="md" data-testid="personalise-new">
      <Text size="sm" c="dimmed">
        {t("personalise.explain")}
      </Text>
      <Group align="flex-end">
        <Select
          label={t("personalise.template")}
          data={(templates.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
          value={templateId}
          onChange={setTemplateId}
          w={280}
          data-testid="personalise-template"
        />
        <Select
          label={t("personalise.list")}
          data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: `${l.name} (${l.contactCount})` }))}
          value={listId}
          onChange={setListId}
          w={280}
          data-testid="personalise-list"
        />
      </Group>
      {template && listId && <EstimateCard body={template.body} listId={Number(listId)} />}
      {prepare.isError && <ErrorAlert error={prepare.error} />}
      <Group>
        <Button leftSection={<IconSparkles size={16} />} disabled={!template || !listId} onClick={() => prepare.mutate()} loading={prepare.isPending} data-testid="personalise-prepare">
          {t("personalise.prepare")}
        </Button>
      </Group>
    </Stack>
  );
}
