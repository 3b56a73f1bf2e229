import { Alert, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../lib/format";
import { ChatBubble } from "../../templates/ChatBubble";
import { useTemplates } from "../../templates/useTemplates";
import { usePersonaliseRuns } from "../useCampaigns";
import type { StepProps } from "./AudienceStep";

/** A template (rendered per contact) or an approved personalisation run of the chosen list. */
export function MessageStep({ state, update }: StepProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const templates = useTemplates();
  const runs = usePersonaliseRuns();
  const approved = (runs.data ?? []).filter((r) => r.status === "approved" && r.listId === state.listId);
  const template = templates.data?.find((x) => x.id === state.templateId);
  const run = approved.find((r) => r.id === state.runId);
  const body = state.sourceKind === "template" ? template?.body : run?.body;
  return (
    <Stack gap="md" maw={560}>
      <SegmentedControl
        value={state.sourceKind}
        onChange={(value) => update({ sourceKind: value as StepProps["state"]["sourceKind"] })}
        data={[
          { value: "template", label: t("campaigns.wizard.sourceTemplate") },
          { value: "personalisation", label: t("campaigns.wizard.sourceRun") },
        ]}
        data-testid="wizard-source"
      />
      {state.sourceKind === "template" ? (
        <Select
          label={t("campaigns.wizard.template")}
          data={(templates.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
          value={state.templateId === null ? null : String(state.templateId)}
          onChange={(value) => update({ templateId: value === null ? null : Number(value) })}
          searchable
          data-testid="wizard-template"
        />
      ) : approved.length === 0 ? (
        <Alert color="gray" variant="light" data-testid="wizard-no-runs">
          {t("campaigns.wizard.noRuns")}
        </Alert>
      ) : (
        <Select
          label={t("campaigns.wizard.run")}
          description={t("campaigns.wizard.runHint")}
          data={approved.map((r) => ({
            value: String(r.id),
            label: t("campaigns.wizard.runOption", { date: format.dateTime(r.approvedAt ?? r.createdAt), count: r.counts.total }),
          }))}
          value={state.runId === null ? null : String(state.runId)}
          onChange={(value) => update({ runId: value === null ? null : Number(value) })}
          data-testid="wizard-run"
        />
      )}
      {body !== undefined && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {state.sourceKind === "template" ? t("campaigns.wizard.templateBody") : t("campaigns.wizard.runBody")}
          </Text>
          <ChatBubble testId="wizard-message-preview">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {body}
            </Text>
          </ChatBubble>
        </Stack>
      )}
    </Stack>
  );
}
