// The extension point for tools that write the message for the user (the AI assistant):
// anything rendered inside the editor reads the draft and replaces or extends the body here.
import { createContext, useContext } from "react";
import type { TemplateCheck } from "../../ipc";

export interface Composer {
  /** The template's name as typed. */
  name: string;
  /** The message text as typed (merge fields and spintax included). */
  body: string;
  /** The list picked for the preview: its custom fields are valid merge fields. */
  listId: number | null;
  /** The latest check of the body (problems, variants, fields used); null until the first. */
  check: TemplateCheck | null;
  /** Merge fields the user can insert, built-in ones first ("nome", "cidade", "bairro"…). */
  fields: string[];
  /**
   * Replaces the whole body (e.g. with an AI draft or rewrite). Goes through the textarea so
   * Ctrl+Z brings the previous text back; the lint and preview follow by themselves.
   */
  replaceBody: (text: string) => void;
  /** Types `text` at the caret (over the selection), like the toolbar does. */
  insertText: (text: string) => void;
}

export const ComposerContext = createContext<Composer | null>(null);

/** The editor's draft and its body setters; only valid inside the template editor. */
export function useComposer(): Composer {
  const composer = useContext(ComposerContext);
  if (!composer) throw new Error("useComposer outside the template editor");
  return composer;
}
