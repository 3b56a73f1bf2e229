import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format";
import { optOutsApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { formatE164 } from "../import/verdictText";
import { ConsentHistoryModal, ProofCell, useConsentProofs } from "./ConsentProof";
import { useOptOuts } from "./useContacts";

/** The do-not-contact list: numbers never imported or messaged. */
export function OptOutsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const optOuts = useOptOuts();
  const proofs = useConsentProofs();
  const proofOf = new Map((proofs.data ?? []).map((p) => [p.phone, p]));
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [phone, setPhone] = useState("");
  const [reason, setReason] = useState("");
  // The proofs live with the history (the consent ledger).
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.contacts }), queryClient.invalidateQueries({ queryKey: queryKeys.history })]);
  const add = useMutation({
    mutationFn: () => optOutsApi.add({ phone, reason: reason || null }),
    onSuccess: () => {
      setPhone("");
      setReason("");
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: optOutsApi.remove, onSuccess: refresh });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t("optOuts.explain")}
      </Text>
      <Group align="flex-end">
        <TextInput label={t("optOuts.phone")} placeholder="(11) 98765-4321" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} w={220} data-testid="optout-phone" />
        <TextInput label={t("optOuts.reason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={260} />
        <Button leftSection={<IconPlus size={16} />} onClick={() => add.mutate()} disabled={!phone.trim()} loading={add.isPending} data-testid="optout-add">
          {t("optOuts.add")}
        </Button>
      </Group>
      {(add.isError || remove.isError) && <ErrorAlert error={add.error ?? remove.error} />}
      {optOuts.data?.length === 0 && <Text c="dimmed">{t("optOuts.empty")}</Text>}
      {optOuts.data && optOuts.data.length > 0 && (
        <Table striped data-testid="optouts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("optOuts.phone")}</Table.Th>
              <Table.Th>{t("optOuts.reason")}</Table.Th>
              <Table.Th>{t("optOuts.proof.column")}</Table.Th>
              <Table.Th>{t("optOuts.since")}</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {optOuts.data.map((o) => (
              <Table.Tr key={o.phone}>
                <Table.Td ff="monospace">{formatE164(o.phone)}</Table.Td>
                <Table.Td>{o.reason ?? ""}</Table.Td>
                <Table.Td>
                  <ProofCell entry={proofOf.get(o.phone)} onHistory={() => setHistoryOf(o.phone)} />
                </Table.Td>
                <Table.Td>{format.dateTime(o.createdAt)}</Table.Td>
                <Table.Td>
                  <ActionIcon color="red" variant="subtle" aria-label={t("optOuts.remove")} onClick={() => remove.mutate(o.phone)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConsentHistoryModal phone={historyOf} onClose={() => setHistoryOf(null)} />
    </Stack>
  );
}
