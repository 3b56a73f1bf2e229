import type { Plugin } from "vite";

/**
 * The window runs with Tauri's `freezePrototype`: `Object.prototype` is frozen, so plain
 * assignment of a name an object inherits from it (`toString`, `constructor`…) throws in
 * strict code (the "override mistake"). A few libraries under recharts (the report charts)
 * assign that way while they load or draw. Each patch gives the object its own writable
 * slot for the name just before the library assigns it, so the library's code runs as
 * written. A library update that moves the line fails the build instead of the chart.
 */
interface Patch {
  /** The module files the patch applies to (ESM and UMD builds). */
  file: RegExp;
  /** Text that must appear once in the file; the slots go right before it. */
  before: string;
  /** The object that gets the slots (an expression valid at that point). */
  target: string;
  names: string[];
}

export const PATCHES: Patch[] = [
  // `P = {}; P.toString = …; P.valueOf = …`, and `this.constructor = Decimal` on every instance.
  { file: /decimal\.js-light[\\/]decimal\.m?js$/, before: "P = {};", target: "P", names: ["constructor", "toString", "valueOf"] },
  // `define(Color, color, {…})` sets `prototype.constructor` on an object literal.
  {
    file: /d3-color[\\/]dist[\\/]d3-color\.m?js$/,
    before: "  prototype.constructor = constructor;",
    target: "prototype",
    names: ["constructor"],
  },
  // The tick format's specifier: `FormatSpecifier.prototype.toString = …`.
  {
    file: /d3-format[\\/]dist[\\/]d3-format\.m?js$/,
    before: "FormatSpecifier.prototype.toString = function",
    target: "FormatSpecifier.prototype",
    names: ["toString"],
  },
];

function slots(target: string, names: string[]): string {
  return names
    .map((name) => `Object.defineProperty(${target}, "${name}", { value: undefined, writable: true, enumerable: true, configurable: true });`)
    .join(" ");
}

/** Applies the patch for `id` to `code`; `null` when no patch is for that file. */
export function patchForFrozenPrototype(id: string, code: string): string | null {
  const patch = PATCHES.find((p) => p.file.test(id));
  if (!patch) return null;
  const at = code.indexOf(patch.before);
  if (at < 0 || code.indexOf(patch.before, at + 1) >= 0) {
    throw new Error(`${id} changed: review ui/build/frozenPrototype.ts (expected one "${patch.before}")`);
  }
  // `P = {};` must exist before its slots are added: those go after it.
  if (patch.before === "P = {};") return code.replace(patch.before, `${patch.before} ${slots(patch.target, patch.names)}`);
  return code.replace(patch.before, `${slots(patch.target, patch.names)}\n${patch.before}`);
}

export function frozenPrototypeSafeCharts(): Plugin {
  return {
    name: "frozen-prototype-safe-charts",
    enforce: "pre",
    transform(code, id) {
      const patched = patchForFrozenPrototype(id, code);
      return patched === null ? null : { code: patched, map: null };
    },
  };
}
