// A fake backend for UI tests: the one seam is `ipc/invoke.ts`'s `call`.
import { vi } from "vitest";
import type { AppEvent, AppStatus, CommandName, Commands, SettingsView } from "../ipc/bindings";
import { IpcFailure } from "../ipc/invoke";

export type Handler<K extends CommandName> = (args: Commands[K]["args"]) => Commands[K]["result"] | Promise<Commands[K]["result"]>;
export type Handlers = { [K in CommandName]?: Handler<K> };

export const calls: { name: CommandName; args: unknown }[] = [];
let handlers: Handlers = {};

export function setHandlers(next: Handlers) {
  handlers = next;
  calls.length = 0;
}

export async function fakeCall<K extends CommandName>(name: K, args: Commands[K]["args"]): Promise<Commands[K]["result"]> {
  calls.push({ name, args });
  const handler = handlers[name] as Handler<K> | undefined;
  if (!handler) throw new IpcFailure({ code: "INTERNAL", message: `no fake for ${name}`, params: {} });
  return handler(args);
}

/** Backend events for UI tests: `emitAppEvent` delivers one to every listener. */
const eventListeners = new Set<(event: AppEvent) => void>();
export function emitAppEvent(event: AppEvent) {
  for (const listener of eventListeners) listener(event);
}
vi.mock("../ipc/events", () => ({
  onAppEvent: (handler: (event: AppEvent) => void) => {
    eventListeners.add(handler);
    return Promise.resolve(() => eventListeners.delete(handler));
  },
}));

vi.mock("../ipc/invoke", async (importOriginal) => {
  const original = await importOriginal<typeof import("../ipc/invoke")>();
  return { ...original, call: fakeCall };
});

export function readyStatus(): AppStatus {
  return {
    version: "0.1.0",
    dataDir: "/home/ana/.local/share/br.com.whatstip.desktop",
    logDir: "/home/ana/.local/share/br.com.whatstip.desktop/logs",
    database: {
      state: "ready",
      path: "/home/ana/.local/share/br.com.whatstip.desktop/whats-tip.sqlite3",
      migrations: { applied: 1, known: 1, latest: "0001 app meta" },
    },
    keychain: { state: "available" },
    demo: false,
    profile: { id: "default", name: null, isDefault: true, current: true, evolutionUrl: null, createdAt: "" },
  };
}

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    settings: { evolutionUrl: null, openaiModel: "gpt-4o-mini", openaiBaseUrl: null, language: "pt-BR", theme: "system", defaultCountry: "BR", optOutWords: ["sair", "parar", "pare", "stop", "cancelar", "descadastrar", "remover"], firstRunDone: true },
    keychain: { state: "available" },
    secrets: {
      evolutionApiKey: { configured: false, hint: null },
      openaiApiKey: { configured: false, hint: null },
    },
    evolutionInsecure: false,
    ...overrides,
  };
}
