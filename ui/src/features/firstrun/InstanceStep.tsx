import { Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconBrandWhatsapp } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { instancesApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ConnectBody } from "../instances/ConnectModal";
import { instanceNameError } from "../instances/instanceName";
import { instancesKey, useInstances } from "../instances/useInstances";
import { firstInstanceName } from "./steps";

/** Step 3: a first instance (name suggested), then its QR until the phone is linked. */
export function InstanceStep({ demo, onNext }: { demo: boolean; onNext: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const instances = useInstances();
  const names = (instances.data ?? []).map((i) => i.name);
  const [typed, setTyped] = useState<string | null>(null);
  const name = typed ?? firstInstanceName(names);
  const [connecting, setConnecting] = useState<string | null>(null);
  const create = useMutation({
    // One left from an earlier try (the app closed mid-way) is connected, not created again.
    mutationFn: async (value: string) => (names.includes(value) ? null : instancesApi.create(value)),
    onSuccess: (_, value) => {
      void client.invalidateQueries({ queryKey: instancesKey });
      setConnecting(value);
    },
  });
  const problem = instanceNameError(name.trim());

  if (connecting) {
    return (
      <Stack gap="md" data-testid="firstrun-qr">
        <div>
          <Title order={3}>{t("firstRun.instance.qrTitle")}</Title>
          <Text c="dimmed">{demo ? t("firstRun.instance.qrDemo") : t("firstRun.instance.qrBody")}</Text>
        </div>
        <ConnectBody name={connecting} demo={demo} onClose={onNext} doneLabel={t("common.next")} />
      </Stack>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) create.mutate(name.trim());
      }}
    >
      <Stack gap="md">
        <div>
          <Title order={3}>{t("firstRun.instance.title")}</Title>
          <Text c="dimmed">{t("firstRun.instance.body")}</Text>
        </div>
        <TextInput
          size="md"
          label={t("instances.create.nameLabel")}
          description={t("instances.create.nameHint")}
          value={name}
          error={typed !== null && problem ? t(`instances.create.nameError.${problem}`) : undefined}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-testid="firstrun-instance-name"
        />
        {instances.isError && <ErrorAlert error={instances.error} />}
        {create.isError && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button
            type="submit"
            size="lg"
            leftSection={<IconBrandWhatsapp size={20} />}
            loading={create.isPending}
            disabled={problem !== null || instances.isPending}
            data-testid="firstrun-instance-create"
          >
            {t("firstRun.instance.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
