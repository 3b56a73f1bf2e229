import { describe, expect, it } from "vitest";
import type { TemplateView } from "../../ipc";
import { draftOf, formatBytes, sameDraft, toTemplateDraft } from "./draft";

const view: TemplateView = {
  id: 3,
  name: "Promo",
  body: "Oi {{nome}}",
  media: { kind: "image", path: "/tmp/a.jpg", fileName: "a.jpg", mime: "image/jpeg", sizeBytes: 2048, caption: null },
  variants: 1,
  fields: ["nome"],
  createdAt: "2026-01-01T10:00:00Z",
  updatedAt: "2026-01-01T10:00:00Z",
};

describe("template drafts", () => {
  it("round-trips a saved template into what save expects", () => {
    expect(toTemplateDraft(draftOf(view))).toEqual({
      name: "Promo",
      body: "Oi {{nome}}",
      media: { path: "/tmp/a.jpg", kind: "image", caption: null },
    });
  });

  it("sees only real changes", () => {
    const draft = draftOf(view);
    expect(sameDraft(draft, { ...draft, name: " Promo " })).toBe(true);
    expect(sameDraft(draft, { ...draft, body: "Oi" })).toBe(false);
    expect(sameDraft(draft, { ...draft, media: null })).toBe(false);
  });

  it("drops the caption of audio, which WhatsApp does not show", () => {
    const draft = draftOf(view);
    const media = draft.media && { ...draft.media, kind: "audio" as const, caption: "Oi" };
    expect(toTemplateDraft({ ...draft, media }).media?.caption).toBeNull();
  });

  it("formats sizes in the UI's language", () => {
    expect(formatBytes(512, "pt-BR")).toBe("512 B");
    expect(formatBytes(245_300, "pt-BR")).toBe("245 KB");
    expect(formatBytes(1_520_000, "pt-BR")).toBe("1,5 MB");
    expect(formatBytes(1_520_000, "en")).toBe("1.5 MB");
  });
});
