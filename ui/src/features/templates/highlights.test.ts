import { describe, expect, it } from "vitest";
import { splitHighlights } from "./highlights";

/** UTF-16 range of `part` in `text`, as the backend reports it. */
function rangeOf(text: string, part: string) {
  const start = text.indexOf(part);
  return { start, end: start + part.length };
}

describe("highlight runs", () => {
  it("cuts the text at a problem's UTF-16 range, after emoji and accents", () => {
    const text = "Olá 👋🏽 {{nme}}, até já";
    const segments = splitHighlights(text, [{ ...rangeOf(text, "{{nme}}"), severity: "error" }]);
    expect(segments.map((s) => [s.text, s.severity])).toEqual([
      ["Olá 👋🏽 ", null],
      ["{{nme}}", "error"],
      [", até já", null],
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments[1]?.start).toBe(9);
  });

  it("handles decomposed accents (two units) like any other text", () => {
    const text = "Promoc\u0327a\u0303o {{bairro}}";
    const segments = splitHighlights(text, [{ ...rangeOf(text, "{{bairro}}"), severity: "warning" }]);
    expect(segments[1]).toEqual({ text: "{{bairro}}", start: 11, severity: "warning" });
  });

  it("lets an error win where it overlaps a warning", () => {
    const text = "{Oi {{nome}} tudo";
    const segments = splitHighlights(text, [
      { start: 0, end: 1, severity: "error" },
      { ...rangeOf(text, "{{nome}}"), severity: "warning" },
      { start: 0, end: text.length, severity: "warning" },
    ]);
    expect(segments.map((s) => [s.text, s.severity])).toEqual([
      ["{", "error"],
      ["Oi {{nome}} tudo", "warning"],
    ]);
  });

  it("never splits an emoji and clips ranges from an older text", () => {
    const text = "Oi 😀!";
    // 4 is inside the emoji (units 3 and 4): the run starts at 3 and ends after it.
    expect(splitHighlights(text, [{ start: 4, end: 5, severity: "error" }]).map((s) => s.text)).toEqual(["Oi ", "😀", "!"]);
    expect(splitHighlights(text, [{ start: 3, end: 4, severity: "error" }]).map((s) => s.text)).toEqual(["Oi ", "😀", "!"]);
    expect(splitHighlights(text, [{ start: 5, end: 40, severity: "error" }]).map((s) => s.text)).toEqual(["Oi 😀", "!"]);
    expect(splitHighlights(text, [{ start: 50, end: 60, severity: "error" }]).map((s) => [s.text, s.severity])).toEqual([
      ["Oi 😀", null],
      ["!", "error"],
    ]);
  });

  it("widens an empty range to the character at it", () => {
    expect(splitHighlights("ab😀", [{ start: 2, end: 2, severity: "warning" }]).map((s) => s.text)).toEqual(["ab", "😀"]);
  });

  it("gives nothing for an empty text", () => {
    expect(splitHighlights("", [{ start: 0, end: 3, severity: "error" }])).toEqual([]);
  });
});
