import { describe, expect, it } from "vitest";
import en from "../../i18n/en.json";
import ptBR from "../../i18n/pt-BR.json";
import { CONNECT_ADVICE, firstInstanceName, resumeStep } from "./steps";

describe("first-run steps", () => {
  it("resume where the real setup stops", () => {
    expect(resumeStep({ server: false, openInstance: false, contacts: false })).toBe("language");
    expect(resumeStep({ server: true, openInstance: false, contacts: true })).toBe("instance");
    expect(resumeStep({ server: true, openInstance: true, contacts: false })).toBe("contacts");
    expect(resumeStep({ server: true, openInstance: true, contacts: true })).toBe("message");
  });

  it("suggest a free instance name", () => {
    expect(firstInstanceName([])).toBe("minha-loja");
    expect(firstInstanceName(["minha-loja", "minha-loja-2"])).toBe("minha-loja-3");
  });

  it("have advice in both languages for every connect mistake", () => {
    const lookup = (tree: unknown, path: string) =>
      path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
    for (const key of Object.values(CONNECT_ADVICE)) {
      for (const tree of [ptBR, en]) expect(typeof lookup(tree, key ?? ""), key).toBe("string");
    }
  });
});
