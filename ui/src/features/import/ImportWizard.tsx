import { Button, Group, Paper, Stepper, Text, Title } from "@mantine/core";
import { IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FileInspection, ImportOutcome } from "../../ipc";
import { FileStep } from "./FileStep";
import { MappingStep } from "./MappingStep";
import { type WizardState, initialState } from "./plan";
import { ReviewStep } from "./ReviewStep";
import { RunStep } from "./RunStep";

type Step = "file" | "mapping" | "review" | "run";
const STEPS: Step[] = ["file", "mapping", "review", "run"];

/**
 * The import wizard: file → columns → review → import. `initialPath` (a file opened with
 * the app) skips straight to reading it.
 */
export function ImportWizard({ initialPath, onClose }: { initialPath: string | null; onClose: (outcome: ImportOutcome | null) => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>("file");
  const [state, setState] = useState<WizardState | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [expectedRows, setExpectedRows] = useState(0);

  const loaded = (inspection: FileInspection) => {
    setState(initialState(inspection));
    setStep("mapping");
  };
  const update = (patch: Partial<WizardState>) => setState((s) => (s ? { ...s, ...patch } : s));

  return (
    <Paper withBorder p="lg" radius="md" data-testid="import-wizard">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={3}>{t("import.title")}</Title>
          {state && (
            <Text size="sm" c="dimmed" data-testid="import-file-name">
              {state.inspection.fileName}
            </Text>
          )}
        </div>
        <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={() => onClose(outcome)} data-testid="import-close">
          {outcome ? t("common.close") : t("common.cancel")}
        </Button>
      </Group>
      <Stepper active={STEPS.indexOf(step)} size="sm" mb="lg" allowNextStepsSelect={false}>
        <Stepper.Step label={t("import.steps.file")} />
        <Stepper.Step label={t("import.steps.mapping")} />
        <Stepper.Step label={t("import.steps.review")} />
        <Stepper.Step label={t("import.steps.import")} />
      </Stepper>
      {step === "file" && <FileStep initialPath={initialPath} onLoaded={loaded} />}
      {step === "mapping" && state && (
        <MappingStep state={state} onChange={update} onReload={loaded} onBack={() => setStep("file")} onNext={() => setStep("review")} />
      )}
      {step === "review" && state && (
        <ReviewStep state={state} onChange={update} onBack={() => setStep("mapping")} onImport={(rows) => {
            setExpectedRows(rows);
            setStep("run");
          }}
        />
      )}
      {step === "run" && state && (
        <RunStep
          state={state}
          expectedRows={expectedRows}
          onDone={setOutcome}
          onBack={() => setStep("review")}
          onFinish={() => onClose(outcome)}
        />
      )}
    </Paper>
  );
}
