import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import "../../i18n";
import type { RowReport } from "../../ipc";
import { formatE164, verdictDetail } from "./verdictText";

describe("verdict texts", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("explains repairs, invalid reasons and duplicates in Portuguese", () => {
    const t = i18n.t.bind(i18n);
    const repaired: RowReport = {
      row: 4, column: 1, original: "0 21 11 98765-4321", action: "inserted",
      verdict: "repaired", e164: "+5511987654321",
      changes: [{ kind: "removedTrunkZero" }, { kind: "removedCarrierCode", value: "21" }],
    };
    expect(verdictDetail(t, repaired)).toMatch(/0.*; .*21/);
    const invalid: RowReport = {
      row: 5, column: 1, original: "98765-4321", action: "notWritten",
      verdict: "invalid", reason: { kind: "missingAreaCode" },
    };
    expect(verdictDetail(t, invalid)).toMatch(/DDD/);
    const duplicate: RowReport = {
      row: 9, column: 1, original: "11987654321", action: "notWritten",
      verdict: "duplicate", e164: "+5511987654321", of: { kind: "row", row: 4 },
    };
    expect(verdictDetail(t, duplicate)).toContain("4");
  });

  it("formats Brazilian numbers for reading", () => {
    expect(formatE164("+5511987654321")).toBe("+55 11 98765-4321");
    expect(formatE164("+551133334444")).toBe("+55 11 3333-4444");
    expect(formatE164("+14155550123")).toBe("+14155550123");
  });
});
