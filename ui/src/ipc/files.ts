import { Channel } from "@tauri-apps/api/core";
import type { OpenedFile } from "./bindings";
import { call } from "./invoke";

/**
 * Receives spreadsheets opened with the app (double-click, "Open with", a second launch,
 * drag and drop). Files that arrived before this call are delivered at once.
 */
export function watchOpenedFiles(onFile: (file: OpenedFile) => void): Promise<null> {
  const channel = new Channel<OpenedFile>();
  channel.onmessage = onFile;
  return call("app_watch_files", { channel });
}
