import { ActionIcon, Button, Group, Menu, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconHelpCircle, IconInfoCircle, IconRefresh } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { UpdateCheck } from "../../ipc";
import { updatesApi } from "../../ipc";
import { AboutDialog } from "../about/AboutDialog";
import { UpdateDialog } from "./UpdateDialog";
import { useAutomaticCheck } from "./useAutomaticCheck";

const NOTICE_ID = "update-available";

/** The header's help menu: "Check for updates", "About", and the automatic check's notice. */
export function UpdateCenter() {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<{ found: UpdateCheck | null } | null>(null);
  const [about, setAbout] = useState(false);

  const onFound = useCallback(
    (check: Extract<UpdateCheck, { state: "available" }>) => {
      notifications.show({
        id: NOTICE_ID,
        color: "teal",
        icon: <IconDownload size={16} />,
        title: t("updates.notice", { version: check.version }),
        autoClose: 20_000,
        message: (
          <Group justify="space-between" gap="xs" data-testid="update-notice">
            <Text size="sm">{t("updates.noticeText")}</Text>
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => {
                notifications.hide(NOTICE_ID);
                setDialog({ found: check });
              }}
            >
              {t("updates.see")}
            </Button>
          </Group>
        ),
      });
    },
    [t],
  );
  useAutomaticCheck(onFound);

  // The tray's "Check for updates".
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    void updatesApi
      .onCheckRequested(() => setDialog((open) => open ?? { found: null }))
      .then((unlisten) => {
        if (gone) unlisten();
        else stop = unlisten;
      });
    return () => {
      gone = true;
      stop?.();
    };
  }, []);

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label={t("updates.help")}>
            <ActionIcon variant="subtle" size="lg" aria-label={t("updates.help")} data-testid="help-menu">
              <IconHelpCircle size={20} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconRefresh size={16} />} onClick={() => setDialog({ found: null })} data-testid="menu-check-updates">
            {t("updates.checkNow")}
          </Menu.Item>
          <Menu.Item leftSection={<IconInfoCircle size={16} />} onClick={() => setAbout(true)} data-testid="menu-about">
            {t("about.open")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog && <UpdateDialog found={dialog.found} onClose={() => setDialog(null)} />}
      {about && <AboutDialog onClose={() => setAbout(false)} onCheckUpdates={() => { setAbout(false); setDialog({ found: null }); }} />}
    </>
  );
}
