import { AppShell, Badge, Center, Group, Loader, NavLink, Text, Title } from "@mantine/core";
import { IconAddressBook, IconBrandWhatsapp, IconHistory, IconHome, IconSend, IconSettings, IconSparkles, IconTemplate } from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CampaignsPage } from "../features/campaigns/CampaignsPage";
import { ContactsPage } from "../features/contacts/ContactsPage";
import { OpenFilesBridge } from "../features/import/OpenFilesBridge";
import { InstancesPage } from "../features/instances/InstancesPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { PersonalisePage } from "../features/personalise/PersonalisePage";
import { TemplatesPage } from "../features/templates/TemplatesPage";
import { DatabaseErrorScreen } from "../features/startup/DatabaseErrorScreen";
import { FirstRunWizard } from "../features/firstrun/FirstRunWizard";
import { HistoryPage } from "../features/history/HistoryPage";
import { HomePage } from "../features/home/HomePage";
import { ProfileMenu } from "../features/profiles/ProfileMenu";
import { UpdateCenter } from "../features/updates/UpdateCenter";
import { useAppStatus, useSettings } from "../lib/queries";
import { ErrorAlert } from "./ErrorAlert";
import { type AreaId, type LeaveGuard, LeaveGuardContext, NavigationContext } from "./navigation";
import { PreferencesSync } from "./PreferencesSync";

/** The areas of the app, in navigation order; later features add theirs here. */
const AREAS: { id: AreaId; label: string; icon: typeof IconSettings; page: () => React.JSX.Element }[] = [
  { id: "home", label: "nav.home", icon: IconHome, page: HomePage },
  { id: "instances", label: "nav.instances", icon: IconBrandWhatsapp, page: InstancesPage },
  { id: "campaigns", label: "nav.campaigns", icon: IconSend, page: CampaignsPage },
  { id: "history", label: "nav.history", icon: IconHistory, page: HistoryPage },
  { id: "contacts", label: "nav.contacts", icon: IconAddressBook, page: ContactsPage },
  { id: "templates", label: "nav.templates", icon: IconTemplate, page: TemplatesPage },
  { id: "personalise", label: "nav.personalise", icon: IconSparkles, page: PersonalisePage },
  { id: "settings", label: "nav.settings", icon: IconSettings, page: SettingsPage },
];

export function Shell() {
  const { t } = useTranslation();
  const status = useAppStatus();
  const settings = useSettings();
  const [area, setArea] = useState<AreaId>("home");
  // A screen with unsaved work (the template editor) may ask before the area changes.
  const leaveGuard = useRef<LeaveGuard | null>(null);
  const registerLeaveGuard = useCallback((guard: LeaveGuard | null) => {
    leaveGuard.current = guard;
  }, []);
  const shownArea = useRef(area);
  useEffect(() => {
    shownArea.current = area;
  }, [area]);
  // Stable, so screens can depend on it (the opened-files bridge subscribes once).
  const navigate = useCallback((next: AreaId) => {
    if (next !== shownArea.current && leaveGuard.current?.(() => setArea(next))) return;
    setArea(next);
  }, []);

  if (status.isPending || settings.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t("app.loading")} />
      </Center>
    );
  }
  if (status.isError) {
    return (
      <Center h="100vh" p="xl">
        <ErrorAlert error={status.error} />
      </Center>
    );
  }
  if (status.data.database.state === "failed") {
    return <DatabaseErrorScreen status={status.data} />;
  }

  // Never set up (or reopened from Settings): the first-run guide, full screen.
  if (settings.data?.settings.firstRunDone === false) {
    return (
      <>
        <PreferencesSync />
        <FirstRunWizard />
      </>
    );
  }

  const current = AREAS.find((a) => a.id === area) ?? AREAS[0];
  const Page = current?.page ?? SettingsPage;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <PreferencesSync />
      <AppShell.Header>
        <Group h="100%" px="md" gap="xs">
          <img src="/logo.png" alt="" width={28} height={28} />
          <Title order={4}>{t("app.title")}</Title>
          {status.data.demo && (
            <Badge color="grape" variant="filled" data-testid="demo-badge">
              {t("demo.badge")}
            </Badge>
          )}
          <Text size="sm" c="dimmed" visibleFrom="sm">
            {t("app.tagline")}
          </Text>
          <NavigationContext.Provider value={navigate}>
            <Group ml="auto" gap="xs">
              <ProfileMenu current={status.data.profile} />
              <UpdateCenter />
            </Group>
          </NavigationContext.Provider>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {AREAS.map((a) => (
          <NavLink
            key={a.id}
            data-testid={`nav-${a.id}`}
            label={t(a.label)}
            leftSection={<a.icon size={18} />}
            active={a.id === area}
            onClick={() => navigate(a.id)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <NavigationContext.Provider value={navigate}>
          <LeaveGuardContext.Provider value={registerLeaveGuard}>
            <OpenFilesBridge />
            {/* A profile switch starts every screen afresh (forms, wizards, selections). */}
            <Page key={status.data.profile?.id ?? "default"} />
          </LeaveGuardContext.Provider>
        </NavigationContext.Provider>
      </AppShell.Main>
    </AppShell>
  );
}
