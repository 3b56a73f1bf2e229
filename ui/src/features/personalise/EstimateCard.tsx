import { Alert, Group, Loader, Stack, Text } from "@mantine/core";
import { IconCoin } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { personaliseApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";

/** Tokens and price of personalising `body` for the list, before anything is paid. */
export function EstimateCard({ body, listId }: { body: string; listId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const estimate = useQuery({
    queryKey: [...queryKeys.personalise, "estimate", body, listId],
    queryFn: () => personaliseApi.estimate({ body, listId }),
  });
  if (estimate.isPending) return <Loader size="sm" />;
  if (estimate.isError) return <ErrorAlert error={estimate.error} />;
  const e = estimate.data;
  return (
    <Alert color="blue" variant="light" icon={<IconCoin size={18} />} data-testid="personalise-estimate">
      <Stack gap={2}>
        <Text fw={600}>
          {e.usd !== null
            ? t("personalise.estimateCost", { usd: e.usd.toLocaleString(format.locale, { style: "currency", currency: "USD", maximumFractionDigits: e.usd < 1 ? 4 : 2 }) })
            : t("personalise.estimateNoPrice", { model: e.model })}
        </Text>
        <Group gap="lg">
          <Text size="sm">{t("personalise.estimateRequests", { count: e.requests, formatted: format.number(e.requests) })}</Text>
          <Text size="sm">{t("personalise.estimateTokens", { input: format.number(e.inputTokens), output: format.number(e.outputTokens) })}</Text>
          <Text size="sm" c="dimmed">
            {t("personalise.estimateModel", { model: e.model, date: e.pricesAsOf })}
          </Text>
        </Group>
      </Stack>
    </Alert>
  );
}
