import { describe, expect, it } from "vitest";
import i18n from "../../i18n";
import type { LintKind, LintProblem } from "../../ipc";
import { fixLabel, lintMessage } from "./lintText";

// A new kind from the backend is a type error here until it has a message.
const KINDS: Record<LintKind, true> = {
  unclosedBrace: true,
  unmatchedClosingBrace: true,
  unclosedField: true,
  emptyFieldName: true,
  emptyBraces: true,
  emptyOption: true,
  singleOption: true,
  looksLikeField: true,
  nestingTooDeep: true,
  unknownField: true,
  blankWithoutFallback: true,
};

function problem(kind: LintKind, extra: Partial<LintProblem> = {}): LintProblem {
  return {
    kind,
    severity: "error",
    range: { byteStart: 3, byteEnd: 9, utf16Start: 3, utf16End: 9 },
    field: "nome",
    suggestion: null,
    contacts: 2,
    ...extra,
  };
}

describe("lint messages", () => {
  for (const language of ["pt-BR", "en"]) {
    it(`translates every kind in ${language}`, async () => {
      const t = await i18n.changeLanguage(language);
      for (const kind of Object.keys(KINDS) as LintKind[]) {
        const text = lintMessage(t, problem(kind), "Oi {nome} tudo", true);
        expect(text, kind).not.toMatch(/templates\.lint|\{\{(token|count|example|written)\}\}/);
        expect(text.length, kind).toBeGreaterThan(10);
      }
    });
  }

  it("names the field the way the user writes it, with the suggestion", async () => {
    const t = await i18n.changeLanguage("pt-BR");
    expect(lintMessage(t, problem("unknownField", { field: "nme", suggestion: "nome" }), "", true)).toBe(
      "O campo {{nme}} não existe nos contatos desta lista.",
    );
    expect(lintMessage(t, problem("unknownField", { field: "bairro" }), "", false)).toBe(
      "O campo {{bairro}} não existe. Escolha uma lista de contatos para usar os campos dela.",
    );
    expect(fixLabel(t, problem("unknownField", { field: "nme", suggestion: "nome" }))).toBe("Você quis dizer {{nome}}?");
    expect(lintMessage(t, problem("blankWithoutFallback", { contacts: 1 }), "", true)).toBe(
      "{{nome}} está vazio para 1 contato desta lista. Acrescente um texto alternativo, como {{nome|cliente}}.",
    );
    expect(lintMessage(t, problem("looksLikeField"), "Oi {nome} tudo", true)).toBe(
      "Com chaves simples, “{nome}” vira texto fixo. Para usar o campo, escreva {{nome}}.",
    );
  });
});
