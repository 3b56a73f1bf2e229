import { Box } from "@mantine/core";
import {
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import type { LintProblem } from "../../ipc";
import { highlightsOf, splitHighlights } from "./highlights";
import { type Change, applyChange } from "./textEdits";

/** Types into the focused field so the edit joins its undo history; false where unsupported (jsdom). */
function typeInto(text: string): boolean {
  try {
    if (typeof document.execCommand !== "function") return false;
    return text === "" ? document.execCommand("delete") : document.execCommand("insertText", false, text);
  } catch {
    return false;
  }
}

/** Sizes a textarea to its content, so it never scrolls inside (the highlight layer cannot). */
function fitHeight(el: HTMLTextAreaElement | null) {
  if (!el) return;
  el.style.height = "0px";
  el.style.height = `${el.scrollHeight}px`;
}

export interface TextareaHandle {
  /** Applies an edit as if typed, so the browser's undo (Ctrl+Z) can take it back. */
  apply: (change: Change) => void;
  /** Replaces the whole text (undoable like `apply`). */
  replaceAll: (text: string) => void;
  selection: () => { start: number; end: number };
  select: (start: number, end: number) => void;
}

// The textarea and the highlight layer behind it must lay text out identically.
const TEXT: CSSProperties = {
  display: "block",
  width: "100%",
  margin: 0,
  border: 0,
  padding: "10px 12px",
  boxSizing: "border-box",
  fontFamily: "var(--mantine-font-family)",
  fontSize: "var(--mantine-font-size-sm)",
  lineHeight: 1.6,
  letterSpacing: "normal",
  whiteSpace: "pre-wrap",
  overflowWrap: "break-word",
  wordBreak: "normal",
  tabSize: 4,
};

const MARK: Record<"error" | "warning", CSSProperties> = {
  error: {
    color: "transparent",
    background: "rgba(250, 82, 82, 0.18)",
    textDecoration: "underline wavy var(--mantine-color-red-6)",
    textDecorationSkipInk: "none",
    borderRadius: 2,
  },
  warning: {
    color: "transparent",
    background: "rgba(250, 176, 5, 0.22)",
    textDecoration: "underline wavy var(--mantine-color-yellow-7)",
    textDecorationSkipInk: "none",
    borderRadius: 2,
  },
};

/**
 * A plain textarea over a layer that paints the problems' ranges (UTF-16 offsets from the
 * check). The layer is decoration only (aria-hidden): the problems are listed as text
 * elsewhere and tied to the textarea with `aria-describedby`.
 */
export function HighlightTextarea({
  ref,
  id,
  value,
  onChange,
  problems,
  minRows = 6,
  header,
  placeholder,
  describedBy,
  label,
  onKeyDown,
  testId,
}: {
  ref?: Ref<TextareaHandle>;
  id: string;
  value: string;
  onChange: (value: string) => void;
  problems: LintProblem[];
  minRows?: number;
  /** Shown above the text inside the same frame (the toolbar). */
  header?: ReactNode;
  placeholder?: string;
  describedBy?: string;
  /** Accessible name when no <label htmlFor> points here. */
  label?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  testId: string;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const pendingSelection = useRef<{ start: number; end: number } | null>(null);
  const [focused, setFocused] = useState(false);
  const hasErrors = problems.some((p) => p.severity === "error");

  // Grows with the text (no inner scroll keeps the layer aligned); restores the caret after an
  // edit React wrote itself.
  useLayoutEffect(() => {
    const el = area.current;
    fitHeight(el);
    const selection = pendingSelection.current;
    if (el && selection) {
      pendingSelection.current = null;
      el.setSelectionRange(selection.start, selection.end);
    }
  }, [value]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    // Re-fit when the width changes (window resized): the text wraps differently.
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      fitHeight(el);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useImperativeHandle(ref, () => ({
    apply(change) {
      const el = area.current;
      if (!el) return;
      const expected = applyChange(el.value, change);
      el.focus();
      el.setSelectionRange(change.start, change.end);
      if (typeInto(change.insert) && el.value === expected) {
        el.setSelectionRange(change.selectionStart, change.selectionEnd);
        return;
      }
      pendingSelection.current = { start: change.selectionStart, end: change.selectionEnd };
      onChange(expected);
    },
    replaceAll(text) {
      const end = area.current?.value.length ?? value.length;
      this.apply({ start: 0, end, insert: text, selectionStart: text.length, selectionEnd: text.length });
    },
    selection() {
      const el = area.current;
      return { start: el?.selectionStart ?? value.length, end: el?.selectionEnd ?? value.length };
    },
    select(start, end) {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(start, end);
    },
  }));

  const segments = splitHighlights(value, highlightsOf(problems));
  const borderColor = hasErrors
    ? "var(--mantine-color-red-6)"
    : focused
      ? "var(--mantine-primary-color-filled)"
      : "var(--mantine-color-default-border)";

  return (
    <Box
      style={{
        border: `1px solid ${borderColor}`,
        borderRadius: "var(--mantine-radius-md)",
        background: "var(--mantine-color-body)",
        overflow: "hidden",
      }}
    >
      {header}
      <div style={{ position: "relative" }}>
        <div aria-hidden="true" data-testid={`${testId}-highlights`} style={{ ...TEXT, position: "absolute", inset: 0, color: "transparent", overflow: "hidden", pointerEvents: "none" }}>
          {segments.map((s) =>
            s.severity ? (
              <mark key={s.start} data-severity={s.severity} style={MARK[s.severity]}>
                {s.text}
              </mark>
            ) : (
              <span key={s.start}>{s.text}</span>
            ),
          )}
          {/* A final line break needs something after it to take up its line. */}
          {value.endsWith("\n") ? " " : null}
        </div>
        <textarea
          ref={area}
          id={id}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          placeholder={placeholder}
          aria-label={label}
          aria-describedby={describedBy}
          aria-invalid={hasErrors || undefined}
          spellCheck
          data-testid={testId}
          style={{
            ...TEXT,
            position: "relative",
            minHeight: `calc(${minRows} * 1.6em + 20px)`,
            resize: "none",
            overflow: "hidden",
            outline: "none",
            background: "transparent",
            color: "var(--mantine-color-text)",
            caretColor: "var(--mantine-color-text)",
          }}
        />
      </div>
    </Box>
  );
}
