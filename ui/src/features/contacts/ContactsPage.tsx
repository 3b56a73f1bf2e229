import { Button, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconFileImport } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ImportWizard } from "../import/ImportWizard";
import { takeImportRequest, usePendingImport } from "../import/openedFiles";
import { ContactDrawer } from "./ContactDrawer";
import { ContactTable } from "./ContactTable";
import { ImportHistoryPanel } from "./ImportHistoryPanel";
import { ListsPanel } from "./ListsPanel";
import { OptOutsPanel } from "./OptOutsPanel";

type Tab = "contacts" | "lists" | "imports" | "optOuts";

/** Contacts, lists, import history and the do-not-contact list; the import wizard on top. */
export function ContactsPage() {
  const { t } = useTranslation();
  const pending = usePendingImport();
  // A file opened with the app replaces whatever the wizard was doing.
  const [wizard, setWizard] = useState<{ path: string | null; key: number } | null>(null);
  const [seen, setSeen] = useState<string | null>(null);
  if (pending !== null && pending !== seen) {
    setSeen(pending);
    setWizard((w) => ({ path: pending, key: (w?.key ?? 0) + 1 }));
  }
  const [tab, setTab] = useState<Tab>("contacts");
  const [open, setOpen] = useState<number | null>(null);

  return (
    <Stack maw={1200} gap="lg" pb="xl">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t("contacts.title")}</Title>
          <Text c="dimmed">{t("contacts.subtitle")}</Text>
        </div>
        {!wizard && (
          <Button leftSection={<IconFileImport size={16} />} onClick={() => setWizard({ path: null, key: 0 })} data-testid="contacts-import">
            {t("contacts.import")}
          </Button>
        )}
      </Group>
      {wizard ? (
        <ImportWizard
          key={wizard.key}
          initialPath={wizard.path}
          onClose={(outcome) => {
            takeImportRequest();
            setSeen(null);
            setWizard(null);
            if (outcome) setTab("contacts");
          }}
        />
      ) : (
        <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="contacts" data-testid="tab-contacts">
              {t("contacts.tabs.contacts")}
            </Tabs.Tab>
            <Tabs.Tab value="lists" data-testid="tab-lists">
              {t("contacts.tabs.lists")}
            </Tabs.Tab>
            <Tabs.Tab value="imports" data-testid="tab-imports">
              {t("contacts.tabs.imports")}
            </Tabs.Tab>
            <Tabs.Tab value="optOuts" data-testid="tab-optouts">
              {t("contacts.tabs.optOuts")}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="contacts">
            <Stack gap="sm">
              <ContactTable onOpen={(c) => setOpen(c.id)} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="lists">
            <ListsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="imports">
            <ImportHistoryPanel />
          </Tabs.Panel>
          <Tabs.Panel value="optOuts">
            <OptOutsPanel />
          </Tabs.Panel>
        </Tabs>
      )}
      <ContactDrawer contactId={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
