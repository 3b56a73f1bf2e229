import { Channel } from "@tauri-apps/api/core";
import type { AssistEvent, AssistTask, EstimateInput, MessageStatus, PrepareInput } from "./bindings";
import { call } from "./invoke";

export const aiApi = {
  models: () => call("ai_models", {}),
  /** Draft, rewrite or variations; events stream in as the model writes. */
  assist: (task: AssistTask, job: string, onEvent: (event: AssistEvent) => void) => {
    const channel = new Channel<AssistEvent>();
    channel.onmessage = onEvent;
    return call("ai_assist", { task, job, onEvent: channel });
  },
  cancel: (job: string) => call("ai_cancel", { job }),
};

export const personaliseApi = {
  estimate: (input: EstimateInput) => call("personalise_estimate", { input }),
  prepare: (input: PrepareInput) => call("personalise_prepare", { input }),
  /**
   * Starts or resumes a run in the background and returns at once; progress and the end
   * arrive as `app-event`s (see `lib/appEvents.ts`), also after leaving the screen.
   */
  start: (runId: number, concurrency: number | null) => call("personalise_start", { runId, concurrency }),
  /** Pauses a running run; answers already received are kept. */
  pause: (runId: number) => call("personalise_pause", { runId }),
  runs: () => call("personalise_runs", {}),
  get: (runId: number) => call("personalise_get", { runId }),
  messages: (runId: number, status: MessageStatus | null, offset: number, limit: number) =>
    call("personalise_messages", { runId, status, offset, limit }),
  edit: (runId: number, position: number, text: string) => call("personalise_edit", { runId, position, text }),
  retryFailed: (runId: number) => call("personalise_retry_failed", { runId }),
  approve: (runId: number) => call("personalise_approve", { runId }),
  remove: (runId: number) => call("personalise_delete", { runId }),
};
