/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The window runs with Tauri's `freezePrototype`: `Object.prototype` is frozen, so plain
 * assignment of `toString`/`valueOf` on an object that inherits them throws in strict code
 * (the "override mistake"). decimal.js-light (under recharts, the report charts) builds its
 * prototype that way; give that object its own writable slots first.
 */
function frozenPrototypeSafeDecimal(): Plugin {
  const own = ["toString", "valueOf"].map((name) => `${name}: { value: undefined, writable: true, configurable: true }`).join(", ");
  return {
    name: "frozen-prototype-safe-decimal",
    enforce: "pre",
    transform(code, id) {
      if (!/decimal\.js-light[\\/]decimal\.m?js$/.test(id)) return null;
      if (!code.includes("P = {};")) throw new Error("decimal.js-light changed: review frozen-prototype-safe-decimal");
      return { code: code.replace("P = {};", `P = Object.create(Object.prototype, { ${own} });`), map: null };
    },
  };
}

// The Tauri window loads ui/dist in release builds and this dev server in `tauri dev`.
export default defineConfig({
  root,
  plugins: [react(), frozenPrototypeSafeDecimal()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, watch: { ignored: ["**/src-tauri/**", "**/target/**"] } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1500 },
  test: {
    root,
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
