/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { frozenPrototypeSafeCharts } from "./build/frozenPrototype.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

// The Tauri window loads ui/dist in release builds and this dev server in `tauri dev`.
export default defineConfig({
  root,
  plugins: [react(), frozenPrototypeSafeCharts()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, watch: { ignored: ["**/src-tauri/**", "**/target/**"] } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1500 },
  test: {
    root,
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
  },
});
