// The backend's pushed events (progress and state changes of long jobs), one Tauri event
// `app-event` carrying the generated `AppEvent` union. Only this module listens.
import { listen } from "@tauri-apps/api/event";
import type { AppEvent } from "./bindings";

/** Calls `handler` for every backend event until the returned function is called. */
export async function onAppEvent(handler: (event: AppEvent) => void): Promise<() => void> {
  return listen<AppEvent>("app-event", (event) => handler(event.payload));
}
