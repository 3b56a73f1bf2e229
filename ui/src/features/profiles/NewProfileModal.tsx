import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { profilesApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { profileKeys, useSwitchProfile } from "./useProfiles";

/** Names a new profile, creates it and opens it (its own first setup starts there). */
export function NewProfileModal({ opened, onClose, onOpened }: { opened: boolean; onClose: () => void; onOpened: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const switchProfile = useSwitchProfile();
  const create = useMutation({
    mutationFn: () => profilesApi.create(name),
    onSuccess: (view) => {
      void client.invalidateQueries({ queryKey: profileKeys.list });
      switchProfile.mutate(view.id, {
        onSuccess: () => {
          setName("");
          onClose();
          onOpened();
        },
      });
    },
  });
  const busy = create.isPending || switchProfile.isPending;
  return (
    <Modal opened={opened} onClose={onClose} title={t("profiles.createTitle")} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t("profiles.createHint")}
          </Text>
          <TextInput
            label={t("profiles.nameLabel")}
            placeholder={t("profiles.namePlaceholder")}
            value={name}
            maxLength={60}
            data-autofocus
            data-testid="profile-name"
            onChange={(e) => setName(e.currentTarget.value)}
          />
          {create.isError && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("profiles.cancel")}
            </Button>
            <Button type="submit" loading={busy} disabled={name.trim() === ""} data-testid="profile-create">
              {t("profiles.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
