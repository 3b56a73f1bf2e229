import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy, IconRefresh, IconStethoscope } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { FindingLevel, ServerFinding, ServerSetting } from "../../ipc";

const COLOR: Record<FindingLevel, string> = { failure: "red", warning: "orange", info: "blue" };

/** The `.env` line to copy; a variable to remove is copied as a comment. */
export function envLine(setting: ServerSetting): string {
  return setting.value === null ? `# ${setting.variable}` : `${setting.variable}=${setting.value}`;
}

interface Props {
  findings: ServerFinding[];
  /** Restart the instance and wait for a QR again. */
  onRetry?: () => void;
  retrying?: boolean;
}

/**
 * "Server doctor": what the server did wrong and what to check on it, with the server
 * variables as copyable `.env` lines. Texts come from the finding ids (i18n `doctor.*`).
 */
export function ServerDoctorPanel({ findings, onRetry, retrying }: Props) {
  const { t } = useTranslation();
  if (findings.length === 0) return null;
  const worst: FindingLevel = findings.some((f) => f.level === "failure") ? "failure" : findings.some((f) => f.level === "warning") ? "warning" : "info";
  const allLines = [...new Set(findings.flatMap((f) => f.settings.map(envLine)))].join("\n");
  return (
    <Alert color={COLOR[worst]} variant="light" icon={<IconStethoscope size={20} />} title={t("doctor.title")} data-testid="server-doctor">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("doctor.intro")}
        </Text>
        {findings.map((finding, index) => (
          <FindingBlock key={`${finding.id}-${finding.instance ?? ""}-${index}`} finding={finding} />
        ))}
        <Group gap="sm">
          {onRetry && (
            <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={onRetry} loading={retrying} data-testid="server-doctor-retry">
              {t("doctor.retry")}
            </Button>
          )}
          {allLines && (
            <CopyButton value={allLines}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy} data-testid="server-doctor-copy-all">
                  {copied ? t("doctor.copied") : t("doctor.copyAll")}
                </Button>
              )}
            </CopyButton>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

function FindingBlock({ finding }: { finding: ServerFinding }) {
  const { t } = useTranslation();
  const params = finding.params as Record<string, string>;
  return (
    <Stack gap={6} data-testid={`doctor-finding-${finding.id}`} data-level={finding.level}>
      <Group gap="xs">
        <Badge size="xs" color={COLOR[finding.level]} variant="filled">
          {t(`doctor.levels.${finding.level}`)}
        </Badge>
        <Title order={5}>{t(`doctor.findings.${finding.id}.title`, params)}</Title>
      </Group>
      <Text size="sm">{t(`doctor.findings.${finding.id}.body`, params)}</Text>
      {finding.settings.length > 0 && (
        <Stack gap={6}>
          <Text size="xs" fw={600} tt="uppercase" c="dimmed">
            {t("doctor.checkOnServer")}
          </Text>
          {finding.settings.map((setting) => (
            <SettingLine key={setting.variable} setting={setting} params={params} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function SettingLine({ setting, params }: { setting: ServerSetting; params: Record<string, string> }) {
  const { t } = useTranslation();
  const line = envLine(setting);
  return (
    <Paper withBorder p="xs" radius="sm" data-testid={`doctor-setting-${setting.variable}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap="xs">
          <Code fz="sm" data-testid="doctor-env-line">
            {setting.value === null ? setting.variable : line}
          </Code>
          {setting.value === null && (
            <Text size="xs" c="dimmed">
              ({t("doctor.remove")})
            </Text>
          )}
        </Group>
        <CopyButton value={line}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("doctor.copied") : t("doctor.copy")} withArrow>
              <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} onClick={copy} aria-label={`${t("doctor.copy")} ${setting.variable}`}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t(`doctor.notes.${setting.note}`, params)}
      </Text>
    </Paper>
  );
}
