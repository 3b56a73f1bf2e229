import { ActionIcon, Badge, Button, Group, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPencil, IconTrash, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProfileView } from "../../ipc";
import { profilesApi, toFailure } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { errorText } from "../../lib/errors";
import { queryKeys } from "../../lib/queries";
import { profileKeys, useProfileName, useProfiles, useSwitchProfile } from "./useProfiles";

/** Settings' list of server profiles: open, rename, delete. */
export function ProfilesSection() {
  const { t } = useTranslation();
  const profiles = useProfiles();
  const nameOf = useProfileName();
  const switchProfile = useSwitchProfile();
  const client = useQueryClient();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: profileKeys.list }),
      client.invalidateQueries({ queryKey: queryKeys.appStatus }),
    ]);
  const rename = useMutation({
    mutationFn: (p: { id: string; name: string }) => profilesApi.rename(p.id, p.name),
    onSuccess: () => {
      setEditing(null);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => profilesApi.remove(id),
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("profiles.deleted") });
      void refresh();
    },
    onError: (error) => notifications.show({ color: "red", message: errorText(t, toFailure(error)) }),
  });

  if (profiles.isError) return <ErrorAlert error={profiles.error} />;
  const askDelete = (p: ProfileView) =>
    setConfirm({
      title: t("profiles.deleteTitle", { name: nameOf(p) }),
      body: t("profiles.deleteText"),
      action: t("profiles.delete"),
      onConfirm: () => remove.mutate(p.id),
    });

  return (
    <Stack gap="sm" data-testid="profiles-section">
      <Table verticalSpacing="xs">
        <Table.Tbody>
          {(profiles.data ?? []).map((p) => (
            <Table.Tr key={p.id} data-testid={`profile-row-${p.id}`}>
              <Table.Td>
                {editing?.id === p.id ? (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      rename.mutate(editing);
                    }}
                  >
                    <Group gap="xs" wrap="nowrap">
                      <TextInput
                        size="xs"
                        value={editing.name}
                        maxLength={60}
                        aria-label={t("profiles.nameLabel")}
                        data-testid="profile-rename-input"
                        onChange={(e) => setEditing({ id: p.id, name: e.currentTarget.value })}
                      />
                      <ActionIcon type="submit" variant="light" aria-label={t("profiles.save")} loading={rename.isPending}>
                        <IconCheck size={16} />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="gray" aria-label={t("profiles.cancel")} onClick={() => setEditing(null)}>
                        <IconX size={16} />
                      </ActionIcon>
                    </Group>
                  </form>
                ) : (
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {nameOf(p)}
                    </Text>
                    {p.current && (
                      <Badge size="sm" variant="light">
                        {t("profiles.current")}
                      </Badge>
                    )}
                  </Group>
                )}
                <Text size="xs" c="dimmed">
                  {p.evolutionUrl ?? t("profiles.noServer")}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  {!p.current && (
                    <Button size="xs" variant="light" loading={switchProfile.isPending && switchProfile.variables === p.id} onClick={() => switchProfile.mutate(p.id)} data-testid={`profile-open-${p.id}`}>
                      {t("profiles.open")}
                    </Button>
                  )}
                  <Tooltip label={t("profiles.rename")}>
                    <ActionIcon variant="subtle" aria-label={t("profiles.rename")} onClick={() => setEditing({ id: p.id, name: nameOf(p) })}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  {!p.current && !p.isDefault && (
                    <Tooltip label={t("profiles.delete")}>
                      <ActionIcon variant="subtle" color="red" aria-label={t("profiles.delete")} onClick={() => askDelete(p)} data-testid={`profile-delete-${p.id}`}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rename.isError && <ErrorAlert error={rename.error} />}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Stack>
  );
}
