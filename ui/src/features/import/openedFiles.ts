// The spreadsheet waiting for the import wizard: set when a file is opened with the app
// (double-click, second launch, drag and drop) or picked, read by the Contacts screen.
import { useSyncExternalStore } from "react";

let pending: string | null = null;
const listeners = new Set<() => void>();

export function requestImport(path: string) {
  pending = path;
  listeners.forEach((l) => l());
}

/** Takes the waiting path so it opens the wizard once. */
export function takeImportRequest(): string | null {
  const path = pending;
  pending = null;
  listeners.forEach((l) => l());
  return path;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePendingImport(): string | null {
  return useSyncExternalStore(subscribe, () => pending);
}
