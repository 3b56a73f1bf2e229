// Splits the editor's text into runs for the highlight layer drawn behind the textarea. The
// backend gives problem ranges in UTF-16 units, JavaScript's own string indexes.
import type { LintProblem, Severity } from "../../ipc";

export interface Highlight {
  start: number;
  end: number;
  severity: Severity;
}

export interface Segment {
  text: string;
  /** UTF-16 offset of the run in the text. */
  start: number;
  /** The most serious problem covering the run, or null. */
  severity: Severity | null;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Moves an offset that falls inside a surrogate pair (half an emoji) to the pair's start. */
function snap(text: string, at: number): number {
  const clamped = Math.max(0, Math.min(at, text.length));
  if (clamped > 0 && clamped < text.length && isLow(text.charCodeAt(clamped)) && isHigh(text.charCodeAt(clamped - 1))) {
    return clamped - 1;
  }
  return clamped;
}

/** The length in UTF-16 units of the code point at `at`. */
function codePointLength(text: string, at: number): number {
  return (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
}

export function highlightsOf(problems: LintProblem[]): Highlight[] {
  return problems.map((p) => ({ start: p.range.utf16Start, end: p.range.utf16End, severity: p.severity }));
}

/**
 * The text cut at every highlight edge. Ranges past the end (a check of an older text) are
 * clipped, empty ones widened to one character so they stay visible, and no edge splits an
 * emoji. Where ranges overlap the error wins over the warning.
 */
export function splitHighlights(text: string, highlights: Highlight[]): Segment[] {
  const ranges = highlights
    .map((h) => {
      let start = snap(text, h.start);
      let end = snap(text, h.end);
      if (end < start) [start, end] = [end, start];
      if (end === start) {
        if (start < text.length) end = start + codePointLength(text, start);
        else if (start > 0) start = snap(text, start - 1);
      }
      if (end > start && end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end += 1;
      return { start, end, severity: h.severity };
    })
    .filter((r) => r.end > r.start);

  const edges = new Set<number>([0, text.length]);
  for (const r of ranges) {
    edges.add(r.start);
    edges.add(r.end);
  }
  const cuts = [...edges].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    const covering = ranges.filter((r) => r.start <= start && r.end >= end);
    const severity: Severity | null = covering.some((r) => r.severity === "error")
      ? "error"
      : covering.length > 0
        ? "warning"
        : null;
    const previous = segments[segments.length - 1];
    if (previous && previous.severity === severity) previous.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), start, severity });
  }
  return segments;
}
