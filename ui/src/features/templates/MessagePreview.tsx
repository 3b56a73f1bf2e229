import { ActionIcon, Avatar, Box, Button, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAddressBook, IconAlertTriangle, IconArrowsShuffle, IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ComposePreview } from "../../ipc";
import { useNavigateTo } from "../../components/navigation";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatE164 } from "../import/verdictText";
import { ChatBubble, MediaCard, useChatColors } from "./ChatBubble";
import type { MediaState } from "./draft";
import { fieldToken } from "./lintText";
import { renderWhatsApp } from "./whatsappFormat";

/** What stops the preview from showing a message, if anything. */
type Blocked = "noLists" | "noList" | "emptyList" | "errors" | "empty" | null;

/** Longest option text quoted under the bubble. */
const QUOTE_MAX = 40;

const quote = (text: string) => (text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text);

/**
 * The message one contact of the list gets, as WhatsApp shows it, with a stepper through the
 * list and, under the bubble, which spintax option each group took and which fields were blank.
 */
export function MessagePreview({
  body,
  preview,
  captionPreview,
  media,
  loading,
  error,
  hasLists,
  listChosen,
  hasErrors,
  onIndex,
}: {
  /** The text the preview was asked for (quotes of the chosen options come from it). */
  body: string;
  preview: ComposePreview | undefined;
  captionPreview: ComposePreview | undefined;
  media: MediaState | null;
  loading: boolean;
  error: unknown;
  hasLists: boolean;
  listChosen: boolean;
  hasErrors: boolean;
  onIndex: (index: number) => void;
}) {
  const { t } = useTranslation();
  const colors = useChatColors();
  const navigateTo = useNavigateTo();
  const contact = preview?.contact ?? null;
  const total = preview?.total ?? 0;
  const index = preview?.index ?? 0;
  const rendered = preview?.rendered ?? null;

  const blocked: Blocked = !hasLists
    ? "noLists"
    : !listChosen
      ? "noList"
      : preview && total === 0
        ? "emptyList"
        : hasErrors && !rendered
          ? "errors"
          : body.trim() === "" && !media
            ? "empty"
            : null;

  return (
    <Paper withBorder radius="md" style={{ overflow: "hidden" }} data-testid="preview">
      <Group justify="space-between" px="md" py={8}>
        <Title order={5}>{t("templates.preview.title")}</Title>
        {listChosen && total > 0 && (
          <Group gap={4}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t("templates.preview.previous")}
              disabled={index <= 0}
              onClick={() => onIndex(index - 1)}
              data-testid="preview-prev"
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
            <Text size="sm" data-testid="preview-position" aria-live="polite">
              {t("templates.preview.position", { index: index + 1, total })}
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t("templates.preview.next")}
              disabled={index + 1 >= total}
              onClick={() => onIndex(index + 1)}
              data-testid="preview-next"
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Group>
        )}
      </Group>
      <Group gap="sm" px="md" py={8} wrap="nowrap" style={{ background: colors.header, color: "#fff" }}>
        <Avatar size={34} radius="xl" color="white" variant="light" name={contact?.name ?? undefined} />
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate c="#fff" data-testid="preview-contact-name">
            {contact ? contact.name || t("contacts.noName") : t("templates.preview.noContact")}
          </Text>
          {contact && (
            <Text size="xs" c="rgba(255, 255, 255, 0.8)" data-testid="preview-contact-phone">
              {formatE164(contact.phone)}
            </Text>
          )}
        </div>
        {loading && <Loader size="xs" color="white" ml="auto" />}
      </Group>
      <Stack gap={8} p="md" mih={150} style={{ background: colors.chat }} data-testid="preview-chat">
        {error ? (
          <ErrorAlert error={error} />
        ) : blocked ? (
          <Stack align="center" gap="xs" py="lg" data-testid="preview-blocked" data-reason={blocked}>
            <Text size="sm" ta="center" c={colors.meta}>
              {t(`templates.preview.blocked.${blocked}`)}
            </Text>
            {blocked === "noLists" && (
              <Button size="xs" variant="white" leftSection={<IconAddressBook size={14} />} onClick={() => navigateTo("contacts")}>
                {t("templates.preview.goToContacts")}
              </Button>
            )}
          </Stack>
        ) : (
          <>
            {media && (
              <ChatBubble testId="preview-media-bubble">
                <MediaCard kind={media.kind} fileName={media.fileName} sizeBytes={media.sizeBytes} />
                {captionPreview?.rendered?.text && (
                  <Box data-testid="preview-caption">{renderWhatsApp(captionPreview.rendered.text)}</Box>
                )}
              </ChatBubble>
            )}
            {rendered && rendered.text.trim() !== "" && (
              <ChatBubble testId="preview-bubble">
                <Box data-testid="preview-text">{renderWhatsApp(rendered.text)}</Box>
              </ChatBubble>
            )}
          </>
        )}
      </Stack>
      {rendered && !blocked && <PreviewTrace body={body} preview={preview} />}
    </Paper>
  );
}

/** Which option each spintax group took, and the fields that were blank for this contact. */
function PreviewTrace({ body, preview }: { body: string; preview: ComposePreview | undefined }) {
  const { t } = useTranslation();
  const trace = preview?.rendered?.trace;
  if (!trace || (trace.choices.length === 0 && trace.fields.length === 0)) return null;
  return (
    <Stack gap={4} px="md" py="sm" data-testid="preview-trace">
      {trace.choices.map((c, i) => (
        <Group key={`c-${c.group.utf16Start}`} gap={6} wrap="nowrap" data-testid={`preview-choice-${i}`}>
          <IconArrowsShuffle size={14} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
          <Text size="xs" c="dimmed">
            {t("templates.preview.choice", {
              group: i + 1,
              option: c.option + 1,
              options: c.options,
              text: quote(body.slice(c.chosen.utf16Start, c.chosen.utf16End)),
            })}
          </Text>
        </Group>
      ))}
      {trace.fields.map((f, i) => {
        const token = fieldToken(f.field);
        if (f.outcome === "filled") {
          return (
            <Text key={`f-${f.range.utf16Start}`} size="xs" c="dimmed" data-testid={`preview-field-${i}`} data-outcome={f.outcome}>
              {t("templates.preview.filled", { token, value: quote(f.value) })}
            </Text>
          );
        }
        return (
          <Group
            key={`f-${f.range.utf16Start}`}
            gap={6}
            wrap="nowrap"
            align="flex-start"
            px={8}
            py={4}
            style={{ background: "var(--mantine-color-yellow-light)", borderRadius: "var(--mantine-radius-sm)" }}
            data-testid={`preview-field-${i}`}
            data-outcome={f.outcome}
          >
            <IconAlertTriangle size={14} color="var(--mantine-color-yellow-7)" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs">
              {f.outcome === "fallback"
                ? t("templates.preview.fallback", { token, value: quote(f.value) })
                : t("templates.preview.empty", { token })}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
