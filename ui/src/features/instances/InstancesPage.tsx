import { ActionIcon, Avatar, Button, Card, Group, Loader, Menu, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDots, IconLogout, IconPlus, IconQrcode, IconRefresh, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { InstanceView } from "../../ipc";
import { toFailure } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { errorText } from "../../lib/errors";
import { useAppStatus } from "../../lib/queries";
import { ConnectModal } from "./ConnectModal";
import { CreateInstanceModal } from "./CreateInstanceModal";
import { DemoBanner, NotConfigured } from "./DemoPanels";
import { formatPhone } from "./instanceName";
import { useServerDiagnosis } from "./serverDoctor";
import { ServerVersionAlert } from "./ServerVersionAlert";
import { StateBadge } from "./StateBadge";
import { useInstanceAction, useInstances } from "./useInstances";

/** Advice for the errors a user can fix from here. */
const ADVICE: Partial<Record<string, string>> = {
  EVOLUTION_UNAUTHORIZED: "instances.advice.unauthorized",
  EVOLUTION_UNREACHABLE: "instances.advice.unreachable",
  EVOLUTION_TIMEOUT: "instances.advice.unreachable",
  EVOLUTION_LICENCE_REQUIRED: "instances.advice.licence",
};

export function InstancesPage() {
  const { t } = useTranslation();
  const status = useAppStatus();
  const demo = status.data?.demo ?? false;
  const instances = useInstances();
  const [creating, setCreating] = useState(false);
  const [connecting, setConnecting] = useState<string | null>(null);
  const failure = instances.isError ? toFailure(instances.error) : null;
  const notConfigured = failure?.code === "EVOLUTION_NOT_CONFIGURED";
  const server = useServerDiagnosis(instances.isSuccess);

  return (
    <Stack maw={1000} gap="lg" pb="xl">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t("instances.title")}</Title>
          <Text c="dimmed">{t("instances.subtitle")}</Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} disabled={notConfigured} data-testid="instance-new">
          {t("instances.new")}
        </Button>
      </Group>

      {demo && <DemoBanner />}
      <ServerVersionAlert support={server.data?.support} version={server.data?.server.version} />

      {instances.isPending && !notConfigured ? (
        <Loader />
      ) : notConfigured ? (
        <NotConfigured />
      ) : failure ? (
        <Stack data-testid="instances-error">
          <ErrorAlert error={failure} />
          {ADVICE[failure.code] && <Text size="sm">{t(ADVICE[failure.code] ?? "")}</Text>}
          <Button variant="default" w="fit-content" leftSection={<IconRefresh size={16} />} onClick={() => void instances.refetch()}>
            {t("common.retry")}
          </Button>
        </Stack>
      ) : instances.data && instances.data.length === 0 ? (
        <Card withBorder p="xl" data-testid="instances-empty">
          <Stack align="center">
            <Text fw={500}>{t("instances.empty")}</Text>
            <Text size="sm" c="dimmed">
              {t("instances.emptyHint")}
            </Text>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t("instances.new")}
            </Button>
          </Stack>
        </Card>
      ) : (
        <InstanceTable instances={instances.data ?? []} onConnect={setConnecting} />
      )}

      <CreateInstanceModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(instance) => {
          setCreating(false);
          setConnecting(instance.name);
        }}
      />
      <ConnectModal name={connecting} demo={demo} onClose={() => setConnecting(null)} />
    </Stack>
  );
}

function InstanceTable({ instances, onConnect }: { instances: InstanceView[]; onConnect: (name: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="instances-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("instances.columns.instance")}</Table.Th>
            <Table.Th>{t("instances.columns.state")}</Table.Th>
            <Table.Th>{t("instances.columns.number")}</Table.Th>
            <Table.Th w={190} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {instances.map((instance) => (
            <InstanceRow key={instance.name} instance={instance} onConnect={onConnect} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function InstanceRow({ instance, onConnect }: { instance: InstanceView; onConnect: (name: string) => void }) {
  const { t } = useTranslation();
  const restart = useInstanceAction("restart");
  const logout = useInstanceAction("logout");
  const remove = useInstanceAction("remove");
  const name = instance.name;
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);

  const confirm = (kind: "logout" | "remove", run: () => void) =>
    setConfirming({
      title: t(`instances.confirm.${kind}Title`, { name }),
      body: t(`instances.confirm.${kind}Body`),
      action: t(`instances.confirm.${kind}Action`),
      onConfirm: run,
    });

  const report = (error: unknown) => notifications.show({ color: "red", message: errorText(t, error) });

  return (
    <Table.Tr data-testid={`instance-row-${name}`}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={instance.profilePicUrl} radius="xl" color="teal">
            {name.slice(0, 2).toUpperCase()}
          </Avatar>
          <div>
            <Text fw={500}>{name}</Text>
            {instance.profileName && (
              <Text size="xs" c="dimmed" data-testid={`instance-profile-${name}`}>
                {instance.profileName}
              </Text>
            )}
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <StateBadge state={instance.state} testId={`instance-state-${name}`} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatPhone(instance.number)}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {instance.state !== "open" && (
            <Button size="xs" variant="light" leftSection={<IconQrcode size={14} />} onClick={() => onConnect(name)} data-testid={`instance-connect-${name}`}>
              {t("instances.actions.connect")}
            </Button>
          )}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t("instances.actions.more")} data-testid={`instance-menu-${name}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconRefresh size={14} />}
                onClick={() => restart.mutate(name, { onError: report, onSuccess: () => notifications.show({ message: t("instances.done.restart", { name }) }) })}
              >
                {t("instances.actions.restart")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconLogout size={14} />}
                disabled={instance.state === "close"}
                onClick={() => confirm("logout", () => logout.mutate(name, { onError: report }))}
              >
                {t("instances.actions.logout")}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                data-testid={`instance-delete-${name}`}
                onClick={() => confirm("remove", () => remove.mutate(name, { onError: report }))}
              >
                {t("instances.actions.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <ConfirmDialog request={confirming} onClose={() => setConfirming(null)} />
      </Table.Td>
    </Table.Tr>
  );
}
