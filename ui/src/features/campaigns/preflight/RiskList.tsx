import { Alert, List, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Risk } from "../../../ipc";

/** A risk in plain language, with its numbers and names filled in. */
export function riskText(t: TFunction, risk: Risk): string {
  const { kind, ...params } = risk;
  return t(`campaigns.risks.${kind}`, params);
}

export function RiskList({ risks }: { risks: Risk[] }) {
  const { t } = useTranslation();
  if (risks.length === 0) {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="preflight-no-risks">
        {t("campaigns.preflight.noRisks")}
      </Alert>
    );
  }
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t("campaigns.preflight.risksTitle")} data-testid="preflight-risks">
      <List size="sm" spacing={4}>
        {risks.map((risk, i) => (
          <List.Item key={i} data-testid={`preflight-risk-${risk.kind}`}>
            <Text size="sm">{riskText(t, risk)}</Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
