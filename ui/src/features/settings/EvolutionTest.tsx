import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconPlugConnected } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { evolutionApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";

/** "Test connection": the server's version, whether the key works, or a translated reason. */
export function EvolutionTest({ url }: { url: string }) {
  const { t } = useTranslation();
  const test = useMutation({ mutationFn: () => evolutionApi.testConnection(url.trim() || null) });
  const report = test.data;
  return (
    <Stack gap="xs">
      <Button
        variant="light"
        leftSection={<IconPlugConnected size={16} />}
        onClick={() => test.mutate()}
        loading={test.isPending}
        w="fit-content"
        data-testid="evolution-test"
      >
        {t("settings.evolution.test")}
      </Button>
      {test.isError && <ErrorAlert error={test.error} />}
      {report && !test.isPending && (
        <Alert
          color={report.apiKey === "invalid" ? "orange" : "teal"}
          title={t("settings.evolution.connected", { version: report.server.version })}
          data-testid="evolution-test-result"
          data-key={report.apiKey}
        >
          <Text size="sm">
            {report.apiKey === "valid" && t("settings.evolution.keyValid")}
            {report.apiKey === "invalid" && t("settings.evolution.keyInvalid")}
            {report.apiKey === "notConfigured" && t("settings.evolution.keyNotConfigured")}
          </Text>
          {report.server.whatsappWebVersion && (
            <Text size="xs" c="dimmed">
              {t("settings.evolution.webVersion", { version: report.server.whatsappWebVersion })}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
