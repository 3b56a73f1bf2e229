// The chart libraries as the window loads them: with Object.prototype frozen (Tauri's
// `freezePrototype`), each untouched library throws on load or first use; patched, it works.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { patchForFrozenPrototype } from "./frozenPrototype";

const NODE_MODULES = join(import.meta.dirname, "../../node_modules");

/** A package's UMD/CommonJS build (the ESM one has the same lines). */
function umd(pkg: string, file: string): { path: string; code: string } {
  const path = join(NODE_MODULES, pkg, file);
  return { path, code: readFileSync(path, "utf8") };
}

/** Runs a CommonJS/UMD build in a fresh realm whose Object.prototype is frozen, like the window. */
function loadFrozen(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  runInNewContext(`"use strict"; Object.freeze(Object.prototype);\n${code}`, { module, exports: module.exports });
  return module.exports;
}

type Use = (lib: Record<string, unknown>) => unknown;
const cases: { name: string; pkg: string; file: string; use: Use; expected: string }[] = [
  {
    name: "decimal.js-light",
    pkg: "decimal.js-light",
    file: "decimal.js",
    use: (Decimal) => String(new (Decimal as unknown as new (n: number) => { plus(n: number): unknown })(0.1).plus(0.2)),
    expected: "0.3",
  },
  {
    name: "d3-color",
    pkg: "d3-color",
    file: "dist/d3-color.js",
    use: (d3) => String((d3.rgb as (c: string) => unknown)("steelblue")),
    expected: "rgb(70, 130, 180)",
  },
  {
    name: "d3-format",
    pkg: "d3-format",
    file: "dist/d3-format.js",
    use: (d3) => `${String((d3.formatSpecifier as (s: string) => unknown)(".1%"))} ${(d3.format as (s: string) => (n: number) => string)(".1%")(0.123)}`,
    expected: " >-.1% 12.3%",
  },
];

describe.each(cases)("$name under a frozen Object.prototype", ({ pkg, file, use, expected }) => {
  const { path, code } = umd(pkg, file);

  it("fails untouched, which is why the patch exists", () => {
    expect(() => use(loadFrozen(code))).toThrow(/read.only property/);
  });

  it("loads and works once patched", () => {
    const patched = patchForFrozenPrototype(path, code);
    expect(patched).not.toBeNull();
    expect(use(loadFrozen(patched!))).toBe(expected);
  });
});

it("leaves other modules alone", () => {
  expect(patchForFrozenPrototype("/x/node_modules/d3-scale/dist/d3-scale.mjs", "a.toString = 1")).toBeNull();
});
