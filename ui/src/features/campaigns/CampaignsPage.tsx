import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CampaignList } from "./CampaignList";
import { CampaignDetail } from "./detail/CampaignDetail";
import { PreflightPanel } from "./preflight/PreflightPanel";
import { DuplicateWizard } from "./DuplicateWizard";
import { takeCampaignOpen } from "./openRequest";
import { CampaignWizard } from "./wizard/CampaignWizard";
import type { Schedule } from "./wizard/draft";

type View =
  | { kind: "list" }
  | { kind: "new" }
  | { kind: "copy"; campaignId: number }
  | { kind: "preflight"; campaignId: number; schedule: Schedule }
  | { kind: "detail"; campaignId: number };

/** Campaigns: the list, the wizard, the pre-flight of a draft, and one campaign's progress. */
export function CampaignsPage() {
  const { t } = useTranslation();
  // The home dashboard may have asked to open one campaign.
  const [view, setView] = useState<View>(() => {
    const asked = takeCampaignOpen();
    return asked === null ? { kind: "list" } : { kind: "detail", campaignId: asked };
  });
  const toList = () => setView({ kind: "list" });
  return (
    <Stack maw={1200} gap="lg" pb="xl">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t("campaigns.title")}</Title>
          <Text c="dimmed">{t("campaigns.subtitle")}</Text>
        </div>
        {view.kind === "list" ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setView({ kind: "new" })} data-testid="campaign-new">
            {t("campaigns.new")}
          </Button>
        ) : (
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={toList} data-testid="campaigns-back">
            {t("campaigns.backToList")}
          </Button>
        )}
      </Group>
      {view.kind === "list" && (
        <CampaignList
          onDuplicate={(c) => setView({ kind: "copy", campaignId: c.id })}
          onOpen={(c) =>
            setView(c.status === "draft" ? { kind: "preflight", campaignId: c.id, schedule: { kind: "now" } } : { kind: "detail", campaignId: c.id })
          }
        />
      )}
      {view.kind === "new" && (
        <Paper withBorder p="lg" radius="md">
          <CampaignWizard onCreated={(c, schedule) => setView({ kind: "preflight", campaignId: c.id, schedule })} />
        </Paper>
      )}
      {view.kind === "copy" && (
        <Paper withBorder p="lg" radius="md">
          <DuplicateWizard key={view.campaignId} campaignId={view.campaignId} onCreated={(c, schedule) => setView({ kind: "preflight", campaignId: c.id, schedule })} />
        </Paper>
      )}
      {view.kind === "preflight" && (
        <Paper withBorder p="lg" radius="md">
          <PreflightPanel
            key={view.campaignId}
            campaignId={view.campaignId}
            initialSchedule={view.schedule}
            onStarted={(c) => setView({ kind: "detail", campaignId: c.id })}
            onDeleted={toList}
          />
        </Paper>
      )}
      {view.kind === "detail" && (
        <CampaignDetail
          key={view.campaignId}
          campaignId={view.campaignId}
          onPreflight={() => setView({ kind: "preflight", campaignId: view.campaignId, schedule: { kind: "now" } })}
          onDuplicate={() => setView({ kind: "copy", campaignId: view.campaignId })}
          onDeleted={toList}
        />
      )}
    </Stack>
  );
}
