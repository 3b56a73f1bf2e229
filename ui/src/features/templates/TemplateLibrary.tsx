import { ActionIcon, Badge, Button, Group, Loader, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowsShuffle, IconCopy, IconMessage2, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type TemplateView, templatesApi } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";
import { capitalize } from "./fields";
import { MEDIA_ICONS } from "./mediaIcons";
import { SyntaxHelp } from "./SyntaxHelp";
import { useTemplates } from "./useTemplates";

/** The first line with text, for the library's summary. */
export function firstLine(body: string): string {
  return body.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
}

/** Every saved template: open, duplicate, delete; an explanation when there is none yet. */
export function TemplateLibrary({ onOpen, onNew }: { onOpen: (template: TemplateView) => void; onNew: () => void }) {
  const { t } = useTranslation();
  const templates = useTemplates();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...queryKeys.templates, "list"] });
  const duplicate = useMutation({
    mutationFn: templatesApi.duplicate,
    onSuccess: (copy) => {
      notifications.show({ color: "green", message: t("templates.library.duplicated", { name: copy.name }) });
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (template: TemplateView) => templatesApi.remove(template.id),
    onSuccess: (_, template) => {
      notifications.show({ color: "green", message: t("templates.library.deleted", { name: template.name }) });
      void refresh();
    },
  });

  if (templates.isPending) return <Loader />;
  if (templates.isError) return <ErrorAlert error={templates.error} />;
  if (templates.data.length === 0) return <EmptyLibrary onNew={onNew} />;

  return (
    <Stack gap="sm" data-testid="template-library">
      {(duplicate.isError || remove.isError) && <ErrorAlert error={duplicate.error ?? remove.error} />}
      {templates.data.map((template) => (
        <TemplateRow
          key={template.id}
          template={template}
          onOpen={() => onOpen(template)}
          onDuplicate={() => duplicate.mutate(template.id)}
          onDelete={() =>
            setConfirm({
              title: t("templates.library.deleteTitle"),
              body: t("templates.library.deleteBody", { name: template.name }),
              action: t("common.delete"),
              onConfirm: () => remove.mutate(template),
            })
          }
        />
      ))}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Stack>
  );
}

function TemplateRow({
  template,
  onOpen,
  onDuplicate,
  onDelete,
}: {
  template: TemplateView;
  onOpen: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const MediaIcon = template.media ? MEDIA_ICONS[template.media.kind] : null;
  const summary = firstLine(template.body);
  return (
    <Paper withBorder radius="md" p="md" data-testid={`template-row-${template.id}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 0, cursor: "pointer" }} onClick={onOpen}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} truncate data-testid={`template-name-${template.id}`}>
              {template.name}
            </Text>
            {template.media && MediaIcon && (
              <Badge size="sm" variant="light" color="blue" tt="none" leftSection={<MediaIcon size={12} />} style={{ flexShrink: 0 }}>
                {capitalize(t(`mediaKinds.${template.media.kind}`))}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" truncate data-testid={`template-summary-${template.id}`}>
            {summary || t("templates.library.noText")}
          </Text>
          <Group gap={6}>
            {template.variants > 1 && (
              <Badge size="sm" variant="light" color="grape" tt="none" leftSection={<IconArrowsShuffle size={12} />}>
                {t("templates.counts.variants", { count: template.variants, formatted: format.number(template.variants) })}
              </Badge>
            )}
            {template.fields.map((f) => (
              <Badge key={f} size="sm" variant="outline" color="gray" tt="none" ff="monospace">
                {`{{${f}}}`}
              </Badge>
            ))}
            <Text size="xs" c="dimmed" ml={4}>
              {t("templates.library.updated", { when: format.dateTime(template.updatedAt) })}
            </Text>
          </Group>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-sm" variant="light" leftSection={<IconPencil size={14} />} onClick={onOpen} data-testid={`template-edit-${template.id}`}>
            {t("templates.library.edit")}
          </Button>
          <Tooltip label={t("templates.library.duplicate")} withinPortal>
            <ActionIcon variant="subtle" color="gray" aria-label={t("templates.library.duplicate")} onClick={onDuplicate} data-testid={`template-duplicate-${template.id}`}>
              <IconCopy size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t("common.delete")} withinPortal>
            <ActionIcon variant="subtle" color="red" aria-label={t("common.delete")} onClick={onDelete} data-testid={`template-delete-${template.id}`}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Paper>
  );
}

function EmptyLibrary({ onNew }: { onNew: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="xl" data-testid="templates-empty">
      <Stack align="center" gap="md" maw={640} mx="auto">
        <ThemeIcon size={56} radius="xl" variant="light">
          <IconMessage2 size={30} />
        </ThemeIcon>
        <Title order={4}>{t("templates.library.emptyTitle")}</Title>
        <Text size="sm" c="dimmed" ta="center">
          {t("templates.library.emptyBody")}
        </Text>
        <SyntaxHelp />
        <Button leftSection={<IconPlus size={16} />} onClick={onNew} data-testid="templates-create-first">
          {t("templates.library.createFirst")}
        </Button>
      </Stack>
    </Paper>
  );
}
