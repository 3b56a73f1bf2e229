import { ActionIcon, Badge, Button, Group, Pagination, SegmentedControl, Stack, Table, Text, Textarea, Tooltip } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type MessageStatus, type MessageView, personaliseApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ERROR_KEYS } from "../../lib/errors";
import { queryKeys } from "../../lib/queries";
import { formatE164 } from "../import/verdictText";
import { useRunMessages } from "./usePersonalise";

const PAGE = 50;
const COLORS: Record<MessageStatus, string> = { pending: "gray", done: "teal", failed: "red", edited: "blue" };
type Filter = "all" | MessageStatus;
const FILTERS: Filter[] = ["all", "done", "edited", "failed", "pending"];

/** Every personalised message, page by page: read, filter, edit by hand. */
export function MessagesReview({ runId, locked }: { runId: number; locked: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ position: number; text: string } | null>(null);
  const status = filter === "all" ? null : filter;
  const messages = useRunMessages(runId, status, (page - 1) * PAGE, PAGE + 1);
  const save = useMutation({
    mutationFn: (e: { position: number; text: string }) => personaliseApi.edit(runId, e.position, e.text),
    onSuccess: () => {
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.personalise });
    },
  });
  const rows = (messages.data ?? []).slice(0, PAGE);
  const hasMore = (messages.data?.length ?? 0) > PAGE;

  const reason = (m: MessageView) => {
    const code = m.errorCode as keyof typeof ERROR_KEYS | null;
    return code && code in ERROR_KEYS ? t(ERROR_KEYS[code], { model: "", status: "", seconds: "" }) : (m.errorDetail ?? "");
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>{t("personalise.reviewTitle")}</Text>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => {
            setFilter(v as Filter);
            setPage(1);
          }}
          data={FILTERS.map((f) => ({ value: f, label: t(`personalise.filter.${f}`) }))}
        />
      </Group>
      {save.isError && <ErrorAlert error={save.error} />}
      <Table striped verticalSpacing="xs" data-testid="personalise-messages">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={200}>{t("personalise.contact")}</Table.Th>
            <Table.Th>{t("personalise.message")}</Table.Th>
            <Table.Th w={50} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((m) => (
            <Table.Tr key={m.position} data-testid={`message-${m.position}`} data-status={m.status}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {m.contactName || t("contacts.noName")}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {formatE164(m.phone)}
                </Text>
                <Badge size="xs" color={COLORS[m.status]} variant="light" mt={4}>
                  {t(`personalise.messageStatus.${m.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {editing?.position === m.position ? (
                  <Stack gap={4}>
                    <Textarea autosize minRows={2} value={editing.text} onChange={(e) => setEditing({ position: m.position, text: e.currentTarget.value })} data-testid={`message-edit-${m.position}`} />
                    <Group gap="xs">
                      <Button size="compact-sm" onClick={() => save.mutate(editing)} loading={save.isPending} disabled={!editing.text.trim()}>
                        {t("common.save")}
                      </Button>
                      <Button size="compact-sm" variant="subtle" color="gray" onClick={() => setEditing(null)}>
                        {t("common.cancel")}
                      </Button>
                    </Group>
                  </Stack>
                ) : m.text ? (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {m.text}
                  </Text>
                ) : m.status === "failed" ? (
                  <Text size="sm" c="red">
                    {reason(m)}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t("personalise.waiting")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {!locked && editing?.position !== m.position && m.status !== "pending" && (
                  <Tooltip label={t("personalise.edit")}>
                    <ActionIcon variant="subtle" aria-label={t("personalise.edit")} onClick={() => setEditing({ position: m.position, text: m.text ?? "" })}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(page > 1 || hasMore) && <Pagination value={page} onChange={setPage} total={hasMore ? page + 1 : page} size="sm" />}
    </Stack>
  );
}
