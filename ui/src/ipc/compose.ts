import type { CheckInput, MediaKind, PreviewInput, TemplateDraft } from "./bindings";
import { call } from "./invoke";

export const templatesApi = {
  list: () => call("templates_list", {}),
  /** Creates when `id` is null, updates otherwise. */
  save: (id: number | null, draft: TemplateDraft) => call("templates_save", { id, draft }),
  duplicate: (id: number) => call("templates_duplicate", { id }),
  remove: (id: number) => call("templates_delete", { id }),
};

export const composeApi = {
  /** Lint while typing: syntax errors, unknown fields, fields blank for some contacts. */
  check: (input: CheckInput) => call("compose_check", { input }),
  /** The message one contact of the list would get, with its spintax and fallback trace. */
  preview: (input: PreviewInput) => call("compose_preview", { input }),
  /** The native open dialog, then WhatsApp's size and type checks; `null` when closed. */
  pickMedia: (title: string, kind: MediaKind | null) => call("compose_pick_media", { title, kind }),
};
