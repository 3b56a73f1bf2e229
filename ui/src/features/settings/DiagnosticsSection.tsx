import { Button, Group, Table, Text } from "@mantine/core";
import { IconFolderOpen } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { AppStatus } from "../../ipc";
import { appApi } from "../../ipc";

export function DiagnosticsSection({ status }: { status: AppStatus }) {
  const { t } = useTranslation();
  const db = status.database;
  return (
    <>
      <Table variant="vertical" withTableBorder layout="fixed" fz="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={180}>{t("diagnostics.version")}</Table.Th>
            <Table.Td data-testid="app-version">{status.version}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t("diagnostics.dataDir")}</Table.Th>
            <Table.Td>
              <Text size="sm" style={{ wordBreak: "break-all" }}>
                {status.dataDir}
              </Text>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t("diagnostics.logDir")}</Table.Th>
            <Table.Td>
              <Text size="sm" style={{ wordBreak: "break-all" }}>
                {status.logDir}
              </Text>
            </Table.Td>
          </Table.Tr>
          {db.state === "ready" && (
            <Table.Tr>
              <Table.Th>{t("diagnostics.database")}</Table.Th>
              <Table.Td>{t("diagnostics.migrations", { applied: db.migrations.applied, known: db.migrations.known })}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Group mt="sm">
        <Button
          variant="default"
          leftSection={<IconFolderOpen size={16} />}
          onClick={() => void appApi.openFolder("logs")}
          data-testid="open-logs"
        >
          {t("diagnostics.openLogs")}
        </Button>
      </Group>
    </>
  );
}
