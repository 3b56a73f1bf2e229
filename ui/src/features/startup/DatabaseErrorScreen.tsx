import { Button, Center, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconDatabaseOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { AppStatus, ErrorCode } from "../../ipc";
import { appApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";

const ADVICE: Partial<Record<ErrorCode, string>> = {
  DATABASE_LOCKED: "startup.adviceLocked",
  DATABASE_CORRUPT: "startup.adviceCorrupt",
  DATABASE_NEWER_THAN_APP: "startup.adviceNewer",
};

/** Shown instead of the app when the database cannot be opened: what happened, what to do. */
export function DatabaseErrorScreen({ status }: { status: AppStatus }) {
  const { t } = useTranslation();
  if (status.database.state !== "failed") return null;
  const { error, path } = status.database;
  return (
    <Center h="100vh" p="xl">
      <Paper withBorder shadow="sm" p="xl" maw={640} data-testid="database-error">
        <Stack>
          <Group>
            <IconDatabaseOff size={32} />
            <Title order={3}>{t("startup.dbErrorTitle")}</Title>
          </Group>
          <Text>{t("startup.dbErrorBody", { path })}</Text>
          <ErrorAlert error={error} />
          <Text fw={500}>{t(ADVICE[error.code] ?? "startup.adviceFailed")}</Text>
          <Code block>{status.logDir}</Code>
          <Group>
            <Button variant="light" onClick={() => void appApi.openFolder("logs")}>
              {t("diagnostics.openLogs")}
            </Button>
            <Button variant="default" onClick={() => void appApi.openFolder("data")}>
              {t("diagnostics.openData")}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
