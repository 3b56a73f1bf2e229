import { Button, Menu, Text } from "@mantine/core";
import { IconCheck, IconPlus, IconServer, IconSettings } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProfileView } from "../../ipc";
import { useNavigateTo } from "../../components/navigation";
import { NewProfileModal } from "./NewProfileModal";
import { useProfileName, useProfiles, useSwitchProfile } from "./useProfiles";

/** The header's profile switcher: the open profile is always named here. */
export function ProfileMenu({ current }: { current: ProfileView | null }) {
  const { t } = useTranslation();
  const nameOf = useProfileName();
  const navigate = useNavigateTo();
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState(false);
  const profiles = useProfiles();
  const switchProfile = useSwitchProfile();
  return (
    <>
      <Menu
        opened={opened}
        onChange={(open) => {
          setOpened(open);
          // A server address saved since the last look shows up at once.
          if (open) void profiles.refetch();
        }}
        position="bottom-end"
        width={280}
        shadow="md"
      >
        <Menu.Target>
          <Button
            variant="light"
            color="gray"
            leftSection={<IconServer size={16} />}
            loading={switchProfile.isPending}
            aria-label={t("profiles.menuLabel")}
            data-testid="profile-menu"
            data-profile={current?.id ?? ""}
          >
            {nameOf(current)}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t("profiles.switchTo")}</Menu.Label>
          {(profiles.data ?? []).map((p) => (
            <Menu.Item
              key={p.id}
              data-testid={`profile-item-${p.id}`}
              leftSection={p.id === current?.id ? <IconCheck size={16} /> : <span style={{ width: 16 }} />}
              disabled={p.id === current?.id}
              onClick={() => switchProfile.mutate(p.id, { onSuccess: () => navigate("instances") })}
            >
              <Text size="sm">{nameOf(p)}</Text>
              <Text size="xs" c="dimmed" truncate>
                {p.evolutionUrl ?? t("profiles.noServer")}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} data-testid="profile-new" onClick={() => setCreating(true)}>
            {t("profiles.new")}
          </Menu.Item>
          <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => navigate("settings")}>
            {t("profiles.manage")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <NewProfileModal opened={creating} onClose={() => setCreating(false)} onOpened={() => navigate("settings")} />
    </>
  );
}
