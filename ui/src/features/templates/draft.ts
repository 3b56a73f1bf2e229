// The editor's draft: what the user changed, compared with what was last saved.
import type { MediaFile, MediaKind, TemplateDraft, TemplateView } from "../../ipc";

export interface MediaState {
  path: string;
  fileName: string;
  mime: string;
  sizeBytes: number;
  /** How it is sent; starts as what the file's type suggests. */
  kind: MediaKind;
  caption: string;
}

export interface Draft {
  name: string;
  body: string;
  media: MediaState | null;
}

export const MEDIA_KINDS: MediaKind[] = ["image", "video", "audio", "document"];

export function draftOf(template: TemplateView | null): Draft {
  const media = template?.media;
  return {
    name: template?.name ?? "",
    body: template?.body ?? "",
    media: media
      ? { path: media.path, fileName: media.fileName, mime: media.mime, sizeBytes: media.sizeBytes, kind: media.kind, caption: media.caption ?? "" }
      : null,
  };
}

/** A freshly picked file, keeping the caption already written. */
export function mediaOf(file: MediaFile, previous: MediaState | null): MediaState {
  return { path: file.path, fileName: file.fileName, mime: file.mime, sizeBytes: file.sizeBytes, kind: file.kind, caption: previous?.caption ?? "" };
}

/** WhatsApp shows no caption under a voice or audio message. */
export const takesCaption = (kind: MediaKind) => kind !== "audio";

export function toTemplateDraft(draft: Draft): TemplateDraft {
  const media = draft.media;
  return {
    name: draft.name.trim(),
    body: draft.body,
    media: media
      ? { path: media.path, kind: media.kind, caption: takesCaption(media.kind) && media.caption.trim() ? media.caption : null }
      : null,
  };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(toTemplateDraft(a)) === JSON.stringify(toTemplateDraft(b));
}

/** "245 KB", "1,5 MB" in the UI's language. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}
