// Merge fields every contact has (their Portuguese keys, which the backend also uses), and the
// custom ones a list's contacts bring.
import type { ContactView, TemplateCheck } from "../../ipc";

export const BUILTIN_FIELDS = ["nome", "telefone", "email", "empresa", "cidade"] as const;

const BUILTIN_ALIASES = new Set<string>([...BUILTIN_FIELDS, "name", "phone", "celular", "whatsapp", "e_mail", "company", "city"]);

/** Custom fields seen on the previewed contact and used in the text, each once, sorted. */
export function customFieldsOf(contact: ContactView | null | undefined, check: TemplateCheck | null | undefined): string[] {
  const unknown = new Set((check?.problems ?? []).filter((p) => p.kind === "unknownField").map((p) => p.field));
  const keys = new Set<string>(Object.keys(contact?.customFields ?? {}));
  for (const field of check?.fields ?? []) if (!unknown.has(field)) keys.add(field);
  return [...keys].filter((k) => k && !BUILTIN_ALIASES.has(k)).sort((a, b) => a.localeCompare(b));
}

/** A custom field's key as a label: `data_de_nascimento` → "Data de nascimento". */
export function fieldLabel(key: string): string {
  return capitalize(key.replace(/_+/g, " ").trim());
}

export const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);
