import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { RepliesPanel } from "./RepliesPanel";

/** History ("Histórico"): the replies to every campaign, and the ones waiting for a decision. */
export function HistoryPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={1200} gap="lg" pb="xl">
      <div>
        <Title order={2}>{t("history.page.title")}</Title>
        <Text c="dimmed">{t("history.page.subtitle")}</Text>
      </div>
      <RepliesPanel />
    </Stack>
  );
}
