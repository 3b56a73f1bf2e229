import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["ui/dist/**", "ui/src/ipc/bindings.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["ui/src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Only ui/src/ipc/ may talk to Tauri.
      "no-restricted-imports": ["error", { patterns: [{ group: ["@tauri-apps/*"], message: "Call the backend through ui/src/ipc/." }] }],
    },
  },
  {
    files: ["ui/src/ipc/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["tests/e2e/**/*.{js,mjs}"],
    languageOptions: { globals: globals.node },
  },
);
