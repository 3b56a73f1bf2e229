import { Alert, Button, Card, Group, Stack, Text } from "@mantine/core";
import { IconSettings, IconTestPipe } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { demoApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useNavigateTo } from "../../components/navigation";
import { queryKeys } from "../../lib/queries";
import { instancesKey } from "./useInstances";

/** Turning demo mode on or off changes the server every screen talks to: refresh both. */
function useDemoSwitch(action: () => Promise<null>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
      void client.invalidateQueries({ queryKey: instancesKey });
    },
  });
}

/** No server yet: go to Settings, or try a local demo server. */
export function NotConfigured() {
  const { t } = useTranslation();
  const go = useNavigateTo();
  const start = useDemoSwitch(demoApi.start);
  return (
    <Card withBorder p="xl" data-testid="instances-not-configured">
      <Stack align="center" gap="sm">
        <Text fw={500}>{t("instances.notConfigured")}</Text>
        <Text size="sm" c="dimmed" ta="center" maw={520}>
          {t("instances.notConfiguredHint")}
        </Text>
        <Group>
          <Button leftSection={<IconSettings size={16} />} onClick={() => go("settings")}>
            {t("instances.openSettings")}
          </Button>
          <Button variant="light" color="grape" leftSection={<IconTestPipe size={16} />} loading={start.isPending} onClick={() => start.mutate()} data-testid="demo-start">
            {t("demo.start")}
          </Button>
        </Group>
        {start.isError && <ErrorAlert error={start.error} />}
      </Stack>
    </Card>
  );
}

/** Always visible in demo mode, so nobody mistakes the demo for their real server. */
export function DemoBanner() {
  const { t } = useTranslation();
  const stop = useDemoSwitch(demoApi.stop);
  return (
    <Alert color="grape" icon={<IconTestPipe size={18} />} title={t("demo.bannerTitle")} data-testid="demo-banner">
      <Group justify="space-between">
        <Text size="sm">{t("demo.bannerBody")}</Text>
        <Button size="xs" variant="white" color="grape" onClick={() => stop.mutate()} loading={stop.isPending}>
          {t("demo.stop")}
        </Button>
      </Group>
    </Alert>
  );
}
