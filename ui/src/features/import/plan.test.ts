import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "../../ipc";
import { columnLetter, defaultListName, setField, toggleSkip, withFix } from "./plan";

const mapping: ColumnMapping = {
  columns: [
    { index: 0, header: "Nome", key: "nome", field: { kind: "name" } },
    { index: 1, header: "Celular", key: "celular", field: { kind: "phone" } },
    { index: 2, header: "Fixo", key: "fixo", field: { kind: "custom", key: "fixo" } },
  ],
};

describe("import plan helpers", () => {
  it("moves a standard field to the column the user picked", () => {
    const next = setField(mapping, 2, "phone");
    expect(next.columns[2]?.field).toEqual({ kind: "phone" });
    expect(next.columns[1]?.field).toEqual({ kind: "custom", key: "celular" });
    expect(next.columns[0]?.field).toEqual({ kind: "name" });
  });

  it("names columns like Excel", () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]);
  });

  it("keeps one fix per cell and toggles skipped rows", () => {
    const fixes = withFix([{ row: 5, column: 1, text: "a" }], { row: 5, column: 1, text: "b" });
    expect(fixes).toEqual([{ row: 5, column: 1, text: "b" }]);
    expect(toggleSkip([3], 2)).toEqual([2, 3]);
    expect(toggleSkip([2, 3], 2)).toEqual([3]);
  });

  it("suggests the file name without its extension as the list", () => {
    expect(defaultListName("Clientes SP 2024.xlsx")).toBe("Clientes SP 2024");
    expect(defaultListName("lista")).toBe("lista");
  });
});
