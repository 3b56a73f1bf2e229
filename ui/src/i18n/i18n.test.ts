import { describe, expect, it } from "vitest";
import { ERROR_KEYS } from "../lib/errors";
import en from "./en.json";
import ptBR from "./pt-BR.json";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(tree: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

describe("translations", () => {
  it("pt-BR and English have exactly the same keys", () => {
    expect(keys(en).sort()).toEqual(keys(ptBR).sort());
  });

  it("every backend error code has a non-empty message in both languages", () => {
    for (const key of Object.values(ERROR_KEYS)) {
      for (const tree of [ptBR, en]) {
        const text = lookup(tree, key);
        expect(typeof text === "string" && text.length > 0, key).toBe(true);
      }
    }
  });

  it("no message is left empty or untranslated copies of the key", () => {
    for (const key of keys(ptBR)) {
      expect(String(lookup(ptBR, key)).trim(), key).not.toBe("");
      expect(lookup(ptBR, key), key).not.toBe(key);
    }
  });
});
