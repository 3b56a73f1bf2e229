import { Select, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useContactLists, useTags } from "../../contacts/useContacts";
import type { WizardState } from "./draft";

export interface StepProps {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
}

/** Name, the list and an optional tag to narrow it. */
export function AudienceStep({ state, update }: StepProps) {
  const { t } = useTranslation();
  const lists = useContactLists();
  const tags = useTags();
  return (
    <Stack gap="md" maw={480}>
      <TextInput
        label={t("campaigns.wizard.name")}
        placeholder={t("campaigns.wizard.namePlaceholder")}
        value={state.name}
        onChange={(e) => update({ name: e.currentTarget.value })}
        data-testid="wizard-name"
      />
      <Select
        label={t("campaigns.wizard.list")}
        placeholder={t("campaigns.wizard.listPlaceholder")}
        data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: t("campaigns.wizard.listOption", { name: l.name, count: l.contactCount }) }))}
        value={state.listId === null ? null : String(state.listId)}
        // A run belongs to one list: changing the list drops the chosen run.
        onChange={(value) => update({ listId: value === null ? null : Number(value), runId: null })}
        searchable
        data-testid="wizard-list"
      />
      <Select
        label={t("campaigns.wizard.tag")}
        description={t("campaigns.wizard.tagHint")}
        placeholder={t("campaigns.wizard.tagNone")}
        data={tags.data ?? []}
        value={state.tag}
        onChange={(value) => update({ tag: value })}
        clearable
        searchable
        data-testid="wizard-tag"
      />
    </Stack>
  );
}
