import { Alert, Button, PasswordInput, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconKey, IconPlugConnected } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { evolutionApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ServerVersionAlert } from "../instances/ServerVersionAlert";

/** The same comparison the backend makes, loosely: only to decide whether to offer a key field. */
function sameAddress(a: string, b: string | null) {
  const clean = (v: string) => v.trim().replace(/\/+$/, "").toLowerCase();
  return b !== null && clean(a) === clean(b);
}

/**
 * "Test connection": the server's version, whether the key works, or a translated reason.
 * An address typed but not saved never receives the saved key: a key field appears for it.
 */
export function EvolutionTest({ url, savedUrl }: { url: string; savedUrl: string | null }) {
  const { t } = useTranslation();
  const [key, setKey] = useState("");
  const unsaved = url.trim() !== "" && !sameAddress(url, savedUrl);
  const test = useMutation({
    mutationFn: () => evolutionApi.testConnection(url.trim() || null, unsaved && key.trim() ? key : null),
  });
  const result = test.data;
  const report = result?.report;
  return (
    <Stack gap="xs">
      {unsaved && (
        <PasswordInput
          label={t("settings.evolution.testKeyLabel")}
          description={t("settings.evolution.testKeyHint")}
          leftSection={<IconKey size={16} />}
          value={key}
          autoComplete="off"
          data-testid="evolution-test-key"
          onChange={(e) => setKey(e.currentTarget.value)}
        />
      )}
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
      {result && report && !test.isPending && (
        <Alert
          color={report.apiKey === "invalid" ? "orange" : "teal"}
          title={t("settings.evolution.connected", { version: report.server.version })}
          data-testid="evolution-test-result"
          data-key={report.apiKey}
          data-key-source={result.key}
        >
          <Text size="sm">
            {result.key === "withheld"
              ? t("settings.evolution.keyWithheld")
              : report.apiKey === "valid"
                ? t("settings.evolution.keyValid")
                : report.apiKey === "invalid"
                  ? t("settings.evolution.keyInvalid")
                  : t("settings.evolution.keyNotConfigured")}
          </Text>
          {report.server.whatsappWebVersion && (
            <Text size="xs" c="dimmed">
              {t("settings.evolution.webVersion", { version: report.server.whatsappWebVersion })}
            </Text>
          )}
        </Alert>
      )}
      {report && !test.isPending && <ServerVersionAlert support={report.support} version={report.server.version} />}
      {result?.insecure && !test.isPending && <InsecureWarning />}
    </Stack>
  );
}

/** Plain http to another machine: whatever key is sent can be read on the way. */
export function InsecureWarning() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={t("settings.evolution.insecureTitle")} data-testid="evolution-insecure">
      <Text size="sm">{t("settings.evolution.insecure")}</Text>
    </Alert>
  );
}
