import { call } from "./invoke";
import type { SecretKind, Settings } from "./bindings";

export const settingsApi = {
  get: () => call("settings_get", {}),
  save: (input: Settings) => call("settings_save", { input }),
  setSecret: (kind: SecretKind, value: string) => call("secret_set", { input: { kind, value } }),
  removeSecret: (kind: SecretKind) => call("secret_remove", { kind }),
};
