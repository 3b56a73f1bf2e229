import { Alert, Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { type CampaignView, campaignCopyApi } from "../../ipc";
import { campaignKeys } from "../../lib/campaignCache";
import { CampaignWizard } from "./wizard/CampaignWizard";
import type { Schedule } from "./wizard/draft";
import { stateFromCopy } from "./wizard/fromCopy";

/** The wizard, prefilled with another campaign's choices: a new draft, nothing sent. */
export function DuplicateWizard({ campaignId, onCreated }: { campaignId: number; onCreated: (campaign: CampaignView, schedule: Schedule) => void }) {
  const { t } = useTranslation();
  const copy = useQuery({ queryKey: [...campaignKeys.one(campaignId), "copy"], queryFn: () => campaignCopyApi.get(campaignId), staleTime: Infinity });
  if (copy.isError) return <ErrorAlert error={copy.error} />;
  if (!copy.data) return <Loader aria-label={t("app.loading")} />;
  const missing = copy.data.listId === null || copy.data.source === null;
  return (
    <>
      <Alert color={missing ? "yellow" : "blue"} mb="md" data-testid="campaign-copy-note">
        {missing ? t("campaigns.duplicate.missing", { name: copy.data.name }) : t("campaigns.duplicate.note", { name: copy.data.name })}
      </Alert>
      <CampaignWizard initial={stateFromCopy(copy.data, t("campaigns.duplicate.name", { name: copy.data.name }))} onCreated={onCreated} />
    </>
  );
}
