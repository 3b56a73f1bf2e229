import { Alert, List, Text } from "@mantine/core";
import { IconLockOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { currentOs } from "../../lib/platform";

const ADVICE = { linux: "keychain.fixLinux", mac: "keychain.fixMac", windows: "keychain.fixWindows" } as const;

/** Explains, for this OS first, how to get a working keychain. */
export function KeychainUnavailableAlert({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const os = currentOs();
  const others = (Object.keys(ADVICE) as (keyof typeof ADVICE)[]).filter((o) => o !== os);
  return (
    <Alert color="orange" icon={<IconLockOff size={18} />} title={t("keychain.unavailableTitle")} data-testid="keychain-unavailable">
      <Text size="sm">{t("keychain.unavailableBody")}</Text>
      <Text size="sm" fw={500} mt="xs">
        {t(ADVICE[os])}
      </Text>
      <List size="xs" c="dimmed" mt="xs">
        {others.map((o) => (
          <List.Item key={o}>{t(ADVICE[o])}</List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        {reason}
      </Text>
    </Alert>
  );
}
