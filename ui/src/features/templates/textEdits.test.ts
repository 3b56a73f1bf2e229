import { describe, expect, it } from "vitest";
import type { LintKind, LintProblem } from "../../ipc";
import { applyChange, fixFor, insertAt, renameField, spintaxAt, wrapSelection } from "./textEdits";

function problem(text: string, part: string, kind: LintKind, extra: Partial<LintProblem> = {}): LintProblem {
  const start = text.indexOf(part);
  return {
    kind,
    severity: "error",
    range: { byteStart: 0, byteEnd: 0, utf16Start: start, utf16End: start + part.length },
    field: null,
    suggestion: null,
    contacts: null,
    ...extra,
  };
}

/** Applies a change and marks the selection after it with [ and ]. */
function after(text: string, change: ReturnType<typeof insertAt> | null): string {
  if (!change) return "(no change)";
  const next = applyChange(text, change);
  return `${next.slice(0, change.selectionStart)}[${next.slice(change.selectionStart, change.selectionEnd)}]${next.slice(change.selectionEnd)}`;
}

describe("editor edits", () => {
  it("inserts at the caret or over the selection, after emoji", () => {
    const text = "Oi 😀 !";
    expect(after(text, insertAt(6, 6, "{{nome}}"))).toBe("Oi 😀 {{nome}}[]!");
    expect(after("Oi XX!", insertAt(3, 5, "🎉"))).toBe("Oi 🎉[]!");
  });

  it("wraps the selection in WhatsApp markers, leaving edge spaces outside", () => {
    expect(after("temos ofertas hoje", wrapSelection("temos ofertas hoje", 5, 14, "*"))).toBe("temos *[ofertas]* hoje");
    expect(after("ação", wrapSelection("ação", 0, 4, "```"))).toBe("```[ação]```");
    expect(after("oi ", wrapSelection("oi ", 3, 3, "_"))).toBe("oi _[]_");
  });

  it("unwraps text that already has the markers", () => {
    expect(after("a *b* c", wrapSelection("a *b* c", 3, 4, "*"))).toBe("a [b] c");
    expect(after("a *b* c", wrapSelection("a *b* c", 2, 5, "*"))).toBe("a [b] c");
  });

  it("turns the selection into a spintax group or inserts a sample", () => {
    expect(after("Olá Ana", spintaxAt("Olá Ana", 0, 3, "{Olá|Oi}"))).toBe("{Olá|[]} Ana");
    expect(after("Ana", spintaxAt("Ana", 0, 0, "{Olá|Oi}"))).toBe("{Olá|Oi}[]Ana");
  });

  it("renames a field, keeping its fallback and spacing", () => {
    expect(renameField("{{nme}}", "nome")).toBe("{{nome}}");
    expect(renameField("{{ nme | cliente }}", "nome")).toBe("{{ nome | cliente }}");
  });

  it("applies a lint problem's fix", () => {
    const text = "Olá 👋 {{nme|cliente}}, do {nome} e {{bairro}} {{cidade}";
    expect(after(text, fixFor(text, problem(text, "{{nme|cliente}}", "unknownField", { suggestion: "nome" })))).toBe(
      "Olá 👋 {{nome|cliente}}[], do {nome} e {{bairro}} {{cidade}",
    );
    expect(fixFor(text, problem(text, "{{nme|cliente}}", "unknownField"))).toBeNull();
    expect(after(text, fixFor(text, problem(text, "{nome}", "looksLikeField", { field: "nome" })))).toBe(
      "Olá 👋 {{nme|cliente}}, do {{nome}}[] e {{bairro}} {{cidade}",
    );
    expect(after(text, fixFor(text, problem(text, "{{bairro}}", "blankWithoutFallback")))).toBe(
      "Olá 👋 {{nme|cliente}}, do {nome} e {{bairro|[]}} {{cidade}",
    );
    expect(after(text, fixFor(text, problem(text, "{{cidade}", "unclosedField")))).toBe(
      "Olá 👋 {{nme|cliente}}, do {nome} e {{bairro}} {{cidade}}[]",
    );
    expect(fixFor("Oi {{nome tudo bem", problem("Oi {{nome tudo bem", "{{nome tudo bem", "unclosedField"))).toBeNull();
    expect(fixFor(text, problem(text, "{nome}", "emptyBraces"))).toBeNull();
  });

  it("refuses a fix whose range is not in the text any more", () => {
    const stale = problem("a much longer text {{nme}}", "{{nme}}", "unknownField", { suggestion: "nome" });
    expect(fixFor("short", stale)).toBeNull();
  });
});
