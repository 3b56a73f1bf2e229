import { Button, Group, Stack, Stepper, Text } from "@mantine/core";
import { IconArrowLeft, IconArrowRight, IconCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { type CampaignView, campaignsApi } from "../../../ipc";
import { queryKeys } from "../../../lib/queries";
import { AudienceStep } from "./AudienceStep";
import { InstancesStep } from "./InstancesStep";
import { MessageStep } from "./MessageStep";
import { PacingStep } from "./PacingStep";
import { ScheduleField } from "./ScheduleField";
import { STEPS, type Schedule, type WizardState, initialState, stepProblem, toDraft } from "./draft";

/**
 * List → message → instances → pacing → schedule, then the draft is created (every text is
 * rendered now) and the pre-flight follows. Nothing is sent here.
 */
export function CampaignWizard({ onCreated, initial }: { onCreated: (campaign: CampaignView, schedule: Schedule) => void; initial?: WizardState }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // A duplicated campaign starts from its choices.
  const [state, setState] = useState<WizardState>(() => initial ?? initialState());
  const [active, setActive] = useState(0);
  const [tried, setTried] = useState(false);
  const update = (patch: Partial<WizardState>) => setState((old) => ({ ...old, ...patch }));
  const step = STEPS[active] ?? "audience";
  const problem = stepProblem(state, step, new Date());
  const last = active === STEPS.length - 1;
  const create = useMutation({
    mutationFn: () => campaignsApi.create(toDraft(state)),
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
      onCreated(view, state.schedule);
    },
  });
  const next = () => {
    setTried(true);
    if (problem) return;
    setTried(false);
    if (last) create.mutate();
    else setActive(active + 1);
  };

  const props = { state, update };
  return (
    <Stack gap="lg" data-testid="campaign-wizard" data-step={step}>
      <Stepper active={active} onStepClick={(i) => i < active && setActive(i)} size="sm">
        <Stepper.Step label={t("campaigns.wizard.steps.audience")}>
          <AudienceStep {...props} />
        </Stepper.Step>
        <Stepper.Step label={t("campaigns.wizard.steps.message")}>
          <MessageStep {...props} />
        </Stepper.Step>
        <Stepper.Step label={t("campaigns.wizard.steps.instances")}>
          <InstancesStep {...props} />
        </Stepper.Step>
        <Stepper.Step label={t("campaigns.wizard.steps.pacing")}>
          <PacingStep {...props} />
        </Stepper.Step>
        <Stepper.Step label={t("campaigns.wizard.steps.schedule")}>
          <ScheduleField value={state.schedule} onChange={(schedule) => update({ schedule })} />
        </Stepper.Step>
      </Stepper>
      {tried && problem && (
        <Text c="red" size="sm" data-testid="wizard-problem" data-problem={problem}>
          {t(`campaigns.wizard.problems.${problem}`)}
        </Text>
      )}
      {create.isError && <ErrorAlert error={create.error} />}
      <Group justify="space-between">
        <Button
          variant="default"
          leftSection={<IconArrowLeft size={16} />}
          disabled={active === 0 || create.isPending}
          onClick={() => setActive(active - 1)}
          data-testid="wizard-back"
        >
          {t("common.back")}
        </Button>
        {last ? (
          <Button leftSection={<IconCheck size={16} />} loading={create.isPending} onClick={next} data-testid="wizard-create">
            {t("campaigns.wizard.create")}
          </Button>
        ) : (
          <Button rightSection={<IconArrowRight size={16} />} onClick={next} data-testid="wizard-next">
            {t("common.next")}
          </Button>
        )}
      </Group>
      {last && (
        <Text size="xs" c="dimmed">
          {t("campaigns.wizard.createHint")}
        </Text>
      )}
    </Stack>
  );
}
