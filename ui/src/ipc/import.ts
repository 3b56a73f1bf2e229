import { Channel } from "@tauri-apps/api/core";
import type { ExportInput, ImportPlanInput, ImportProgress, InspectInput } from "./bindings";
import { call } from "./invoke";

export const importApi = {
  /** The native open dialog; `null` when the user closes it. */
  pickFile: (title: string) => call("import_pick_file", { title }),
  inspect: (input: InspectInput) => call("import_inspect", { input }),
  /** A dry run: verdicts without writing; `maxRows` null means the whole file. */
  check: (input: ImportPlanInput, maxRows: number | null) => call("import_check", { input, maxRows }),
  /** Imports in one transaction; `onProgress` gets row counts at most every ~100 ms. */
  run: (input: ImportPlanInput, job: string, onProgress: (progress: ImportProgress) => void) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call("import_run", { input, job, onProgress: channel });
  },
  cancel: (job: string) => call("import_cancel", { job }),
  history: () => call("import_history", {}),
  undo: (importId: number) => call("import_undo", { importId }),
  /** Asks where to save and writes the file; `null` when the user closes the dialog. */
  export: (input: ExportInput) => call("import_export", { input }),
};
