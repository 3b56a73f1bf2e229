// Edits the toolbar and the lint fixes make to the message: pure, so the textarea can apply
// them in a way the browser's undo remembers, and tests can check them without a DOM.
import type { LintProblem } from "../../ipc";

/** Replace `start..end` (UTF-16) with `insert`, then select `selectionStart..selectionEnd`. */
export interface Change {
  start: number;
  end: number;
  insert: string;
  /** In the text after the change. */
  selectionStart: number;
  selectionEnd: number;
}

export function applyChange(text: string, change: Change): string {
  return text.slice(0, change.start) + change.insert + text.slice(change.end);
}

/** Types `insert` over the selection, the caret after it. */
export function insertAt(start: number, end: number, insert: string): Change {
  const caret = start + insert.length;
  return { start, end, insert, selectionStart: caret, selectionEnd: caret };
}

/**
 * Puts WhatsApp markers around the selection (`*` bold, `_` italic, `~` strike, "```" mono).
 * Spaces at the selection's edges stay outside, as WhatsApp needs; an already wrapped selection
 * is unwrapped; with nothing selected the pair is typed with the caret inside.
 */
export function wrapSelection(text: string, start: number, end: number, marker: string): Change {
  let from = Math.min(start, end);
  let to = Math.max(start, end);
  while (from < to && /\s/u.test(text[from] as string)) from++;
  while (to > from && /\s/u.test(text[to - 1] as string)) to--;
  const m = marker.length;
  if (from === to) {
    const caret = Math.min(start, end) + m;
    return { start: Math.min(start, end), end: Math.min(start, end), insert: marker + marker, selectionStart: caret, selectionEnd: caret };
  }
  const inner = text.slice(from, to);
  if (text.slice(from - m, from) === marker && text.slice(to, to + m) === marker) {
    return { start: from - m, end: to + m, insert: inner, selectionStart: from - m, selectionEnd: to - m };
  }
  if (inner.length > 2 * m && inner.startsWith(marker) && inner.endsWith(marker)) {
    const unwrapped = inner.slice(m, inner.length - m);
    return { start: from, end: to, insert: unwrapped, selectionStart: from, selectionEnd: from + unwrapped.length };
  }
  return { start: from, end: to, insert: marker + inner + marker, selectionStart: from + m, selectionEnd: to + m };
}

/**
 * A spintax group: around the selection as its first option (the caret where the next one
 * goes), or `sample` (e.g. "{Olá|Oi|Bom dia}") with nothing selected.
 */
export function spintaxAt(text: string, start: number, end: number, sample: string): Change {
  const from = Math.min(start, end);
  const to = Math.max(start, end);
  const selected = text.slice(from, to);
  if (selected.trim() === "" || selected.includes("\n")) return insertAt(from, to, sample);
  const insert = `{${selected}|}`;
  const caret = from + insert.length - 1;
  return { start: from, end: to, insert, selectionStart: caret, selectionEnd: caret };
}

/** `{{nme|cliente}}` with its name replaced: `{{nome|cliente}}`. */
export function renameField(written: string, name: string): string {
  return written.replace(/^\{\{(\s*)([^|}]*?)(\s*)(?=\||\}|$)/u, (_m, before: string, _old: string, after: string) => `{{${before}${name}${after}`);
}

/** The one-click fix for a problem, when there is one. */
export function fixFor(text: string, problem: LintProblem): Change | null {
  const { utf16Start: start, utf16End: end } = problem.range;
  if (end > text.length || start > end) return null;
  const written = text.slice(start, end);
  switch (problem.kind) {
    case "unknownField": {
      if (!problem.suggestion || !written.startsWith("{{")) return null;
      const insert = renameField(written, problem.suggestion);
      return { start, end, insert, selectionStart: start + insert.length, selectionEnd: start + insert.length };
    }
    case "looksLikeField": {
      if (!problem.field) return null;
      const insert = `{{${problem.field}}}`;
      return { start, end, insert, selectionStart: start + insert.length, selectionEnd: start + insert.length };
    }
    case "blankWithoutFallback": {
      if (!written.endsWith("}}") || written.includes("|")) return null;
      // `{{nome}}` → `{{nome|}}`, the caret where the fallback text goes.
      const insert = `${written.slice(0, -2)}|}}`;
      const caret = start + insert.length - 2;
      return { start, end, insert, selectionStart: caret, selectionEnd: caret };
    }
    case "unclosedField": {
      // Only a lone word: `{{nome tudo bem` is more likely a missing `}}` further on.
      if (!/^\{\{\s*[^\s{}|]+\s*\}?$/u.test(written)) return null;
      const insert = written.endsWith("}") ? `${written}}` : `${written.trimEnd()}}}`;
      return { start, end, insert, selectionStart: start + insert.length, selectionEnd: start + insert.length };
    }
    default:
      return null;
  }
}
