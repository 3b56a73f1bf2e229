import { listen } from "@tauri-apps/api/event";
import type { AboutLink, UpdateProgress } from "./bindings";
import { newChannel } from "./channel";
import { call } from "./invoke";

export const updatesApi = {
  status: () => call("updates_status", {}),
  /** `automatic` checks run only when the last one is 12 h old (the backend decides). */
  check: (automatic: boolean) => call("updates_check", { automatic }),
  /** Downloads, verifies and installs the update the last check found; resolves to its version. */
  install: (pauseCampaigns: boolean, onProgress: (progress: UpdateProgress) => void) => {
    return call("updates_install", { pauseCampaigns, onProgress: newChannel<UpdateProgress>(onProgress) });
  },
  relaunch: () => call("updates_relaunch", {}),
  /** The tray menu's "Check for updates"; resolves to the function that stops listening. */
  onCheckRequested: (handler: () => void): Promise<() => void> =>
    listen("menu-check-updates", () => handler()).catch(() => () => undefined),
};

export const aboutApi = {
  get: () => call("app_about", {}),
  openLink: (link: AboutLink) => call("app_open_link", { link }),
};
