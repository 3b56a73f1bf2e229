// Runs the OpenAI sandbox (`tip openai-sandbox`) for window tests and talks to its control
// API. Point a profile at it with `settings.json` → `{"settings":{"openaiBaseUrl": baseUrl}}`
// and save `key` as the OpenAI key.
import { spawn } from "node:child_process";
import { tipBinary } from "./sandbox.mjs";

/**
 * Starts the sandbox on a free loopback port. `tip openai-sandbox` prints `name=value`
 * lines (base_url, key, control_url), then `openai sandbox listening on …`.
 * @param {{ key?: string, latencyMs?: number, chunkDelayMs?: number, facts?: "keep" | "break" }} [options]
 */
export async function startOpenAiSandbox({
  key = "sk-sandbox-e2e-0123456789abcdef",
  latencyMs = 0,
  chunkDelayMs = 0,
  facts = "keep",
} = {}) {
  const args = ["openai-sandbox", "--port", "0", "--key", key, "--latency-ms", String(latencyMs)];
  args.push("--chunk-delay-ms", String(chunkDelayMs), "--facts", facts);
  const child = spawn(tipBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const values = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`OpenAI sandbox did not start: ${output}`)), 15000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (/listening on http:\/\/\S+/.test(output)) {
        clearTimeout(timer);
        resolve(Object.fromEntries(output.split("\n").filter((l) => l.includes("=")).map((l) => l.split(/=(.*)/s, 2))));
      }
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`OpenAI sandbox exited with ${code}: ${output}`)));
  });

  async function control(method, path, body) {
    const response = await fetch(`${values.control_url}${path}`, {
      method,
      headers: { authorization: `Bearer ${values.key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`OpenAI sandbox ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    baseUrl: values.base_url,
    key: values.key,
    /** Requests seen, in flight, max in flight, streams completed and cancelled. */
    journal: () => control("GET", "/journal"),
    resetJournal: () => control("DELETE", "/journal"),
    /** The next chat answer(s) instead of the generated one: a string or `{content, finishReason}`. */
    pushReply: (reply) => control("POST", "/replies", typeof reply === "string" ? { content: reply } : reply),
    /** e.g. `{ kind: "rateLimited", retryAfterSecs: 1, times: 2 }` or `{ kind: "quotaExceeded" }`. */
    failNext: (fault) => control("POST", "/faults", fault),
    /** `{ latencyMs, chunkDelayMs, facts }`: every field, as the sandbox replaces them all. */
    setSettings: (settings) => control("PUT", "/settings", settings),
    stop() {
      child.kill();
      return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", r)));
    },
  };
}
