import { Alert, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { campaignsApi } from "../../../ipc";

/** Sends the first recipient's text to the user's own phone, to see it as contacts will. */
export function TestSendCard({ campaignId, instances }: { campaignId: number; instances: string[] }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState("");
  const [instance, setInstance] = useState<string | null>(instances[0] ?? null);
  const send = useMutation({ mutationFn: () => campaignsApi.testSend(campaignId, number.trim(), instance) });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("campaigns.testSend.explain")}
      </Text>
      <Group align="flex-end">
        <TextInput
          label={t("campaigns.testSend.number")}
          placeholder="(11) 98765-4321"
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          w={220}
          data-testid="test-send-number"
        />
        <Select
          label={t("campaigns.testSend.instance")}
          data={instances}
          value={instance}
          onChange={setInstance}
          allowDeselect={false}
          w={220}
          data-testid="test-send-instance"
        />
        <Button
          variant="light"
          leftSection={<IconSend size={16} />}
          disabled={!number.trim()}
          loading={send.isPending}
          onClick={() => send.mutate()}
          data-testid="test-send-button"
        >
          {t("campaigns.testSend.send")}
        </Button>
      </Group>
      {send.isSuccess && (
        <Alert color="teal" variant="light" data-testid="test-send-result">
          {t("campaigns.testSend.sent", { to: `+${send.data.to}`, instance: send.data.instance })}
        </Alert>
      )}
      {send.isError && <ErrorAlert error={send.error} title={t("campaigns.testSend.failed")} />}
    </Stack>
  );
}
