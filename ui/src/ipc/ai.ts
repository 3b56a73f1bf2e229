import { Channel } from "@tauri-apps/api/core";
import type { AssistEvent, AssistTask, EstimateInput, MessageStatus, PrepareInput, RunProgress } from "./bindings";
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
  /** Runs or resumes until done or cancelled (`aiApi.cancel(job)`); progress every ~250 ms. */
  run: (runId: number, concurrency: number | null, job: string, onProgress: (progress: RunProgress) => void) => {
    const channel = new Channel<RunProgress>();
    channel.onmessage = onProgress;
    return call("personalise_run", { runId, concurrency, job, onProgress: channel });
  },
  runs: () => call("personalise_runs", {}),
  get: (runId: number) => call("personalise_get", { runId }),
  messages: (runId: number, status: MessageStatus | null, offset: number, limit: number) =>
    call("personalise_messages", { runId, status, offset, limit }),
  edit: (runId: number, position: number, text: string) => call("personalise_edit", { runId, position, text }),
  retryFailed: (runId: number) => call("personalise_retry_failed", { runId }),
  approve: (runId: number) => call("personalise_approve", { runId }),
  remove: (runId: number) => call("personalise_delete", { runId }),
};
