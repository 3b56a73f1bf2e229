// Launches the real app window under tauri-driver with a throw-away profile: its own data
// folder and keychain service, so tests never touch a real user's data.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "./webdriver.mjs";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const SCREENSHOT_DIR = process.env.WHATS_TIP_SCREENSHOTS ?? join(ROOT, "tests/e2e/screenshots");

/** The app binary built with the bundled UI (`cargo build --features custom-protocol`). */
export function appBinary() {
  if (process.env.WHATS_TIP_APP_BIN) return process.env.WHATS_TIP_APP_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
  return join(target, "debug", "whats-tip");
}

function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on("error", rej);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

async function waitForDriver(url, child, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/status`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("tauri-driver did not start");
}

/** Signals every process in a group; a group that is already gone is fine. */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already exited
  }
}

/** Puts a key where the app's keyring finds it (service + username attributes). */
export function storeKey(keyringService, account, value) {
  execFileSync("secret-tool", ["store", "--label", `${keyringService} ${account}`, "service", keyringService, "username", account], {
    input: value,
  });
}

/** Every file of a profile folder, with its bytes as latin1 text (for "no secret here" checks). */
export function profileFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath ?? entry.path, entry.name);
      out.push({ path, text: readFileSync(path).toString("latin1") });
    }
  }
  return out;
}

/**
 * A fresh profile folder, optionally with saved settings, for `launchApp`'s `dataDir`. The
 * first-run guide counts as done (as for a user who set the app up already), so tests of
 * the other screens start on them; `tests/e2e/first-run.test.mjs` starts from an empty folder.
 */
export function newProfile(name, settings) {
  const dataDir = mkdtempSync(join(tmpdir(), `whats-tip-e2e-${name}-`));
  writeFileSync(join(dataDir, "settings.json"), JSON.stringify({ settings: { firstRunDone: true, ...settings } }));
  return dataDir;
}

/**
 * Starts the app. Returns the WebDriver session plus the profile paths and helpers.
 * @param {string} name used in temp folder and keychain service names
 * @param {{ env?: Record<string,string>, dataDir?: string, keyringService?: string, args?: string[] }} [options]
 *   `args` go on the app's command line, like a file double-clicked in a file manager.
 */
export async function launchApp(name, options = {}) {
  const application = appBinary();
  if (!existsSync(application)) throw new Error(`app binary not found: ${application}`);
  if (!process.env.DISPLAY) throw new Error("DISPLAY is not set: run under scripts/with-test-env.sh");
  const dataDir = options.dataDir ?? newProfile(name);
  const keyringService = options.keyringService ?? `whats-tip-e2e-${name}-${process.pid}-${Date.now()}`;
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: {
      ...process.env,
      WHATS_TIP_DATA_DIR: dataDir,
      WHATS_TIP_KEYRING_SERVICE: keyringService,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: closing kills tauri-driver, WebKitWebDriver and the app together,
    // so no app outlives its test (an orphan would also hold our pipes open).
    detached: true,
  });
  let driverLog = "";
  driver.stdout.on("data", (d) => (driverLog += d));
  driver.stderr.on("data", (d) => (driverLog += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(url, driver);
  } catch (error) {
    killGroup(driver.pid, "SIGKILL");
    throw new Error(`${error.message}\n${driverLog}`, { cause: error });
  }
  let session;
  try {
    session = await Session.start(url, application, { args: options.args ?? [] });
  } catch (error) {
    killGroup(driver.pid, "SIGKILL");
    throw new Error(`${error.message}\n${driverLog}`, { cause: error });
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    session,
    dataDir,
    keyringService,
    /** Saves a screenshot as `<name>.png` in the screenshot folder and returns its path. */
    async screenshot(shotName) {
      // Let animations settle, then wait for two painted frames: WebKit's snapshot under Xvfb
      // otherwise can show a half-painted frame.
      await new Promise((r) => setTimeout(r, 700));
      await session.executeAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
      const path = join(SCREENSHOT_DIR, `${shotName}.png`);
      writeFileSync(path, await session.screenshot());
      return path;
    },
    /** Reads every log file's text. */
    logText() {
      const dir = join(dataDir, "logs");
      if (!existsSync(dir)) return "";
      return readdirSync(dir)
        .map((f) => readFileSync(join(dir, f), "utf8"))
        .join("\n");
    },
    /** Stores a key in the Secret Service where the app's keyring looks for it. */
    keychainStore(account, value) {
      storeKey(keyringService, account, value);
    },
    /** Looks a key up in the Secret Service the way keyring stores it. */
    keychainLookup(account) {
      try {
        return execFileSync("secret-tool", ["lookup", "service", keyringService, "username", account], {
          encoding: "utf8",
        });
      } catch {
        return null;
      }
    },
    async close() {
      // The last state of the window, for diagnosing a failure.
      try {
        writeFileSync(join(SCREENSHOT_DIR, `last-${name}.png`), await session.screenshot());
      } catch {
        // the window may already be gone
      }
      await session.quit();
      await new Promise((r) => setTimeout(r, 500));
      killGroup(driver.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      killGroup(driver.pid, "SIGKILL");
      driver.stdout.destroy();
      driver.stderr.destroy();
    },
  };
}
