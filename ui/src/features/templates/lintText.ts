// Translated sentences for the backend's lint problems (it sends kinds, not text).
import type { TFunction } from "i18next";
import type { LintProblem } from "../../ipc";

/** `nome` → `{{nome}}`, as the user writes it. */
export const fieldToken = (field: string) => `{{${field}}}`;

/** What is wrong, in the user's words. `listChosen`: the check knew the list's fields. */
export function lintMessage(t: TFunction, problem: LintProblem, text: string, listChosen: boolean): string {
  const token = fieldToken(problem.field ?? "");
  switch (problem.kind) {
    case "unknownField":
      return t(listChosen ? "templates.lint.unknownField" : "templates.lint.unknownFieldNoList", { token });
    case "blankWithoutFallback":
      return t("templates.lint.blankWithoutFallback", {
        token,
        count: problem.contacts ?? 0,
        example: `{{${problem.field ?? ""}|${t("templates.lint.fallbackExample")}}}`,
      });
    case "looksLikeField":
      return t("templates.lint.looksLikeField", { written: text.slice(problem.range.utf16Start, problem.range.utf16End), token });
    case "emptyFieldName":
      return t("templates.lint.emptyFieldName", { example: fieldToken("nome") });
    default:
      return t(`templates.lint.${problem.kind}`);
  }
}

/** The label of the problem's one-click fix (see `fixFor`). */
export function fixLabel(t: TFunction, problem: LintProblem): string {
  switch (problem.kind) {
    case "unknownField":
      return t("templates.lint.didYouMean", { token: fieldToken(problem.suggestion ?? "") });
    case "looksLikeField":
      return t("templates.lint.useField", { token: fieldToken(problem.field ?? "") });
    case "blankWithoutFallback":
      return t("templates.lint.addFallback");
    case "unclosedField":
      return t("templates.lint.closeField");
    default:
      return "";
  }
}
