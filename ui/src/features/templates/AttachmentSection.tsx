import { Button, Group, Paper, Select, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconPaperclip, IconReplace, IconTrash } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import { type LintProblem, type MediaKind, type TextRange, composeApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { MEDIA_KINDS, type MediaState, formatBytes, mediaOf, takesCaption } from "./draft";
import { capitalize } from "./fields";
import { HighlightTextarea, type TextareaHandle } from "./HighlightTextarea";
import { LintList } from "./LintList";
import { MEDIA_ICONS } from "./mediaIcons";
import type { Change } from "./textEdits";

/** The file sent with the message: pick (native dialog), send-as kind, caption, remove. */
export function AttachmentSection({
  media,
  onChange,
  captionProblems,
  listChosen,
  captionRef,
  onCaptionFix,
  onCaptionSelect,
}: {
  media: MediaState | null;
  onChange: (media: MediaState | null) => void;
  captionProblems: LintProblem[];
  listChosen: boolean;
  captionRef: Ref<TextareaHandle>;
  onCaptionFix: (change: Change) => void;
  onCaptionSelect: (range: TextRange) => void;
}) {
  const { t, i18n } = useTranslation();
  const pick = useMutation({
    mutationFn: () => composeApi.pickMedia(t("templates.media.pickTitle"), null),
    onSuccess: (file) => {
      if (file) onChange(mediaOf(file, media));
    },
  });

  if (!media) {
    return (
      <Stack gap={6}>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconPaperclip size={16} />} onClick={() => pick.mutate()} loading={pick.isPending} data-testid="media-pick">
            {t("templates.media.attach")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("templates.media.hint")}
          </Text>
        </Group>
        {pick.isError && <ErrorAlert error={pick.error} title={t("templates.media.failed")} />}
      </Stack>
    );
  }

  const Icon = MEDIA_ICONS[media.kind];
  return (
    <Paper withBorder p="sm" radius="md" data-testid="media-card">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="center">
          <ThemeIcon variant="light" size={42} radius="md">
            <Icon size={24} />
          </ThemeIcon>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Text size="sm" fw={500} truncate data-testid="media-file-name">
              {media.fileName}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {media.mime} · {formatBytes(media.sizeBytes, i18n.language)}
            </Text>
          </div>
          <Select
            aria-label={t("templates.media.sendAs")}
            data={MEDIA_KINDS.map((k) => ({ value: k, label: capitalize(t(`mediaKinds.${k}`)) }))}
            value={media.kind}
            onChange={(kind) => kind && onChange({ ...media, kind: kind as MediaKind })}
            allowDeselect={false}
            w={140}
            size="xs"
            data-testid="media-kind"
          />
        </Group>
        {takesCaption(media.kind) && (
          <Stack gap={6}>
            <Text size="sm" fw={500} component="label" htmlFor="template-caption">
              {t("templates.media.caption")}
            </Text>
            <HighlightTextarea
              ref={captionRef}
              id="template-caption"
              value={media.caption}
              onChange={(caption) => onChange({ ...media, caption })}
              problems={captionProblems}
              minRows={2}
              placeholder={t("templates.media.captionPlaceholder", { token: "{{nome}}" })}
              describedBy="template-caption-lint"
              testId="media-caption"
            />
            <LintList
              id="template-caption-lint"
              problems={captionProblems}
              text={media.caption}
              listChosen={listChosen}
              onFix={onCaptionFix}
              onSelect={onCaptionSelect}
              testId="caption-lint"
            />
          </Stack>
        )}
        <Group gap="xs">
          <Button size="compact-sm" variant="subtle" leftSection={<IconReplace size={14} />} onClick={() => pick.mutate()} loading={pick.isPending} data-testid="media-replace">
            {t("templates.media.replace")}
          </Button>
          <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => onChange(null)} data-testid="media-remove">
            {t("templates.media.remove")}
          </Button>
        </Group>
        {pick.isError && <ErrorAlert error={pick.error} title={t("templates.media.failed")} />}
      </Stack>
    </Paper>
  );
}
