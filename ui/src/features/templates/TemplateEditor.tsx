import { Button, Grid, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconCircleCheck, IconDeviceFloppy } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type TemplateView, type TextRange, templatesApi } from "../../ipc";
import { ConfirmDialog, type ConfirmRequest } from "../../components/ConfirmDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLeaveGuard } from "../../components/navigation";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queries";
import { useContactLists } from "../contacts/useContacts";
import { AiAssistantSlot } from "./AiAssistantSlot";
import { AttachmentSection } from "./AttachmentSection";
import { type Composer, ComposerContext } from "./composer";
import { type Draft, draftOf, sameDraft, takesCaption, toTemplateDraft } from "./draft";
import { EditorToolbar, MARKERS, type Wrapper } from "./EditorToolbar";
import { BUILTIN_FIELDS, customFieldsOf } from "./fields";
import { HighlightTextarea, type TextareaHandle } from "./HighlightTextarea";
import { LintList } from "./LintList";
import { MessagePreview } from "./MessagePreview";
import { type Change, insertAt, spintaxAt, wrapSelection } from "./textEdits";
import { checkQuery, usePreview, useTemplateCheck } from "./useTemplates";

/** WhatsApp's limits: a text message and a media caption. */
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
/** Wait this long after the last keystroke before checking and previewing. */
const DEBOUNCE_MS = 150;

const codePoints = (text: string) => [...text].length;

/**
 * Writes a template: name, the list it is previewed with, the body with its toolbar and live
 * lint, the attachment, and the message as each contact of the list would get it.
 */
export function TemplateEditor({ template, onClose }: { template: TemplateView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const lists = useContactLists();
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [saved, setSaved] = useState(() => ({ id: template?.id ?? null, draft: draftOf(template) }));
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  // The preview list: the user's pick, else the first list.
  const [listChoice, setListChoice] = useState<number | null>(null);
  const listId = listChoice ?? lists.data?.[0]?.id ?? null;
  const [cursor, setCursor] = useState<{ listId: number | null; index: number }>({ listId: null, index: 0 });
  const index = cursor.listId === listId ? cursor.index : 0;

  const [body] = useDebouncedValue(draft.body, DEBOUNCE_MS);
  const liveCaption = draft.media && takesCaption(draft.media.kind) ? draft.media.caption : "";
  const [caption] = useDebouncedValue(liveCaption, DEBOUNCE_MS);
  const hasCaption = caption.trim() !== "";
  // Until the lists are known, a custom field would look unknown: wait for them.
  const listsKnown = !lists.isPending;
  const check = useTemplateCheck(body, listId, listsKnown);
  const captionCheck = useTemplateCheck(caption, listId, listsKnown && hasCaption);
  const preview = usePreview(body, saved.id, listId, index);
  const captionPreview = usePreview(caption, saved.id, listId, index, hasCaption);

  const problems = check.data?.problems ?? [];
  const captionProblems = hasCaption ? (captionCheck.data?.problems ?? []) : [];
  const hasErrors = (check.data?.hasErrors ?? false) || (hasCaption && (captionCheck.data?.hasErrors ?? false));
  const dirty = !sameDraft(draft, saved.draft);
  const customFields = customFieldsOf(preview.data?.contact, check.data);

  const bodyRef = useRef<TextareaHandle>(null);
  const captionRef = useRef<TextareaHandle>(null);

  const askToLeave = useCallback(
    (leave: () => void) => {
      setConfirm({
        title: t("templates.editor.leaveTitle"),
        body: t("templates.editor.leaveBody"),
        action: t("templates.editor.leaveAction"),
        onConfirm: leave,
      });
      return true;
    },
    [t],
  );
  useLeaveGuard(dirty ? askToLeave : null);
  const close = () => (dirty ? askToLeave(onClose) : onClose());

  const save = useMutation({
    mutationFn: async (toSave: Draft) => {
      // The shown check may be a keystroke behind: check exactly what is saved.
      const text = toSave.media && takesCaption(toSave.media.kind) ? toSave.media.caption : "";
      const [bodyCheck, captionResult] = await Promise.all([
        queryClient.fetchQuery(checkQuery(toSave.body, listId)),
        text.trim() ? queryClient.fetchQuery(checkQuery(text, listId)) : Promise.resolve(null),
      ]);
      if (bodyCheck.hasErrors || captionResult?.hasErrors) return null;
      return { view: await templatesApi.save(saved.id, toTemplateDraft(toSave)), draft: toSave };
    },
    onSuccess: (result) => {
      if (!result) {
        notifications.show({ color: "red", message: t("templates.editor.fixErrors") });
        return;
      }
      setSaved({ id: result.view.id, draft: result.draft });
      notifications.show({ color: "green", message: t("templates.editor.saved", { name: result.view.name }) });
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.templates, "list"] });
    },
  });

  const setBody = (text: string) => setDraft((d) => ({ ...d, body: text }));
  const bodyEdit = (make: (start: number, end: number) => Change) => {
    const handle = bodyRef.current;
    if (!handle) return;
    const { start, end } = handle.selection();
    handle.apply(make(start, end));
  };
  const wrap = (w: Wrapper) => bodyEdit((s, e) => wrapSelection(draft.body, s, e, MARKERS[w]));
  const selectBody = (range: TextRange) => bodyRef.current?.select(range.utf16Start, range.utf16End);
  const selectCaption = (range: TextRange) => captionRef.current?.select(range.utf16Start, range.utf16End);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const wrapper = ({ b: "bold", i: "italic" } as const)[event.key.toLowerCase() as "b" | "i"];
    if (wrapper) {
      event.preventDefault();
      wrap(wrapper);
    }
  };

  const composer: Composer = {
    name: draft.name,
    body: draft.body,
    listId,
    check: check.data ?? null,
    fields: [...BUILTIN_FIELDS, ...customFields],
    replaceBody: (text) => (bodyRef.current ? bodyRef.current.replaceAll(text) : setBody(text)),
    insertText: (text) => bodyEdit((s, e) => insertAt(s, e, text)),
  };

  const rendered = preview.data?.rendered ?? null;
  const renderedCaption = hasCaption ? (captionPreview.data?.rendered ?? null) : null;
  const variants = check.data?.variants ?? 1;

  return (
    <ComposerContext.Provider value={composer}>
      <Stack gap="md" data-testid="template-editor">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Button variant="subtle" color="gray" leftSection={<IconArrowLeft size={16} />} onClick={close} data-testid="editor-back">
              {t("templates.editor.back")}
            </Button>
            <Title order={3} style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }} data-testid="editor-title">
              {saved.id === null ? t("templates.editor.newTitle") : saved.draft.name}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {hasErrors ? (
              <Text size="xs" c="red" data-testid="save-blocked">
                {t("templates.editor.fixErrors")}
              </Text>
            ) : (
              dirty && (
                <Text size="xs" c="dimmed" data-testid="editor-dirty">
                  {t("templates.editor.unsaved")}
                </Text>
              )
            )}
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => save.mutate(draft)}
              disabled={hasErrors}
              loading={save.isPending}
              data-testid="template-save"
            >
              {t("common.save")}
            </Button>
          </Group>
        </Group>
        {save.isError && <ErrorAlert error={save.error} title={t("templates.editor.saveFailed")} />}

        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <Group grow align="flex-start">
                <TextInput
                  label={t("templates.editor.name")}
                  placeholder={t("templates.editor.namePlaceholder")}
                  required
                  value={draft.name}
                  onChange={(e) => {
                    const name = e.currentTarget.value;
                    setDraft((d) => ({ ...d, name }));
                  }}
                  data-testid="template-name"
                />
                <Select
                  label={t("templates.editor.list")}
                  placeholder={t("templates.editor.listPlaceholder")}
                  data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: `${l.name} (${format.number(l.contactCount)})` }))}
                  value={listId === null ? null : String(listId)}
                  onChange={(v) => v && setListChoice(Number(v))}
                  allowDeselect={false}
                  disabled={(lists.data ?? []).length === 0}
                  nothingFoundMessage={t("templates.editor.noLists")}
                  data-testid="template-list"
                />
              </Group>

              <Stack gap={6}>
                <Text component="label" htmlFor="template-body" size="sm" fw={500}>
                  {t("templates.editor.body")}
                </Text>
                <HighlightTextarea
                  ref={bodyRef}
                  id="template-body"
                  value={draft.body}
                  onChange={setBody}
                  problems={problems}
                  minRows={7}
                  placeholder={t("templates.editor.bodyPlaceholder")}
                  describedBy="template-body-lint"
                  onKeyDown={onKeyDown}
                  testId="template-body"
                  header={
                    <EditorToolbar
                      customFields={customFields}
                      onField={(f) => bodyEdit((s, e) => insertAt(s, e, `{{${f}}}`))}
                      onSpintax={() => bodyEdit((s, e) => spintaxAt(draft.body, s, e, t("templates.help.spintaxExample")))}
                      onWrap={wrap}
                      onEmoji={(emoji) => bodyEdit((s, e) => insertAt(s, e, emoji))}
                    />
                  }
                />
                <div id="template-body-lint">
                  {problems.length > 0 ? (
                    <LintList
                      problems={problems}
                      text={body}
                      listChosen={listId !== null}
                      // Ranges belong to the checked text: no fix while it is a keystroke behind.
                      onFix={(change) => !check.isPlaceholderData && draft.body === body && bodyRef.current?.apply(change)}
                      onSelect={selectBody}
                    />
                  ) : (
                    body.trim() !== "" &&
                    check.data && (
                      <Group gap={6} data-testid="lint-ok">
                        <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" />
                        <Text size="sm" c="dimmed">
                          {t("templates.lint.ok")}
                        </Text>
                      </Group>
                    )
                  )}
                </div>
                <Group gap="lg" data-testid="editor-counts">
                  {rendered && (
                    <Text size="xs" c={rendered.chars > TEXT_LIMIT ? "red" : "dimmed"} data-testid="count-rendered">
                      {t("templates.counts.rendered", { count: rendered.chars, formatted: format.number(rendered.chars) })}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" data-testid="count-raw">
                    {t("templates.counts.raw", { count: codePoints(draft.body), formatted: format.number(codePoints(draft.body)) })}
                  </Text>
                  <Text size="xs" c="dimmed" data-testid="count-variants">
                    {t("templates.counts.variants", { count: variants, formatted: format.number(variants) })}
                  </Text>
                </Group>
                {rendered && rendered.chars > TEXT_LIMIT && (
                  <Text size="xs" c="red">
                    {t("templates.counts.tooLong", { limit: format.number(TEXT_LIMIT) })}
                  </Text>
                )}
              </Stack>

              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  {t("templates.media.title")}
                </Text>
                <AttachmentSection
                  media={draft.media}
                  onChange={(media) => setDraft((d) => ({ ...d, media }))}
                  captionProblems={captionProblems}
                  listChosen={listId !== null}
                  captionRef={captionRef}
                  onCaptionFix={(change) => !captionCheck.isPlaceholderData && liveCaption === caption && captionRef.current?.apply(change)}
                  onCaptionSelect={selectCaption}
                />
                {renderedCaption && renderedCaption.chars > CAPTION_LIMIT && (
                  <Text size="xs" c="red">
                    {t("templates.counts.captionTooLong", { limit: format.number(CAPTION_LIMIT) })}
                  </Text>
                )}
              </Stack>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md" style={{ position: "sticky", top: 72 }}>
              <MessagePreview
                body={body}
                preview={preview.data}
                captionPreview={hasCaption ? captionPreview.data : undefined}
                media={draft.media}
                loading={preview.isFetching}
                error={preview.error}
                hasLists={(lists.data ?? []).length > 0 || lists.isPending}
                listChosen={listId !== null}
                hasErrors={check.data?.hasErrors ?? false}
                onIndex={(i) => setCursor({ listId, index: i })}
              />
              <AiAssistantSlot />
            </Stack>
          </Grid.Col>
        </Grid>
        <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      </Stack>
    </ComposerContext.Provider>
  );
}
