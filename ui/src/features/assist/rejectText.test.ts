import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import "../../i18n";
import { rejectText } from "./rejectText";

describe("assistant rejection reasons", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("names the changed price and the near-duplicate score", () => {
    const t = i18n.t.bind(i18n);
    const price = (text: string) => ({ kind: "price" as const, text, key: text, range: { byteStart: 0, byteEnd: 1, utf16Start: 0, utf16End: 1 } });
    const facts = rejectText(t, {
      kind: "facts",
      violations: [{ kind: "changed", expected: price("R$ 49,90"), found: price("R$ 39,90") }],
    });
    expect(facts).toContain("R$ 49,90");
    expect(facts).toContain("R$ 39,90");
    expect(rejectText(t, { kind: "similar", similarity: 0.934 })).toContain("93");
  });
});
