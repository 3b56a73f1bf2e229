import { ActionIcon, Button, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ContactView, contactsApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";

/** The contact's fields as a form; the number is repaired and checked when saved. */
export function ContactEditForm({ contact, onDone }: { contact: ContactView; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(contact.name ?? "");
  const [phone, setPhone] = useState(contact.phoneOriginal || contact.phone);
  const [email, setEmail] = useState(contact.email ?? "");
  const [company, setCompany] = useState(contact.company ?? "");
  const [city, setCity] = useState(contact.city ?? "");
  const [fields, setFields] = useState<[string, string][]>(() => Object.entries(contact.customFields));
  const save = useMutation({
    mutationFn: () =>
      contactsApi.update(contact.id, {
        name,
        phone,
        email,
        company,
        city,
        customFields: Object.fromEntries(fields.filter(([k]) => k.trim() !== "")),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      onDone();
    },
  });
  const setField = (i: number, key: string, value: string) =>
    setFields((all) => all.map((f, j) => (j === i ? [key, value] : f)));

  return (
    <Stack gap="sm" data-testid="contact-edit">
      <TextInput label={t("contacts.column.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="contact-edit-name" />
      <TextInput label={t("contacts.column.phone")} description={t("contacts.phoneEditHint")} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} data-testid="contact-edit-phone" />
      <SimpleGrid cols={2}>
        <TextInput label={t("contacts.email")} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <TextInput label={t("contacts.column.company")} value={company} onChange={(e) => setCompany(e.currentTarget.value)} />
      </SimpleGrid>
      <TextInput label={t("contacts.column.city")} value={city} onChange={(e) => setCity(e.currentTarget.value)} />
      <Text size="sm" fw={500}>
        {t("contacts.customFields")}
      </Text>
      {fields.map(([key, value], i) => (
        <Group key={i} gap="xs" wrap="nowrap">
          <TextInput size="xs" placeholder={t("contacts.fieldName")} value={key} onChange={(e) => setField(i, e.currentTarget.value, value)} w={140} />
          <TextInput size="xs" placeholder={t("contacts.fieldValue")} value={value} onChange={(e) => setField(i, key, e.currentTarget.value)} style={{ flex: 1 }} />
          <ActionIcon variant="subtle" color="gray" aria-label={t("contacts.removeField")} onClick={() => setFields((all) => all.filter((_, j) => j !== i))}>
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Button size="compact-sm" variant="subtle" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => setFields((all) => [...all, ["", ""]])}>
        {t("contacts.addField")}
      </Button>
      {save.isError && <ErrorAlert error={save.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t("common.cancel")}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!phone.trim()} data-testid="contact-edit-save">
          {t("common.save")}
        </Button>
      </Group>
    </Stack>
  );
}
