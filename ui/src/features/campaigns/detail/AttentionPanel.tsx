import { Alert, Button, Checkbox, Group, Stack, Table, Text } from "@mantine/core";
import { IconCheck, IconSend } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { type AttentionChoice, campaignsApi } from "../../../ipc";
import { campaignKeys } from "../../../lib/campaignCache";
import { useFormat } from "../../../lib/format";
import { queryKeys } from "../../../lib/queries";
import { useRecipients } from "../useCampaigns";
import { recipientError } from "./recipientText";

/**
 * Sends whose outcome the server could not confirm: the user checks the phone and chooses,
 * per row, to send again or to count it as sent.
 */
export function AttentionPanel({ campaignId, count }: { campaignId: number; count: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const rows = useRecipients(campaignId, "needsAttention", "", { version: count });
  const list = rows.data?.pages.flatMap((p) => p.rows) ?? [];
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const chosen = list.filter((r) => selected.has(r.position)).map((r) => r.position);
  const resolve = useMutation({
    mutationFn: (choice: AttentionChoice) => campaignsApi.resolve(campaignId, chosen, choice),
    onSuccess: (view) => {
      queryClient.setQueryData(campaignKeys.one(campaignId), view);
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
    },
  });
  const toggle = (position: number, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(position);
      else next.delete(position);
      return next;
    });
  const all = list.length > 0 && chosen.length === list.length;

  if (list.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title={t("campaigns.attention.title", { count: list.length })} data-testid="attention-panel">
      <Stack gap="sm">
        <Text size="sm">{t("campaigns.attention.explain")}</Text>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t("campaigns.attention.selectAll")}
                  checked={all}
                  indeterminate={chosen.length > 0 && !all}
                  onChange={(e) => setSelected(e.currentTarget.checked ? new Set(list.map((r) => r.position)) : new Set())}
                  data-testid="attention-select-all"
                />
              </Table.Th>
              <Table.Th>{t("campaigns.recipients.contact")}</Table.Th>
              <Table.Th>{t("campaigns.recipients.instance")}</Table.Th>
              <Table.Th>{t("campaigns.attention.tried")}</Table.Th>
              <Table.Th>{t("campaigns.recipients.reason")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => (
              <Table.Tr key={r.position} data-testid={`attention-row-${r.position}`}>
                <Table.Td>
                  <Checkbox
                    aria-label={r.phoneE164}
                    checked={selected.has(r.position)}
                    onChange={(e) => toggle(r.position, e.currentTarget.checked)}
                    data-testid={`attention-select-${r.position}`}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.contactName ?? r.phoneE164}</Text>
                  {r.contactName && (
                    <Text size="xs" c="dimmed">
                      {r.phoneE164}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.instance ?? "—"}</Table.Td>
                <Table.Td>{r.intentAt ? format.dateTime(r.intentAt) : "—"}</Table.Td>
                <Table.Td>{recipientError(t, r.errorCode) ?? ""}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {rows.hasNextPage && (
          <Button variant="subtle" size="xs" onClick={() => void rows.fetchNextPage()} data-testid="attention-more">
            {t("campaigns.recipients.more")}
          </Button>
        )}
        {resolve.isError && <ErrorAlert error={resolve.error} />}
        <Group>
          <Button
            leftSection={<IconSend size={16} />}
            disabled={chosen.length === 0}
            loading={resolve.isPending && resolve.variables === "resend"}
            onClick={() => resolve.mutate("resend")}
            data-testid="attention-resend"
          >
            {t("campaigns.attention.resend", { count: chosen.length })}
          </Button>
          <Button
            variant="default"
            leftSection={<IconCheck size={16} />}
            disabled={chosen.length === 0}
            loading={resolve.isPending && resolve.variables === "markSent"}
            onClick={() => resolve.mutate("markSent")}
            data-testid="attention-mark-sent"
          >
            {t("campaigns.attention.markSent", { count: chosen.length })}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t("campaigns.attention.hint")}
        </Text>
      </Stack>
    </Alert>
  );
}
