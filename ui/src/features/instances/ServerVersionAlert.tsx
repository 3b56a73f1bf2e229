import { Alert, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ServerSupport } from "../../ipc";

/** The versions the app was tested with (`evolution::compat`), as the texts show them. */
export const TESTED_RANGE = "2.2–2.3";

/** A warning when the server runs a version the app was not tested with (or one too old). */
export function ServerVersionAlert({ support, version }: { support: ServerSupport | null | undefined; version: string | null | undefined }) {
  const { t } = useTranslation();
  if (!support || support === "tested" || !version) return null;
  const tooOld = support === "tooOld";
  return (
    <Alert
      color={tooOld ? "red" : "orange"}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      data-testid="server-version-warning"
      data-support={support}
    >
      <Text size="sm">{t(tooOld ? "doctor.support.tooOld" : "doctor.support.untested", { version, tested: TESTED_RANGE })}</Text>
    </Alert>
  );
}
