import { Button, Group, Progress, Stack, Text } from "@mantine/core";
import { IconPhoneCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { type Preflight, campaignsApi } from "../../../ipc";
import { campaignKeys } from "../../../lib/campaignCache";
import { useFormat } from "../../../lib/format";

/** The paced "is this number on WhatsApp?" checks, with their progress from the events. */
export function NumberCheck({ preflight }: { preflight: Preflight }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: () => campaignsApi.checkNumbers(preflight.campaignId),
    onSuccess: (report) => queryClient.setQueryData(campaignKeys.preflight(preflight.campaignId), report),
  });
  const { checked, total, running } = preflight.numberCheck;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={640}>
          {t("campaigns.preflight.checkExplain")}
        </Text>
        <Button
          variant="light"
          leftSection={<IconPhoneCheck size={16} />}
          loading={check.isPending}
          disabled={running || preflight.verdicts.unchecked === 0}
          onClick={() => check.mutate()}
          data-testid="preflight-check-numbers"
        >
          {running ? t("campaigns.preflight.checking") : t("campaigns.preflight.checkNumbers", { count: preflight.verdicts.unchecked })}
        </Button>
      </Group>
      {(running || checked > 0) && total > 0 && (
        <Stack gap={4}>
          <Progress value={(100 * checked) / total} animated={running} aria-label={t("campaigns.preflight.checkProgress")} data-testid="preflight-check-progress" />
          <Text size="xs" c="dimmed" data-testid="preflight-check-counts">
            {t("campaigns.preflight.checkCounts", { checked: format.number(checked), total: format.number(total) })}
          </Text>
        </Stack>
      )}
      {check.isError && <ErrorAlert error={check.error} />}
    </Stack>
  );
}
