import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconCheck, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format";
import { listsApi } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { useContactLists } from "./useContacts";

/** Contact lists with their sizes: create and delete. */
export function ListsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const lists = useContactLists();
  const [name, setName] = useState("");
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
  const create = useMutation({
    mutationFn: () => listsApi.create(name),
    onSuccess: () => {
      setName("");
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: listsApi.remove, onSuccess: refresh });
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const rename = useMutation({
    mutationFn: (r: { id: number; name: string }) => listsApi.rename(r.id, r.name),
    onSuccess: () => {
      setRenaming(null);
      void refresh();
    },
  });

  return (
    <Stack gap="md">
      <Group align="flex-end">
        <TextInput label={t("contacts.newList")} value={name} onChange={(e) => setName(e.currentTarget.value)} w={300} data-testid="list-new-name" />
        <Button leftSection={<IconPlus size={16} />} onClick={() => create.mutate()} disabled={!name.trim()} loading={create.isPending}>
          {t("contacts.createList")}
        </Button>
      </Group>
      {(create.isError || remove.isError || rename.isError) && <ErrorAlert error={create.error ?? remove.error ?? rename.error} />}
      {lists.data && lists.data.length === 0 && <Text c="dimmed">{t("contacts.noLists")}</Text>}
      {lists.data && lists.data.length > 0 && (
        <Table striped data-testid="lists-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("contacts.listName")}</Table.Th>
              <Table.Th>{t("contacts.listSize")}</Table.Th>
              <Table.Th>{t("contacts.createdAt")}</Table.Th>
              <Table.Th w={80} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.data.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  {renaming?.id === l.id ? (
                    <TextInput
                      size="xs"
                      autoFocus
                      value={renaming.name}
                      onChange={(e) => setRenaming({ id: l.id, name: e.currentTarget.value })}
                      onKeyDown={(e) => {
                        if (e.key === "Enter") rename.mutate(renaming);
                        if (e.key === "Escape") setRenaming(null);
                      }}
                      rightSection={
                        <ActionIcon size="sm" variant="subtle" aria-label={t("common.save")} onClick={() => rename.mutate(renaming)}>
                          <IconCheck size={14} />
                        </ActionIcon>
                      }
                      data-testid={`list-rename-${l.id}`}
                    />
                  ) : (
                    l.name
                  )}
                </Table.Td>
                <Table.Td>{format.number(l.contactCount)}</Table.Td>
                <Table.Td>{format.dateTime(l.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                  <ActionIcon variant="subtle" aria-label={t("contacts.renameList")} onClick={() => setRenaming({ id: l.id, name: l.name })}>
                    <IconPencil size={16} />
                  </ActionIcon>
                  <ActionIcon
                    color="red"
                    variant="subtle"
                    aria-label={t("common.delete")}
                    onClick={() =>
                      setConfirm({
                        title: t("contacts.deleteListTitle"),
                        body: t("contacts.deleteListBody", { name: l.name, count: l.contactCount }),
                        action: t("common.delete"),
                        onConfirm: () => remove.mutate(l.id),
                      })
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Stack>
  );
}
