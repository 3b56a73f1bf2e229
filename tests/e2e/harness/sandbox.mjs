// Runs the Evolution sandbox (`tip sandbox`) for window tests and talks to its control API.
import { spawn, execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./app.mjs";

export function tipBinary() {
  if (process.env.WHATS_TIP_TIP_BIN) return process.env.WHATS_TIP_TIP_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
  return join(target, "debug", "tip");
}

/**
 * Starts a sandbox on a free loopback port.
 * @param {{ key?: string, qrRotateSecs?: number, serverVersion?: string, faults?: object }} [options]
 *   `serverVersion` is what `GET /` reports; `faults` apply from the start (`PUT /_sandbox/faults`).
 */
export async function startSandbox({ key = "sandbox-e2e-global-key", qrRotateSecs = 45, serverVersion, faults } = {}) {
  const args = ["sandbox", "--port", "0", "--key", key, "--qr-rotate-secs", String(qrRotateSecs)];
  if (serverVersion) args.push("--server-version", serverVersion);
  if (faults) args.push("--faults", JSON.stringify(faults));
  const child = spawn(tipBinary(), args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${output}`)), 15000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
  });

  async function control(method, path, body) {
    const response = await fetch(`${url}/_sandbox${path}`, {
      method,
      headers: { apikey: key, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    url,
    key,
    /** The QR payload the sandbox is showing for an instance right now. */
    currentQr: async (instance) => (await control("GET", `/qr/${encodeURIComponent(instance)}`)).code,
    scan: (instance, number, profileName) => control("POST", `/scan/${encodeURIComponent(instance)}`, { number, profileName }),
    requests: () => control("GET", "/requests"),
    /** An instance already connected (`open`), paired with `number`. */
    createConnected: (instanceName, number, profileName = "Loja E2E") =>
      control("POST", "/instances", { instanceName, number, profileName }),
    /** Replaces the faults (the same JSON as `PUT /_sandbox/faults`); `{}` clears them. */
    setFaults: (faults) => control("PUT", "/faults", faults),
    /** Faults for one instance only (they replace the global ones for it). */
    setInstanceFaults: (instance, faults) => control("PUT", `/faults/${encodeURIComponent(instance)}`, faults),
    /**
     * A contact's message to an open instance (Evolution's `messages.upsert` event);
     * `quoted` is the key id of the message it answers. Resolves to `{keyId}`.
     */
    incoming: (instance, { from, text, quoted = null, pushName = null }) =>
      control("POST", `/instances/${encodeURIComponent(instance)}/incoming`, { from, text, quoted, pushName }),
    /** Every message the sandbox delivered. */
    messages: () => control("GET", "/messages"),
    stop() {
      child.kill();
      return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", r)));
    },
  };
}

/** Reads every QR code in a PNG (zbarimg from zbar-tools). */
export function decodeQr(pngPath) {
  try {
    return execFileSync("zbarimg", ["--raw", "-q", pngPath], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch {
    return [];
  }
}
