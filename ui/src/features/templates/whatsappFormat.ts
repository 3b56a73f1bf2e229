// WhatsApp's text formatting, parsed and turned into React nodes for the preview bubble:
// *bold*, _italic_, ~strike~, ```monospace```, `inline code`, "- " and "1. " lists, "> "
// quotes and line breaks. Everything else stays literal text: React escapes it, so a message
// can never inject markup.
import { type ReactNode, createElement } from "react";

export type Inline =
  | { type: "text"; text: string }
  | { type: "bold" | "italic" | "strike"; children: Inline[] }
  | { type: "mono"; text: string }
  | { type: "code"; text: string };

/** One line of the message, already split into formatted runs. */
export type Line = Inline[];

export type Block =
  | { type: "paragraph"; lines: Line[] }
  | { type: "list"; ordered: boolean; items: { marker: number | null; content: Line }[] }
  | { type: "quote"; lines: Line[] }
  | { type: "pre"; text: string };

const WRAPPERS: Record<string, "bold" | "italic" | "strike"> = { "*": "bold", _: "italic", "~": "strike" };
const FENCE = "```";

const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Where the marker opened at `open` closes on this line, or -1. Like WhatsApp: the text inside
 * neither starts nor ends with a space, and the closing marker is not glued to a next word.
 */
function closingOf(line: string, open: number, marker: string): number {
  const next = line[open + 1];
  if (next === undefined || isSpace(next) || next === marker) return -1;
  if (isWordChar(line[open - 1])) return -1;
  for (let j = open + 2; j < line.length; j++) {
    if (line[j] === marker && !isSpace(line[j - 1]) && !isWordChar(line[j + 1])) return j;
  }
  return -1;
}

/** The formatted runs of one line (no line breaks inside). */
export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const flush = () => {
    if (text) out.push({ type: "text", text });
    text = "";
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (line.startsWith(FENCE, i)) {
      const close = line.indexOf(FENCE, i + FENCE.length);
      if (close > i + FENCE.length) {
        flush();
        out.push({ type: "mono", text: line.slice(i + FENCE.length, close) });
        i = close + FENCE.length;
        continue;
      }
      text += FENCE;
      i += FENCE.length;
      continue;
    }
    if (c === "`") {
      const close = line.indexOf("`", i + 1);
      if (close > i + 1) {
        flush();
        out.push({ type: "code", text: line.slice(i + 1, close) });
        i = close + 1;
        continue;
      }
    }
    const wrapper = WRAPPERS[c];
    if (wrapper) {
      const close = closingOf(line, i, c);
      if (close > 0) {
        flush();
        out.push({ type: wrapper, children: parseInline(line.slice(i + 1, close)) });
        i = close + 1;
        continue;
      }
    }
    text += c;
    i += 1;
  }
  flush();
  return out;
}

const BULLET = /^\s*[-*•]\s+(.*)$/u;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/u;
const QUOTE = /^>\s(.*)$/u;

/** The message as blocks: paragraphs (lines kept), lists, quotes and monospace blocks. */
export function parseWhatsApp(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  const last = () => blocks[blocks.length - 1];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // A ``` alone on its line opens a block that a later line ending in ``` closes.
    if (line.trimStart().startsWith(FENCE) && !line.trimStart().slice(FENCE.length).includes(FENCE)) {
      const end = lines.findIndex((l, k) => k > i && l.trimEnd().endsWith(FENCE));
      if (end > i) {
        const first = line.trimStart().slice(FENCE.length);
        const closing = (lines[end] as string).trimEnd();
        const body = [first, ...lines.slice(i + 1, end), closing.slice(0, closing.length - FENCE.length)];
        if (body[0] === "") body.shift();
        if (body.length > 0 && body[body.length - 1] === "") body.pop();
        blocks.push({ type: "pre", text: body.join("\n") });
        i = end;
        continue;
      }
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      const item = {
        marker: numbered ? Number(numbered[1]) : null,
        content: parseInline((bullet ? bullet[1] : numbered?.[2]) ?? ""),
      };
      const previous = last();
      if (previous?.type === "list" && previous.ordered === ordered) previous.items.push(item);
      else blocks.push({ type: "list", ordered, items: [item] });
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      const previous = last();
      const content = parseInline(quote[1] ?? "");
      if (previous?.type === "quote") previous.lines.push(content);
      else blocks.push({ type: "quote", lines: [content] });
      continue;
    }
    const previous = last();
    if (previous?.type === "paragraph") previous.lines.push(parseInline(line));
    else blocks.push({ type: "paragraph", lines: [parseInline(line)] });
  }
  return blocks;
}

const BLOCK_STYLE = { margin: 0 };
const CODE_STYLE = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: "0.92em" };

function inlineNodes(runs: Inline[]): ReactNode[] {
  return runs.map((run, key) => {
    switch (run.type) {
      case "text":
        return run.text;
      case "bold":
        return createElement("strong", { key }, ...inlineNodes(run.children));
      case "italic":
        return createElement("em", { key }, ...inlineNodes(run.children));
      case "strike":
        return createElement("s", { key }, ...inlineNodes(run.children));
      case "mono":
        return createElement("code", { key, style: { ...CODE_STYLE, whiteSpace: "pre-wrap" } }, run.text);
      case "code":
        return createElement(
          "code",
          { key, style: { ...CODE_STYLE, padding: "0 3px", borderRadius: 3, background: "rgba(0, 0, 0, 0.08)" } },
          run.text,
        );
    }
  });
}

/** Lines with a `<br>` between them. */
function linesNodes(lines: Line[]): ReactNode[] {
  return lines.flatMap((line, i) => {
    const nodes = inlineNodes(line);
    return i === 0 ? nodes : [createElement("br", { key: `br-${i}` }), ...nodes];
  });
}

function blockNode(block: Block, key: number): ReactNode {
  switch (block.type) {
    case "paragraph":
      return createElement("p", { key, style: BLOCK_STYLE }, ...linesNodes(block.lines));
    case "quote":
      return createElement(
        "blockquote",
        { key, style: { ...BLOCK_STYLE, paddingLeft: 8, borderLeft: "3px solid rgba(0, 0, 0, 0.25)", opacity: 0.85 } },
        ...linesNodes(block.lines),
      );
    case "pre":
      return createElement("pre", { key, style: { ...BLOCK_STYLE, ...CODE_STYLE, whiteSpace: "pre-wrap" } }, block.text);
    case "list":
      return createElement(
        block.ordered ? "ol" : "ul",
        { key, style: { ...BLOCK_STYLE, paddingLeft: "1.4em" } },
        ...block.items.map((item, i) =>
          createElement("li", { key: i, value: item.marker ?? undefined }, ...inlineNodes(item.content)),
        ),
      );
  }
}

/** The message as WhatsApp shows it, as React nodes (never HTML strings). */
export function renderWhatsApp(text: string): ReactNode[] {
  return parseWhatsApp(text).map(blockNode);
}
