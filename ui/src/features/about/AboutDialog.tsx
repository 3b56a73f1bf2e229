import { Accordion, Anchor, Badge, Button, Group, Loader, Modal, ScrollArea, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconFolderOpen, IconRefresh } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { FolderKind } from "../../ipc";
import { aboutApi, appApi } from "../../ipc";
import { RouteAdvice } from "../updates/UpdateDialog";
import licences from "./licences.json";

type Component = { name: string; version: string; licence: string; kind: "rust" | "npm" };

const COMPONENTS: Component[] = [
  ...licences.rust.map(([name = "", version = "", licence = ""]) => ({ name, version, licence, kind: "rust" as const })),
  ...licences.npm.map(([name = "", version = "", licence = ""]) => ({ name, version, licence, kind: "npm" as const })),
];

/** Version, build, links, how this copy updates, where its files are, and licences. */
export function AboutDialog({ onClose, onCheckUpdates }: { onClose: () => void; onCheckUpdates: () => void }) {
  const { t } = useTranslation();
  const about = useQuery({ queryKey: ["about"], queryFn: aboutApi.get });
  return (
    <Modal opened onClose={onClose} title={t("about.title")} size="lg" data-testid="about-dialog">
      {about.isPending && <Loader size="sm" />}
      {about.isError && <ErrorAlert error={about.error} />}
      {about.data && (
        <Stack gap="md">
          <Group gap="xs">
            <img src="/logo.png" alt="" width={40} height={40} />
            <Stack gap={0}>
              <Text fw={700}>{t("app.title")}</Text>
              <Text size="sm" c="dimmed" data-testid="about-version">
                {t("about.version", { version: about.data.version, build: about.data.build })}
              </Text>
            </Stack>
            <Badge variant="light" ml="auto">
              {t(`about.install.${about.data.install}`)}
            </Badge>
          </Group>
          <Stack gap={4}>
            <RouteAdvice route={about.data.route} />
            {about.data.route.how === "selfUpdate" && (
              <Button variant="subtle" size="compact-sm" w="fit-content" leftSection={<IconRefresh size={14} />} onClick={onCheckUpdates}>
                {t("updates.checkNow")}
              </Button>
            )}
          </Stack>
          <Group gap="md">
            <Anchor size="sm" component="button" onClick={() => void aboutApi.openLink("homepage")}>
              {about.data.homepage}
            </Anchor>
            <Anchor size="sm" component="button" onClick={() => void aboutApi.openLink("help")}>
              {t("about.help")}
            </Anchor>
          </Group>
          <Table variant="vertical" withTableBorder layout="fixed" fz="sm">
            <Table.Tbody>
              <FolderRow label={t("about.dataDir")} path={about.data.dataDir} folder="data" />
              <FolderRow label={t("about.logDir")} path={about.data.logDir} folder="logs" />
            </Table.Tbody>
          </Table>
          <Licences />
          <Text size="xs" c="dimmed">
            {t("about.copyright")}
          </Text>
        </Stack>
      )}
    </Modal>
  );
}

function FolderRow({ label, path, folder }: { label: string; path: string; folder: FolderKind }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Th w={130}>{label}</Table.Th>
      <Table.Td>
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text size="xs" style={{ wordBreak: "break-all" }}>
            {path}
          </Text>
          <Button
            size="compact-xs"
            variant="default"
            leftSection={<IconFolderOpen size={14} />}
            onClick={() => void appApi.openFolder(folder)}
            data-testid={`about-open-${folder}`}
          >
            {t("about.openFolder")}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function Licences() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? COMPONENTS.filter((c) => c.name.toLowerCase().includes(f) || c.licence.toLowerCase().includes(f)) : COMPONENTS;
  }, [filter]);
  return (
    <Accordion variant="contained">
      <Accordion.Item value="licences">
        <Accordion.Control data-testid="about-licences">{t("about.licences", { count: COMPONENTS.length })}</Accordion.Control>
        <Accordion.Panel>
          <TextInput size="xs" mb="xs" placeholder={t("about.filter")} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
          <ScrollArea h={220} type="auto">
            <Table fz="xs" striped>
              <Table.Tbody>
                {shown.map((c) => (
                  <Table.Tr key={`${c.kind}:${c.name}@${c.version}`}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{c.version}</Table.Td>
                    <Table.Td>{c.licence}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
