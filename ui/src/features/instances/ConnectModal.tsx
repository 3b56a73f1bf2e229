import { Alert, Box, Button, Center, Group, Image, Loader, Modal, RingProgress, Stack, Tabs, Text, TextInput, Title } from "@mantine/core";
import { IconCircleCheck, IconDeviceMobile, IconQrcode } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { QrView } from "../../ipc";
import { demoApi, instancesApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatPhone, pairingNumber } from "./instanceName";
import { DEFAULT_NO_QR_AFTER, noQrOverdue, useInstanceDiagnosis, useServerDiagnosis } from "./serverDoctor";
import { ServerDoctorPanel } from "./ServerDoctorPanel";
import { instancesKey, useInstances } from "./useInstances";

/** Seconds a WhatsApp QR lives (server `qrTimeout`, contract §7). */
const QR_LIFETIME = 45;
/** After this long without connecting, suggest a restart (§7 pairing UI). */
const GIVE_UP_AFTER = 180;

interface Props {
  name: string | null;
  demo: boolean;
  onClose: () => void;
}

function svgSource(svg: string) {
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

/** Connects an instance: a QR drawn locally that refreshes as it rotates, or a pairing code. */
export function ConnectModal({ name, demo, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={name !== null} onClose={onClose} title={t("instances.connect.title", { name })} size="lg" centered>
      {name && <ConnectBody key={name} name={name} demo={demo} onClose={onClose} />}
    </Modal>
  );
}

/** The dialog's content, also shown inline by the first-run guide (`doneLabel` names its button). */
export function ConnectBody({ name, demo, onClose, doneLabel }: { name: string; demo: boolean; onClose: () => void; doneLabel?: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [number, setNumber] = useState("");
  const start = useMutation({ mutationFn: (phone: string | null) => instancesApi.connect(name, phone) });
  const startMutate = start.mutate;

  useEffect(() => startMutate(null), [startMutate]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const poll = useQuery({
    queryKey: ["instances", "qr", name],
    queryFn: () => instancesApi.qr(name),
    enabled: start.isSuccess,
    refetchInterval: (query) => (query.state.data?.state === "open" ? false : 2500),
  });
  const view: QrView | undefined = poll.data ?? start.data;
  const open = view?.state === "open";
  // The list (refreshed below once open) carries the profile WhatsApp reports.
  const connected = useInstances(open).data?.find((i) => i.name === name);

  useEffect(() => {
    if (open) void client.invalidateQueries({ queryKey: instancesKey });
  }, [open, client]);

  // Restart the countdown whenever the QR rotates.
  const qrId = view?.qrId ?? null;
  const [rotation, setRotation] = useState({ id: qrId, at: now });
  if (rotation.id !== qrId) setRotation({ id: qrId, at: now });
  const remaining = Math.max(0, QR_LIFETIME - Math.floor((now - rotation.at) / 1000));
  const elapsed = Math.floor((now - startedAt) / 1000);

  const scan = useMutation({ mutationFn: () => demoApi.scan(name), onSuccess: () => void poll.refetch() });
  const pairingCode = start.data?.pairingCode ?? view?.pairingCode ?? null;

  // Server doctor: connecting for a while and never a QR or pairing code → explain what to
  // check on the server (the backend gives the wait; tests shorten it).
  const [qrSeen, setQrSeen] = useState(false);
  if (!qrSeen && (view?.svg || pairingCode)) setQrSeen(true);
  const [attempt, setAttempt] = useState(0);
  const threshold = useServerDiagnosis().data?.noQrAfterSecs ?? DEFAULT_NO_QR_AFTER;
  const overdue = start.isSuccess && noQrOverdue({ state: view?.state, qrSeen, elapsedSecs: elapsed, thresholdSecs: threshold });
  const diagnosis = useInstanceDiagnosis({ name, connectingSecs: elapsed, qrSeen }, attempt, overdue);
  const restart = useMutation({
    mutationFn: () => instancesApi.restart(name),
    onSuccess: () => {
      setStartedAt(Date.now());
      setQrSeen(false);
      setAttempt((a) => a + 1);
      void poll.refetch();
    },
  });

  if (open) {
    return (
      <Stack align="center" py="lg" data-testid="connect-connected">
        <IconCircleCheck size={56} color="var(--mantine-color-teal-6)" />
        <Title order={3}>{t("instances.connect.connected")}</Title>
        {/* The line is there before the profile arrives, so the button below does not move
            under a click (a click landing as it moved was lost). */}
        <Text fw={500} mih="1.55em" data-testid={connected?.profileName ? "connect-profile" : undefined}>
          {connected?.profileName ? `${connected.profileName} · ${formatPhone(connected.number)}` : ""}
        </Text>
        <Text c="dimmed">{t("instances.connect.connectedHint")}</Text>
        <Button onClick={onClose} data-testid="connect-done">
          {doneLabel ?? t("common.done")}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack>
      <Tabs defaultValue="qr">
        <Tabs.List grow>
          <Tabs.Tab value="qr" leftSection={<IconQrcode size={16} />}>
            {t("instances.connect.qrTab")}
          </Tabs.Tab>
          <Tabs.Tab value="pairing" leftSection={<IconDeviceMobile size={16} />} data-testid="pairing-tab">
            {t("instances.connect.pairingTab")}
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="qr" pt="md">
          <Group align="flex-start" wrap="nowrap" gap="xl">
            <Box w={280} h={280}>
              {view?.svg ? (
                <Image src={svgSource(view.svg)} alt={t("instances.connect.qrAlt")} w={280} h={280} data-testid="qr-image" data-qr-id={view.qrId ?? ""} />
              ) : view?.state === "close" ? (
                <Center h="100%">
                  <Stack align="center">
                    <Text ta="center">{t("instances.connect.expired")}</Text>
                    <Button onClick={() => startMutate(null)} loading={start.isPending} data-testid="qr-regenerate">
                      {t("instances.connect.regenerate")}
                    </Button>
                  </Stack>
                </Center>
              ) : (
                <Center h="100%">
                  <Stack align="center" gap="xs">
                    <Loader />
                    <Text size="sm" c="dimmed">
                      {t("instances.connect.waiting")}
                    </Text>
                  </Stack>
                </Center>
              )}
            </Box>
            <Stack gap="sm" flex={1}>
              <Text fw={500}>{t("instances.connect.howTo")}</Text>
              <Text size="sm">1. {t("instances.connect.step1")}</Text>
              <Text size="sm">2. {t("instances.connect.step2")}</Text>
              <Text size="sm">3. {t("instances.connect.step3")}</Text>
              {view?.svg && (
                <Group gap="xs">
                  <RingProgress
                    size={56}
                    thickness={5}
                    sections={[{ value: (remaining / QR_LIFETIME) * 100, color: remaining > 10 ? "teal" : "orange" }]}
                    label={
                      <Text ta="center" size="xs" data-testid="qr-countdown">
                        {remaining}s
                      </Text>
                    }
                  />
                  <Text size="xs" c="dimmed">
                    {t("instances.connect.refreshes")}
                  </Text>
                </Group>
              )}
              {/* Only once the server is pairing: a scan before that is refused (not pairing yet). */}
              {demo && start.isSuccess && (
                <Button variant="light" color="grape" onClick={() => scan.mutate()} loading={scan.isPending} data-testid="demo-scan">
                  {t("demo.scan")}
                </Button>
              )}
            </Stack>
          </Group>
        </Tabs.Panel>

        <Tabs.Panel value="pairing" pt="md">
          <Stack>
            <Text size="sm">{t("instances.connect.pairingHelp")}</Text>
            <Group align="flex-end">
              <TextInput
                flex={1}
                label={t("instances.connect.phoneLabel")}
                placeholder="(11) 98765-4321"
                value={number}
                data-testid="pairing-number"
                onChange={(e) => setNumber(e.currentTarget.value)}
              />
              <Button
                onClick={() => startMutate(pairingNumber(number))}
                disabled={pairingNumber(number).length < 10}
                loading={start.isPending}
                data-testid="pairing-submit"
              >
                {t("instances.connect.pairingSubmit")}
              </Button>
            </Group>
            {pairingCode && (
              <Stack align="center" gap={4}>
                <Text size="sm" c="dimmed">
                  {t("instances.connect.pairingShow")}
                </Text>
                <Text ff="monospace" fz={36} fw={700} lts={4} data-testid="pairing-code">
                  {pairingCode}
                </Text>
              </Stack>
            )}
          </Stack>
        </Tabs.Panel>
      </Tabs>

      {start.isError && <ErrorAlert error={start.error} />}
      {poll.isError && <ErrorAlert error={poll.error} />}
      {scan.isError && <ErrorAlert error={scan.error} />}
      {overdue && diagnosis.data && <ServerDoctorPanel findings={diagnosis.data.findings} onRetry={() => restart.mutate()} retrying={restart.isPending} />}
      {overdue && diagnosis.isError && (
        <Alert color="orange" data-testid="no-qr-advice">
          {t("instances.connect.noQr")}
        </Alert>
      )}
      {restart.isError && <ErrorAlert error={restart.error} />}
      {elapsed > GIVE_UP_AFTER && (
        <Alert color="orange" data-testid="stuck-advice">
          {t("instances.connect.stuck")}
        </Alert>
      )}
    </Stack>
  );
}
