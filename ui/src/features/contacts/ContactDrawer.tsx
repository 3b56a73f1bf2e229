import { Badge, Button, CloseButton, Drawer, Group, Loader, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconBan, IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { contactsApi, optOutsApi } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { changeText, formatE164 } from "../import/verdictText";
import { ContactEditForm } from "./ContactEditForm";

/** One contact: every field, its tags, delete and do-not-contact. */
export function ContactDrawer({ contactId, onClose }: { contactId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [tag, setTag] = useState("");
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [editing, setEditing] = useState(false);
  const detail = useQuery({
    queryKey: [...queryKeys.contacts, "detail", contactId],
    queryFn: () => contactsApi.get(contactId ?? 0),
    enabled: contactId !== null,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
  const addTag = useMutation({
    mutationFn: (value: string) => contactsApi.tag([contactId ?? 0], value),
    onSuccess: () => {
      setTag("");
      void refresh();
    },
  });
  const removeTag = useMutation({ mutationFn: (value: string) => contactsApi.untag(contactId ?? 0, value), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => contactsApi.remove([contactId ?? 0]),
    onSuccess: () => {
      onClose();
      void refresh();
    },
  });
  const optOut = useMutation({
    mutationFn: (phone: string) => optOutsApi.add({ phone, reason: t("contacts.optOutFromContact") }),
    onSuccess: refresh,
  });
  const c = detail.data?.contact;
  const fields: [string, string | null | undefined][] = c
    ? [
        [t("contacts.column.phone"), formatE164(c.phone)],
        [t("contacts.phoneOriginal"), c.phoneOriginal],
        [t("contacts.phoneAlternative"), c.phoneAlternative ? formatE164(c.phoneAlternative) : null],
        [t("contacts.column.company"), c.company],
        [t("contacts.column.city"), c.city],
        [t("contacts.email"), c.email],
        ...Object.entries(c.customFields).map(([k, v]): [string, string] => [`{{${k}}}`, v]),
      ]
    : [];

  return (
    <Drawer
      opened={contactId !== null}
      onClose={() => {
        setEditing(false);
        onClose();
      }} position="right"
      size="md"
      title={c?.name || t("contacts.noName")}
      closeButtonProps={{ "aria-label": t("common.close"), ...({ "data-testid": "contact-drawer-close" } as object) }}
    >
      {detail.isPending && <Loader />}
      {detail.isError && <ErrorAlert error={detail.error} />}
      {c && detail.data && editing && <ContactEditForm contact={c} onDone={() => setEditing(false)} />}
      {c && detail.data && !editing && (
        <Stack gap="md" data-testid="contact-drawer">
          {detail.data.optedOut && (
            <Badge color="grape" variant="light" leftSection={<IconBan size={12} />}>
              {t("contacts.isOptedOut")}
            </Badge>
          )}
          {c.phoneVerdict !== "ok" && (
            <Text size="xs" c="dimmed" data-testid="contact-phone-verdict">
              {t(`contacts.phoneState.${c.phoneVerdict}`)}
              {c.phoneChanges.length > 0 && `: ${c.phoneChanges.map((x) => changeText(t, x)).join("; ")}`}
            </Text>
          )}
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {fields
                .filter(([, v]) => v)
                .map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Td c="dimmed" w={160}>
                      {label}
                    </Table.Td>
                    <Table.Td>{value}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
          <Stack gap={6}>
            <Text fw={600} size="sm">
              {t("contacts.tags")}
            </Text>
            <Group gap={6}>
              {detail.data.tags.map((x) => (
                <Badge key={x} variant="light" rightSection={<CloseButton size="xs" aria-label={t("contacts.removeTag")} onClick={() => removeTag.mutate(x)} />}>
                  {x}
                </Badge>
              ))}
            </Group>
            <TextInput
              size="xs"
              placeholder={t("contacts.addTag")}
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
              onKeyDown={(e) => e.key === "Enter" && tag.trim() && addTag.mutate(tag.trim())}
              data-testid="contact-tag-input"
            />
          </Stack>
          {(remove.isError || optOut.isError) && <ErrorAlert error={remove.error ?? optOut.error} />}
          <Group>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="contact-edit-button">
              {t("contacts.edit")}
            </Button>
            {!detail.data.optedOut && (
              <Button variant="default" leftSection={<IconBan size={16} />} onClick={() => optOut.mutate(c.phone)} loading={optOut.isPending}>
                {t("contacts.optOut")}
              </Button>
            )}
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} />}
              onClick={() =>
                setConfirm({
                  title: t("contacts.deleteTitle"),
                  body: t("contacts.deleteBody", { name: c.name || formatE164(c.phone) }),
                  action: t("common.delete"),
                  onConfirm: () => remove.mutate(),
                })
              }
              data-testid="contact-delete"
            >
              {t("common.delete")}
            </Button>
          </Group>
        </Stack>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Drawer>
  );
}
