import { Alert, Button, Code, Group, Select, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { IconCircleCheck, IconConfetti, IconSend } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SampleList } from "../../ipc";
import { messagesApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatPhone } from "../instances/instanceName";
import { useInstances } from "../instances/useInstances";

interface Props {
  demo: boolean;
  sample: SampleList | null;
  /** The number given in the contacts step (digits), if any. */
  ownNumber: string | null;
  onSent: () => void;
  finishing: boolean;
  onFinish: () => void;
}

/** Step 5: one friendly text to the user's own number, and proof the server took it. */
export function MessageStep({ demo, sample, ownNumber, onSent, finishing, onFinish }: Props) {
  const { t } = useTranslation();
  const open = (useInstances().data ?? []).filter((i) => i.state === "open");
  const [picked, setPicked] = useState<string | null>(null);
  const instance = picked ?? open[0]?.name ?? null;
  const [typedNumber, setTypedNumber] = useState<string | null>(null);
  const number = typedNumber ?? formatPhone(ownNumber ?? open.find((i) => i.name === instance)?.number ?? null);
  const [text, setText] = useState(() => t("firstRun.message.defaultText"));
  const send = useMutation({ mutationFn: () => messagesApi.sendTest(instance ?? "", number, text), onSuccess: onSent });
  const sent = send.data;

  if (sent) {
    return (
      <Stack gap="lg" align="center" data-testid="firstrun-sent" data-message-id={sent.messageId} data-recorded={String(sent.recorded)} data-to={sent.to}>
        <IconConfetti size={56} color="var(--mantine-color-teal-6)" />
        <Title order={3}>{t("firstRun.message.sentTitle")}</Title>
        <Text ta="center" maw={560}>
          {t("firstRun.message.sentBody", { number: formatPhone(sent.to), instance: sent.instance })}
        </Text>
        <Alert color="teal" icon={<IconCircleCheck size={18} />} w="100%">
          <Stack gap={4}>
            <Text size="sm">
              {t("firstRun.message.serverId")} <Code>{sent.messageId}</Code>
              {sent.status && (
                <>
                  {" · "}
                  {t("firstRun.message.status")} <Code>{sent.status}</Code>
                </>
              )}
            </Text>
            {sent.recorded && <Text size="sm">{demo ? t("firstRun.message.recordedDemo") : t("firstRun.message.recorded")}</Text>}
          </Stack>
        </Alert>
        <Button size="xl" onClick={onFinish} loading={finishing} data-testid="firstrun-finish">
          {t("firstRun.message.finish")}
        </Button>
      </Stack>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <Stack gap="md">
        <div>
          <Title order={3}>{t("firstRun.message.title")}</Title>
          <Text c="dimmed">{demo ? t("firstRun.message.bodyDemo") : t("firstRun.message.body")}</Text>
        </div>
        {sample && (
          <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="firstrun-sample-done">
            {t("firstRun.message.sampleImported", { list: sample.listName, count: sample.contacts })}
          </Alert>
        )}
        <Group grow align="flex-start">
          <Select
            size="md"
            label={t("firstRun.message.instance")}
            data={open.map((i) => i.name)}
            value={instance}
            onChange={setPicked}
            allowDeselect={false}
            data-testid="firstrun-send-instance"
          />
          <TextInput
            size="md"
            label={t("firstRun.message.number")}
            description={t("firstRun.message.numberHint")}
            value={number}
            onChange={(e) => setTypedNumber(e.currentTarget.value)}
            data-testid="firstrun-send-number"
          />
        </Group>
        <Textarea
          size="md"
          label={t("firstRun.message.text")}
          rows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-testid="firstrun-send-text"
        />
        {send.isError && <ErrorAlert error={send.error} />}
        {open.length === 0 && <Alert color="orange">{t("firstRun.message.noInstance")}</Alert>}
        <Group justify="flex-end">
          <Button
            type="submit"
            size="lg"
            leftSection={<IconSend size={18} />}
            loading={send.isPending}
            disabled={!instance || !number.trim() || !text.trim()}
            data-testid="firstrun-send"
          >
            {t("firstRun.message.send")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
