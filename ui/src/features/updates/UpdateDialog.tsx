import { Alert, Button, Code, Group, Loader, Modal, Progress, ScrollArea, Stack, Text } from "@mantine/core";
import { IconCircleCheck, IconDownload, IconPlayerPause } from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { UpdateCheck, UpdateProgress, UpdateRoute } from "../../ipc";
import { aboutApi, onAppEvent, toFailure, updatesApi } from "../../ipc";

/** Where the dialog is; exported for tests. */
export type UpdateView =
  | { step: "checking" }
  | { step: "checked"; check: UpdateCheck }
  | { step: "campaignsSending"; version: string; count: number }
  | { step: "waiting"; version: string }
  | { step: "installing"; version: string; progress: UpdateProgress | null }
  | { step: "installed"; version: string }
  | { step: "failed"; error: unknown; version: string | null };

const MB = 1024 * 1024;

/**
 * "Check for updates": finds, shows the notes, downloads with progress, verifies, installs
 * and offers to relaunch. Never installs under a sending campaign: the user waits for it,
 * or pauses the campaigns first. `found` skips the check (the automatic check found it).
 */
export function UpdateDialog({ found, onClose }: { found: UpdateCheck | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<UpdateView>(found ? { step: "checked", check: found } : { step: "checking" });
  const busy = view.step === "installing" || view.step === "checking";

  const check = useCallback(async () => {
    setView({ step: "checking" });
    try {
      setView({ step: "checked", check: await updatesApi.check(false) });
    } catch (error) {
      setView({ step: "failed", error, version: null });
    }
  }, []);

  const install = useCallback(async (version: string, pauseCampaigns: boolean) => {
    setView({ step: "installing", version, progress: null });
    try {
      await updatesApi.install(pauseCampaigns, (progress) => setView({ step: "installing", version, progress }));
      setView({ step: "installed", version });
    } catch (error) {
      const failure = toFailure(error);
      if (failure.code === "UPDATE_CAMPAIGNS_SENDING") {
        setView({ step: "campaignsSending", version, count: Number(failure.params.count ?? 1) });
      } else {
        setView({ step: "failed", error, version });
      }
    }
  }, []);

  // Opened from the menu: the dialog starts in "checking" and looks up once.
  useEffect(() => {
    if (found) return;
    let open = true;
    updatesApi.check(false).then(
      (check) => open && setView({ step: "checked", check }),
      (error: unknown) => open && setView({ step: "failed", error, version: null }),
    );
    return () => {
      open = false;
    };
  }, [found]);

  return (
    <Modal
      opened
      onClose={busy ? () => undefined : onClose}
      withCloseButton={!busy}
      closeOnClickOutside={!busy}
      title={t("updates.title")}
      size="lg"
      data-testid="update-dialog"
    >
      <UpdateBody view={view} onCheck={() => void check()} onInstall={install} onWait={(version) => setView({ step: "waiting", version })} onClose={onClose} />
    </Modal>
  );
}

function UpdateBody({
  view,
  onCheck,
  onInstall,
  onWait,
  onClose,
}: {
  view: UpdateView;
  onCheck: () => void;
  onInstall: (version: string, pauseCampaigns: boolean) => void;
  onWait: (version: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  switch (view.step) {
    case "checking":
      return (
        <Group data-testid="update-checking">
          <Loader size="sm" />
          <Text>{t("updates.checking")}</Text>
        </Group>
      );
    case "checked":
      return <CheckResult check={view.check} onInstall={(version) => onInstall(version, false)} onCheck={onCheck} onClose={onClose} />;
    case "campaignsSending":
      return (
        <Stack data-testid="update-campaigns-sending">
          <Alert color="yellow" icon={<IconPlayerPause size={18} />}>
            {t("updates.campaignsSending", { count: view.count, version: view.version })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("updates.later")}
            </Button>
            <Button variant="light" onClick={() => onWait(view.version)} data-testid="update-wait">
              {t("updates.waitForCampaigns")}
            </Button>
            <Button color="orange" onClick={() => onInstall(view.version, true)} data-testid="update-pause-install">
              {t("updates.pauseAndInstall")}
            </Button>
          </Group>
        </Stack>
      );
    case "waiting":
      return <WaitForCampaigns version={view.version} onReady={() => onInstall(view.version, false)} onClose={onClose} />;
    case "installing":
      return <InstallProgress progress={view.progress} version={view.version} />;
    case "installed":
      return (
        <Stack data-testid="update-installed">
          <Alert color="green" icon={<IconCircleCheck size={18} />}>
            {t("updates.installed", { version: view.version })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("updates.relaunchLater")}
            </Button>
            <Button onClick={() => void updatesApi.relaunch()} data-testid="update-relaunch">
              {t("updates.relaunch")}
            </Button>
          </Group>
        </Stack>
      );
    case "failed":
      return (
        <Stack data-testid="update-failed">
          <ErrorAlert error={view.error} title={t("updates.failedTitle")} />
          <Text size="sm" c="dimmed">
            {t("updates.keepsWorking")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.close")}
            </Button>
            <Button variant="light" onClick={onCheck} data-testid="update-retry">
              {t("updates.retry")}
            </Button>
          </Group>
        </Stack>
      );
  }
}

function CheckResult({
  check,
  onInstall,
  onCheck,
  onClose,
}: {
  check: UpdateCheck;
  onInstall: (version: string) => void;
  onCheck: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  switch (check.state) {
    case "available":
      return (
        <Stack data-testid="update-available">
          <Text fw={600} data-testid="update-version">
            {t("updates.available", { version: check.version, current: check.currentVersion })}
          </Text>
          {check.pubDate && (
            <Text size="sm" c="dimmed">
              {t("updates.published", { date: new Date(check.pubDate).toLocaleDateString(i18n.language) })}
            </Text>
          )}
          <Text size="sm" fw={500}>
            {t("updates.notes")}
          </Text>
          <ScrollArea.Autosize mah={220} type="auto">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="update-notes">
              {check.notes ?? t("updates.noNotes")}
            </Text>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("updates.later")}
            </Button>
            <Button leftSection={<IconDownload size={16} />} onClick={() => onInstall(check.version)} data-testid="update-install">
              {t("updates.install")}
            </Button>
          </Group>
        </Stack>
      );
    case "upToDate":
    case "skipped":
      return (
        <Stack data-testid="update-up-to-date">
          <Alert color="green" icon={<IconCircleCheck size={18} />}>
            {t("updates.upToDate", { version: check.state === "upToDate" ? check.currentVersion : "" })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onCheck}>
              {t("updates.checkAgain")}
            </Button>
            <Button onClick={onClose}>{t("common.close")}</Button>
          </Group>
        </Stack>
      );
    case "manual":
      return (
        <Stack data-testid="update-manual">
          <RouteAdvice route={check.route} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t("common.close")}</Button>
          </Group>
        </Stack>
      );
  }
}

/** How to update a copy that cannot update itself. */
export function RouteAdvice({ route }: { route: UpdateRoute }) {
  const { t } = useTranslation();
  switch (route.how) {
    case "selfUpdate":
      return <Text size="sm">{t("updates.route.selfUpdate", { target: route.feedTarget })}</Text>;
    case "flatpak":
      return (
        <Stack gap={4}>
          <Text size="sm">{t("updates.route.flatpak")}</Text>
          <Code>flatpak update {route.appId}</Code>
        </Stack>
      );
    case "snap":
      return (
        <Stack gap={4}>
          <Text size="sm">{t("updates.route.snap")}</Text>
          <Code>snap refresh {route.name}</Code>
        </Stack>
      );
    case "packageManager":
      return <Text size="sm">{t("updates.route.packageManager", { name: route.name })}</Text>;
    case "download":
      return (
        <Stack gap={4} align="flex-start">
          <Text size="sm">{t("updates.route.download")}</Text>
          <Button variant="light" size="xs" onClick={() => void aboutApi.openLink("homepage")}>
            {t("updates.openWebsite")}
          </Button>
        </Stack>
      );
  }
}

function InstallProgress({ progress, version }: { progress: UpdateProgress | null; version: string }) {
  const { t } = useTranslation();
  const stage = progress?.stage ?? "downloading";
  const downloading = progress?.stage === "downloading" ? progress : null;
  const percent = downloading?.total ? Math.min(100, (downloading.downloaded / downloading.total) * 100) : null;
  return (
    <Stack data-testid="update-installing" data-stage={stage}>
      <Text>{t(`updates.stage.${stage}`, { version })}</Text>
      {stage === "downloading" ? (
        <Progress value={percent ?? 100} animated={percent === null} striped={percent === null} aria-label={t("updates.stage.downloading", { version })} data-testid="update-progress" />
      ) : (
        <Progress value={100} animated striped />
      )}
      {downloading && (
        <Text size="xs" c="dimmed">
          {downloading.total
            ? t("updates.bytes", { done: (downloading.downloaded / MB).toFixed(1), total: (downloading.total / MB).toFixed(1) })
            : t("updates.bytesUnknown", { done: (downloading.downloaded / MB).toFixed(1) })}
        </Text>
      )}
      {stage === "installing" && (
        <Text size="xs" c="dimmed">
          {t("updates.mayAskPassword")}
        </Text>
      )}
    </Stack>
  );
}

/** Waits until no campaign is sending, then installs. */
function WaitForCampaigns({ version, onReady, onClose }: { version: string; onReady: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const ready = useRef(onReady);
  useEffect(() => {
    ready.current = onReady;
  }, [onReady]);
  useEffect(() => {
    let done = false;
    const look = async () => {
      if (done) return;
      try {
        const status = await updatesApi.status();
        if (!done && status.campaignsSending.length === 0) {
          done = true;
          ready.current();
        }
      } catch {
        // keep waiting; the next campaign event or tick looks again
      }
    };
    let stop: (() => void) | null = null;
    void onAppEvent((event) => {
      if (event.kind === "campaignState") void look();
    }).then((unlisten) => {
      if (done) unlisten();
      else stop = unlisten;
    });
    const timer = setInterval(() => void look(), 15_000);
    void look();
    return () => {
      done = true;
      clearInterval(timer);
      stop?.();
    };
  }, []);
  return (
    <Stack data-testid="update-waiting">
      <Group>
        <Loader size="sm" />
        <Text>{t("updates.waiting", { version })}</Text>
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t("updates.later")}
        </Button>
      </Group>
    </Stack>
  );
}
