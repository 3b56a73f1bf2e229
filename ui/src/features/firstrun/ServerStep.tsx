import { Alert, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconCircleCheck, IconPlugConnected, IconServer, IconTestPipe } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { demoApi, firstRunApi, toFailure } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { InsecureWarning } from "../settings/EvolutionTest";
import { CONNECT_ADVICE } from "./steps";

/** Step 2: the user's own Evolution server (tested before it is saved) or the demo. */
export function ServerStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [mode, setMode] = useState<"choose" | "connect">("choose");
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.appStatus }),
      client.invalidateQueries({ queryKey: queryKeys.settings }),
      client.invalidateQueries({ queryKey: queryKeys.instances }),
    ]);
  const demo = useMutation({
    mutationFn: demoApi.start,
    onSuccess: async () => {
      await refresh();
      onNext();
    },
  });

  if (mode === "connect") return <ConnectForm onBack={() => setMode("choose")} onConnected={async () => (await refresh(), onNext())} />;

  return (
    <Stack gap="lg">
      <div>
        <Title order={3}>{t("firstRun.server.title")}</Title>
        <Text c="dimmed">{t("firstRun.server.body")}</Text>
      </div>
      <SimpleGrid cols={2}>
        <Choice
          icon={<IconServer size={26} />}
          color="teal"
          title={t("firstRun.server.connectTitle")}
          body={t("firstRun.server.connectBody")}
          action={t("firstRun.server.connectAction")}
          onClick={() => setMode("connect")}
          testId="firstrun-connect"
        />
        <Choice
          icon={<IconTestPipe size={26} />}
          color="grape"
          title={t("firstRun.server.demoTitle")}
          body={t("firstRun.server.demoBody")}
          action={t("firstRun.server.demoAction")}
          onClick={() => demo.mutate()}
          loading={demo.isPending}
          testId="firstrun-demo"
        />
      </SimpleGrid>
      {demo.isError && <ErrorAlert error={demo.error} />}
    </Stack>
  );
}

function Choice(props: {
  icon: React.ReactNode;
  color: string;
  title: string;
  body: string;
  action: string;
  onClick: () => void;
  loading?: boolean;
  testId: string;
}) {
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack h="100%" justify="space-between">
        <Stack gap="xs">
          <ThemeIcon size={48} radius="md" variant="light" color={props.color}>
            {props.icon}
          </ThemeIcon>
          <Text fw={600} size="lg">
            {props.title}
          </Text>
          <Text size="sm" c="dimmed">
            {props.body}
          </Text>
        </Stack>
        <Button size="lg" color={props.color} onClick={props.onClick} loading={props.loading} data-testid={props.testId}>
          {props.action}
        </Button>
      </Stack>
    </Paper>
  );
}

/** Address and global key, tested together; nothing is saved unless the server takes them. */
function ConnectForm({ onBack, onConnected }: { onBack: () => void; onConnected: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState("");
  const [key, setKey] = useState("");
  const connect = useMutation({ mutationFn: () => firstRunApi.connect(url, key) });
  const failure = connect.isError ? toFailure(connect.error) : null;
  const advice = failure ? CONNECT_ADVICE[failure.code] : undefined;
  const result = connect.data;

  if (result) {
    const { report } = result;
    return (
      <Stack gap="lg" data-testid="firstrun-connected" data-support={report.support}>
        <Group gap="sm">
          <IconCircleCheck size={40} color="var(--mantine-color-teal-6)" />
          <div>
            <Title order={3}>{t("firstRun.server.connected", { version: report.server.version })}</Title>
            <Text c="dimmed">{t("firstRun.server.saved")}</Text>
          </div>
        </Group>
        {report.support === "untested" && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t("firstRun.server.untestedTitle")} data-testid="firstrun-untested">
            {t("firstRun.server.untested", { version: report.server.version })}
          </Alert>
        )}
        {result.insecure && <InsecureWarning />}
        <Group justify="flex-end">
          <Button size="lg" rightSection={<IconArrowRight size={18} />} onClick={onConnected} data-testid="firstrun-connected-next">
            {t("common.next")}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate();
      }}
    >
      <Stack gap="md">
        <div>
          <Title order={3}>{t("firstRun.server.formTitle")}</Title>
          <Text c="dimmed">{t("firstRun.server.formBody")}</Text>
        </div>
        <TextInput
          size="md"
          label={t("settings.evolution.urlLabel")}
          description={t("firstRun.server.urlHint")}
          placeholder={t("settings.evolution.urlPlaceholder")}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          data-testid="firstrun-url"
          required
        />
        <PasswordInput
          size="md"
          label={t("settings.evolution.keyLabel")}
          description={t("firstRun.server.keyHint")}
          value={key}
          autoComplete="off"
          onChange={(e) => setKey(e.currentTarget.value)}
          data-testid="firstrun-key"
          required
        />
        {failure && (
          <Stack gap={6} data-testid="firstrun-connect-error" data-code={failure.code}>
            <ErrorAlert error={failure} />
            {advice && (
              <Text size="sm" data-testid="firstrun-connect-advice">
                {t(advice, { ...failure.params })}
              </Text>
            )}
          </Stack>
        )}
        <Group justify="space-between">
          <Button variant="default" size="lg" leftSection={<IconArrowLeft size={18} />} onClick={onBack}>
            {t("common.back")}
          </Button>
          <Button
            type="submit"
            size="lg"
            leftSection={<IconPlugConnected size={18} />}
            loading={connect.isPending}
            disabled={!url.trim() || !key.trim()}
            data-testid="firstrun-connect-submit"
          >
            {t("firstRun.server.test")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
