import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from "@mantine/core";
import { IconFileSpreadsheet, IconListCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SampleList } from "../../ipc";
import { firstRunApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { queryKeys } from "../../lib/queries";
import { ImportWizard } from "../import/ImportWizard";
import { formatPhone } from "../instances/instanceName";
import { useInstances } from "../instances/useInstances";

/**
 * Step 4: contacts to send to. A sample list (the user's own number, plus made-up customers
 * in demo mode) goes through the real import; or the user's own spreadsheet, with the
 * import wizard. `onImported(null)` means the step was skipped or a spreadsheet imported.
 */
export function ContactsStep({ onImported }: { onImported: (sample: SampleList | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const connected = useInstances().data?.find((i) => i.state === "open");
  const [typed, setTyped] = useState<string | null>(null);
  const number = typed ?? formatPhone(connected?.number ?? null);
  const [importing, setImporting] = useState(false);
  const sample = useMutation({
    mutationFn: () => firstRunApi.sampleList(t("firstRun.contacts.listName"), t("firstRun.contacts.ownName"), number),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: queryKeys.contacts });
      onImported(result);
    },
  });

  if (importing) {
    return (
      <ImportWizard
        initialPath={null}
        onClose={(outcome) => {
          setImporting(false);
          if (outcome) {
            void client.invalidateQueries({ queryKey: queryKeys.contacts });
            onImported(null);
          }
        }}
      />
    );
  }

  return (
    <Stack gap="lg">
      <div>
        <Title order={3}>{t("firstRun.contacts.title")}</Title>
        <Text c="dimmed">{t("firstRun.contacts.body")}</Text>
      </div>
      <SimpleGrid cols={2}>
        <Paper withBorder p="lg" radius="md">
          <Stack h="100%" justify="space-between">
            <Stack gap="xs">
              <ThemeIcon size={48} radius="md" variant="light">
                <IconListCheck size={26} />
              </ThemeIcon>
              <Text fw={600} size="lg">
                {t("firstRun.contacts.sampleTitle")}
              </Text>
              <Text size="sm" c="dimmed">
                {t("firstRun.contacts.sampleBody")}
              </Text>
              <TextInput
                label={t("firstRun.contacts.ownNumber")}
                description={t("firstRun.contacts.ownNumberHint")}
                placeholder="(11) 98765-4321"
                value={number}
                onChange={(e) => setTyped(e.currentTarget.value)}
                data-testid="firstrun-own-number"
              />
            </Stack>
            <Button size="lg" onClick={() => sample.mutate()} loading={sample.isPending} disabled={!number.trim()} data-testid="firstrun-sample">
              {t("firstRun.contacts.sampleAction")}
            </Button>
          </Stack>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Stack h="100%" justify="space-between">
            <Stack gap="xs">
              <ThemeIcon size={48} radius="md" variant="light" color="blue">
                <IconFileSpreadsheet size={26} />
              </ThemeIcon>
              <Text fw={600} size="lg">
                {t("firstRun.contacts.ownTitle")}
              </Text>
              <Text size="sm" c="dimmed">
                {t("firstRun.contacts.ownBody")}
              </Text>
            </Stack>
            <Button size="lg" variant="light" color="blue" onClick={() => setImporting(true)} data-testid="firstrun-import">
              {t("firstRun.contacts.ownAction")}
            </Button>
          </Stack>
        </Paper>
      </SimpleGrid>
      {sample.isError && <ErrorAlert error={sample.error} />}
      <Group justify="flex-end">
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => onImported(null)} data-testid="firstrun-contacts-skip">
          {t("firstRun.contacts.skip")}
        </Anchor>
      </Group>
    </Stack>
  );
}
