import { Badge, Box, Button, Center, Container, Group, Loader, Paper, Stepper, Text, Title } from "@mantine/core";
import { IconClockPause } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SampleList, Settings } from "../../ipc";
import { listsApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys, useAppStatus, useSettings } from "../../lib/queries";
import { useInstances } from "../instances/useInstances";
import { useSaveSettings } from "../settings/useSettingsMutations";
import { ContactsStep } from "./ContactsStep";
import { InstanceStep } from "./InstanceStep";
import { LanguageStep } from "./LanguageStep";
import { MessageStep } from "./MessageStep";
import { ServerStep } from "./ServerStep";
import { STEPS, type StepId, resumeStep } from "./steps";

/**
 * The first-run guide, full screen: language → server or demo → first instance → contacts →
 * a first test message. It starts where the real setup stops, and can be left at any step.
 */
export function FirstRunWizard() {
  const { t } = useTranslation();
  const settings = useSettings();
  const status = useAppStatus();
  const saved = settings.data?.settings;
  const server = Boolean(saved?.evolutionUrl) || (status.data?.demo ?? false);
  const instances = useInstances(server);
  const lists = useQuery({ queryKey: [...queryKeys.contacts, "lists"], queryFn: listsApi.list });
  const finish = useSaveSettings();
  const [step, setStep] = useState<StepId | null>(null);
  const [sample, setSample] = useState<SampleList | null>(null);
  const [ownNumber, setOwnNumber] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  // The real state decides the first step once; afterwards the user's actions move it.
  const loaded = saved !== undefined && status.data !== undefined && lists.isFetched && (!server || instances.isFetched);
  if (loaded && step === null) {
    setStep(
      resumeStep({
        server,
        openInstance: (instances.data ?? []).some((i) => i.state === "open"),
        contacts: (lists.data ?? []).some((l) => l.contactCount > 0),
      }),
    );
  }

  if (settings.isError) return <ErrorAlert error={settings.error} />;
  if (!saved || step === null) {
    return (
      <Center h="100vh">
        <Loader aria-label={t("app.loading")} />
      </Center>
    );
  }
  const done = (input: Settings) => finish.mutate({ ...input, firstRunDone: true });
  // Every step shows as done once the test message is out.
  const index = sent ? STEPS.length : STEPS.indexOf(step);
  const demo = status.data?.demo ?? false;

  return (
    <Box mih="100vh" py="xl" bg="var(--mantine-color-body)" data-testid="first-run" data-step={step}>
      <Container size="md">
        <Group justify="space-between" mb="lg">
          <Group gap="sm">
            <img src="/logo.png" alt="" width={40} height={40} />
            <div>
              <Group gap="xs">
                <Title order={2}>{t("firstRun.title")}</Title>
                {demo && (
                  <Badge color="grape" variant="filled" data-testid="demo-badge">
                    {t("demo.badge")}
                  </Badge>
                )}
              </Group>
              <Text c="dimmed">{t("firstRun.subtitle")}</Text>
            </div>
          </Group>
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconClockPause size={18} />}
            onClick={() => done(saved)}
            loading={finish.isPending}
            data-testid="firstrun-skip"
          >
            {t("firstRun.later")}
          </Button>
        </Group>
        <Stepper
          active={index}
          onStepClick={(i) => !sent && i < index && setStep(STEPS[i] ?? "language")}
          allowNextStepsSelect={false}
          size="sm"
          mb="xl"
        >
          {STEPS.map((id) => (
            <Stepper.Step key={id} label={t(`firstRun.steps.${id}`)} data-testid={`firstrun-stepper-${id}`} />
          ))}
        </Stepper>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          {step === "language" && <LanguageStep saved={saved} onNext={() => setStep("server")} />}
          {step === "server" && <ServerStep onNext={() => setStep("instance")} />}
          {step === "instance" && <InstanceStep demo={demo} onNext={() => setStep("contacts")} />}
          {step === "contacts" && (
            <ContactsStep
              onImported={(result) => {
                setSample(result);
                if (result) setOwnNumber(result.ownNumber);
                setStep("message");
              }}
            />
          )}
          {step === "message" && (
            <MessageStep demo={demo} sample={sample} ownNumber={ownNumber} onSent={() => setSent(true)} finishing={finish.isPending} onFinish={() => done(saved)} />
          )}
        </Paper>
        {finish.isError && <ErrorAlert error={finish.error} />}
      </Container>
    </Box>
  );
}
