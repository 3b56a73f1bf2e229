// The proof behind a number on the do-not-contact list: when and why (the reply's text and
// its campaign, a reviewed reply, or a change by hand), and every change, newest first.
import { Anchor, Loader, Modal, Stack, Text, Timeline } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { type ConsentEntry, historyConsentApi } from "../../ipc";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";

/** Every number's proof, in one request; reloaded with the history and the contacts. */
export function useConsentProofs() {
  return useQuery({ queryKey: [...queryKeys.history, "consentProofs"], queryFn: historyConsentApi.proofs });
}

/** "Replied “SAIR” to campaign Natal" / "Added by hand: called the shop". */
export function proofText(t: TFunction, e: ConsentEntry): string {
  const source = e.source === "reply" || e.source === "review" || e.source === "user" ? e.source : "user";
  const why = source === "user" && e.proof ? "Why" : "";
  const key = e.action === "opt_in" ? `optOuts.proof.in.${source}${why}` : `optOuts.proof.out.${source}${why}`;
  return t(key, { text: e.proof ?? "", campaign: e.campaign ?? "" }) + (e.campaign ? t("optOuts.proof.inCampaign", { campaign: e.campaign }) : "");
}

export function ProofCell({ entry, onHistory }: { entry: ConsentEntry | undefined; onHistory: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!entry) return <Text size="sm" c="dimmed">{t("optOuts.proof.none")}</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm" data-testid={`optout-proof-${entry.phone}`}>
        {proofText(t, entry)}
      </Text>
      <Text size="xs" c="dimmed">
        {format.dateTime(entry.at)} ·{" "}
        <Anchor component="button" size="xs" onClick={onHistory} data-testid={`optout-history-${entry.phone}`}>
          {t("optOuts.proof.history")}
        </Anchor>
      </Text>
    </Stack>
  );
}

export function ConsentHistoryModal({ phone, onClose }: { phone: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={phone !== null} onClose={onClose} title={t("optOuts.proof.historyTitle", { phone: phone ?? "" })} size="lg">
      {phone && <ConsentHistory phone={phone} />}
    </Modal>
  );
}

function ConsentHistory({ phone }: { phone: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries = useQuery({ queryKey: [...queryKeys.history, "consent", phone], queryFn: () => historyConsentApi.forPhone(phone) });
  if (entries.isError) return <ErrorAlert error={entries.error} />;
  if (!entries.data) return <Loader aria-label={t("app.loading")} />;
  return (
    <Timeline bulletSize={12} lineWidth={2} data-testid="consent-history">
      {entries.data.map((e) => (
        <Timeline.Item key={e.id} title={proofText(t, e)} data-testid={`consent-${e.id}`} color={e.action === "opt_in" ? "teal" : "red"}>
          <Text size="xs" c="dimmed">
            {format.dateTime(e.at)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
