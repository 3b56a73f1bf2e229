// The wizard's state and the plan sent to the backend.
import type { CellFix, ColumnMapping, DuplicatePolicy, Field, FileInspection, ImportPlanInput } from "../../ipc";

export interface WizardState {
  inspection: FileInspection;
  mapping: ColumnMapping;
  listName: string;
  duplicatePolicy: DuplicatePolicy;
  skipRows: number[];
  cellFixes: CellFix[];
}

export function initialState(inspection: FileInspection): WizardState {
  return {
    inspection,
    mapping: inspection.suggestion.mapping,
    listName: defaultListName(inspection.fileName),
    duplicatePolicy: "skip",
    skipRows: [],
    cellFixes: [],
  };
}

/** "Clientes 2024.xlsx" → "Clientes 2024". */
export function defaultListName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return (dot > 0 ? fileName.slice(0, dot) : fileName).trim();
}

export function planOf(state: WizardState): ImportPlanInput {
  return {
    path: state.inspection.path,
    sheet: state.inspection.sheet,
    mapping: state.mapping,
    listName: state.listName,
    duplicatePolicy: state.duplicatePolicy,
    defaultCountry: null,
    skipRows: state.skipRows,
    cellFixes: state.cellFixes,
  };
}

/** The select's value for a field: custom fields keep their column's key. */
export type FieldChoice = Field["kind"];

export function fieldFor(choice: FieldChoice, key: string): Field {
  return choice === "custom" ? { kind: "custom", key } : ({ kind: choice } as Field);
}

/** Sets one column's field; a standard field taken by another column moves here. */
export function setField(mapping: ColumnMapping, index: number, choice: FieldChoice): ColumnMapping {
  const single = choice !== "custom" && choice !== "ignore";
  return {
    columns: mapping.columns.map((c) => {
      if (c.index === index) return { ...c, field: fieldFor(choice, c.key) };
      if (single && c.field.kind === choice) return { ...c, field: fieldFor("custom", c.key) };
      return c;
    }),
  };
}

export function phoneColumn(mapping: ColumnMapping): number | null {
  return mapping.columns.find((c) => c.field.kind === "phone")?.index ?? null;
}

/** Excel's column name: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Replaces any earlier fix of the same cell. */
export function withFix(fixes: CellFix[], fix: CellFix): CellFix[] {
  return [...fixes.filter((f) => f.row !== fix.row || f.column !== fix.column), fix];
}

export function toggleSkip(skipRows: number[], row: number): number[] {
  return skipRows.includes(row) ? skipRows.filter((r) => r !== row) : [...skipRows, row].sort((a, b) => a - b);
}
