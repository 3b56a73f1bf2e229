import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { InstanceView } from "../../ipc";
import { instancesApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { instanceNameError } from "./instanceName";
import { instancesKey } from "./useInstances";

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (instance: InstanceView) => void;
}

/** Names are checked while typing: the server would accept names it cannot address. */
export function CreateInstanceModal({ opened, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const create = useMutation({
    mutationFn: (value: string) => instancesApi.create(value),
    onSuccess: (instance) => {
      void client.invalidateQueries({ queryKey: instancesKey });
      setName("");
      setTouched(false);
      create.reset();
      onCreated(instance);
    },
  });
  const problem = instanceNameError(name.trim());
  const showProblem = touched && problem !== null;

  return (
    <Modal opened={opened} onClose={onClose} title={t("instances.create.title")} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!problem) create.mutate(name.trim());
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t("instances.create.description")}
          </Text>
          <TextInput
            label={t("instances.create.nameLabel")}
            placeholder="loja-centro"
            description={t("instances.create.nameHint")}
            value={name}
            data-autofocus
            data-testid="instance-name"
            error={showProblem ? t(`instances.create.nameError.${problem}`) : undefined}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setTouched(true);
            }}
          />
          {create.isError && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={touched && problem !== null} data-testid="instance-create-submit">
              {t("instances.create.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
