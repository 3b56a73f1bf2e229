import { Alert, Checkbox, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { StateBadge } from "../../instances/StateBadge";
import { useInstances } from "../../instances/useInstances";
import type { StepProps } from "./AudienceStep";

/** The WhatsApp numbers that share the sending, in the order they are picked. */
export function InstancesStep({ state, update }: StepProps) {
  const { t } = useTranslation();
  const instances = useInstances();
  const toggle = (name: string, on: boolean) =>
    update({ instances: on ? [...state.instances, name] : state.instances.filter((n) => n !== name) });
  const offline = (instances.data ?? []).filter((i) => state.instances.includes(i.name) && i.state !== "open");

  if (instances.isPending) return <Loader size="sm" />;
  if (instances.isError) return <ErrorAlert error={instances.error} />;
  return (
    <Stack gap="sm" maw={560}>
      <Text size="sm" c="dimmed">
        {t("campaigns.wizard.instancesHint")}
      </Text>
      {instances.data.length === 0 && <Text data-testid="wizard-no-instances">{t("campaigns.wizard.noInstances")}</Text>}
      {instances.data.map((i) => (
        <Paper key={i.name} withBorder p="sm" radius="md">
          <Group justify="space-between">
            <Checkbox
              label={i.profileName ? `${i.name} · ${i.profileName}` : i.name}
              description={i.number ? `+${i.number}` : undefined}
              checked={state.instances.includes(i.name)}
              onChange={(e) => toggle(i.name, e.currentTarget.checked)}
              data-testid={`wizard-instance-${i.name}`}
            />
            <StateBadge state={i.state} />
          </Group>
        </Paper>
      ))}
      {offline.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="wizard-instances-offline">
          {t("campaigns.wizard.instancesOffline", { names: offline.map((i) => i.name).join(", ") })}
        </Alert>
      )}
    </Stack>
  );
}
