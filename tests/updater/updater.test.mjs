// End to end, on the real installed .deb (modelled on tauri plugins-workspace's app-updater
// test): `scripts/test-updater.sh` builds the app as a .deb with a TEST config (a key pair
// made for this run, the feed on http://127.0.0.1:<port>, plain HTTP allowed for that build
// only) and runs this. We install it with dpkg, build a newer .deb from it (higher Version, a
// marker file), serve latest.json + the packages from 127.0.0.1, drive the INSTALLED app
// through its window (tauri-driver), and check with dpkg what really got installed.
//
// Refused, each leaving the installed app as it was: a tampered package, a signature from
// another key, no signature, a valid signature announced as another version, an older
// version. Then the good update: found, downloaded, verified, installed (dpkg -s shows the
// new version, the marker is there). CI runs as root; the plugin installs a .deb with
// `pkexec`, a graphical sudo, then `sudo dpkg -i`; here `sudo` (root, no password) does it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, launchApp } from "../e2e/harness/app.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/test-updater.sh`);
  return value;
};
const OLD_DEB = env("UPDATER_TEST_DEB");
const KEY = readFileSync(env("UPDATER_TEST_KEY"), "utf8").trim();
const OTHER_KEY = readFileSync(env("UPDATER_TEST_OTHER_KEY"), "utf8").trim();
const PORT = Number(env("UPDATER_TEST_PORT"));
const PACKAGE = "whats-tip";
const MARKER = "/usr/share/whats-tip/updater-test-marker";
const TARGET = "linux-x86_64-deb";
const work = mkdtempSync(join(tmpdir(), "whats-tip-updater-"));
const SCREENSHOTS = process.env.WHATS_TIP_SCREENSHOTS ?? join(ROOT, "tests/e2e/screenshots");

function sh(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

function installedVersion() {
  try {
    return sh("dpkg-query", ["-W", "-f=${Version}", PACKAGE]).trim();
  } catch {
    return null;
  }
}

/** A copy of the built package with another Version and a marker file, re-signed or not. */
function repackage(version, { marker = true } = {}) {
  const dir = join(work, `pkg-${version}`);
  sh("dpkg-deb", ["-R", OLD_DEB, dir]);
  const controlPath = join(dir, "DEBIAN/control");
  const control = readFileSync(controlPath, "utf8").replace(/^Version: .*$/m, `Version: ${version}`);
  writeFileSync(controlPath, control);
  if (marker) {
    sh("mkdir", ["-p", join(dir, "usr/share/whats-tip")]);
    writeFileSync(join(dir, MARKER), `${version}\n`);
  }
  const deb = join(work, `Whats TIP_${version}_amd64.deb`);
  sh("dpkg-deb", ["--root-owner-group", "-Zgzip", "-b", dir, deb]);
  return deb;
}

/** `tauri signer sign`, bound to `version` (what `requireSignedVersion` checks). */
function sign(file, key, version) {
  sh("npx", ["tauri", "signer", "sign", "-k", key, "-p", "", "--app-version", version, file], { cwd: ROOT });
  return readFileSync(`${file}.sig`, "utf8").trim();
}

// The local update server: one feed at a time; every request is logged.
let feed = null;
const files = new Map();
const requests = [];
const server = createServer((req, res) => {
  requests.push(req.url);
  if (req.url === "/latest.json") {
    if (!feed) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(feed));
    return;
  }
  const file = files.get(req.url);
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, { "content-type": "application/vnd.debian.binary-package", "content-length": body.length }).end(body);
});

function serve(path, name) {
  const url = `/files/${name}`;
  files.set(url, path);
  return `http://127.0.0.1:${PORT}${url}`;
}

function feedFor(version, platform) {
  return { version, notes: `Whats TIP ${version}\n- campanhas mais rápidas`, pub_date: "2026-12-05T12:00:00Z", platforms: { [TARGET]: platform } };
}

before(async () => {
  assert.equal(sh("id", ["-u"]).trim(), "0", "installs with dpkg: run as root (CI does)");
  if (installedVersion()) sh("dpkg", ["-r", PACKAGE]);
  sh("dpkg", ["-i", OLD_DEB]);
  assert.equal(installedVersion(), "0.1.0");
  await new Promise((resolve) => server.listen(PORT, "127.0.0.1", resolve));
});

after(async () => {
  server.close();
  try {
    sh("dpkg", ["-r", PACKAGE]);
  } catch {
    // not installed
  }
  rmSync(work, { recursive: true, force: true });
});

/** Which state the update dialog shows. */
async function dialogState(session) {
  return session.execute(`
    for (const id of ["update-available", "update-failed", "update-up-to-date", "update-installed", "update-manual"]) {
      if (document.querySelector('[data-testid="' + id + '"]')) return id;
    }
    return null;`);
}

async function errorCode(session) {
  return session.execute(`return document.querySelector('[data-testid="update-failed"] [data-testid="error-alert"]')?.dataset.code ?? null`);
}

async function openCheck(session) {
  await session.execute(`document.querySelectorAll('.mantine-Modal-close').forEach((b) => b.click())`);
  await session.waitFor("no dialog left open", async () => (await session.findAll('[data-testid="update-dialog"]')).length === 0);
  await session.clickUntil("help menu", "help-menu", async () => (await session.findAll('[data-testid="menu-check-updates"]')).length > 0);
  await (await session.byTestId("menu-check-updates")).click();
  return session.waitFor("a check result", () => dialogState(session), 30000);
}

/** Checks, installs if offered, and returns the final state and error code. */
async function tryUpdate(session) {
  let state = await openCheck(session);
  if (state === "update-available") {
    await (await session.byTestId("update-install")).click();
    state = await session.waitFor("the install's outcome", async () => {
      const s = await dialogState(session);
      return s === "update-available" ? null : s;
    }, 60000);
  }
  return { state, code: state === "update-failed" ? await errorCode(session) : null };
}

function assertUnchanged(what) {
  assert.equal(installedVersion(), "0.1.0", `${what}: the installed version must not change`);
  assert.equal(existsSync(MARKER), false, `${what}: nothing of the update may be installed`);
}

test("the installed .deb refuses bad updates and installs a signed newer one", async () => {
  const newDeb = repackage("0.2.0");
  const goodSig = sign(newDeb, KEY, "0.2.0");
  const tampered = join(work, "tampered", basename(newDeb));
  sh("mkdir", ["-p", join(work, "tampered")]);
  copyFileSync(newDeb, tampered);
  const bytes = readFileSync(tampered);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  writeFileSync(tampered, bytes);
  const otherDir = join(work, "other");
  sh("mkdir", ["-p", otherDir]);
  const otherDeb = join(otherDir, basename(newDeb));
  copyFileSync(newDeb, otherDeb);
  const otherSig = sign(otherDeb, OTHER_KEY, "0.2.0");
  const olderDeb = repackage("0.0.9");
  const olderSig = sign(olderDeb, KEY, "0.0.9");

  const app = await launchApp("updater", { env: { RUST_LOG: "info" } });
  const { session } = app;
  try {
    await session.waitFor("the app's shell", async () => (await session.findAll('[data-testid="help-menu"]')).length > 0, 30000);

    // The running binary reads the stamp the bundler gave it: About says ".deb", self-updating.
    await session.clickUntil("help menu", "help-menu", async () => (await session.findAll('[data-testid="menu-about"]')).length > 0);
    await (await session.byTestId("menu-about")).click();
    const about = await session.waitFor("the About dialog", async () => {
      const text = await (await session.byTestId("about-dialog")).textContent();
      return text.includes("Versão 0.1.0") ? text : null;
    });
    assert.match(about, /Pacote \.deb/);
    assert.match(about, /se atualiza sozinha, com versões assinadas \(linux-x86_64-deb\)/);
    await app.screenshot("updater-00-about");

    // 1. Tampered package: downloaded, then refused by the signature check.
    feed = feedFor("0.2.0", { signature: goodSig, url: serve(tampered, "tampered.deb") });
    let outcome = await tryUpdate(session);
    assert.deepEqual(outcome, { state: "update-failed", code: "UPDATE_BAD_SIGNATURE" }, "tampered package");
    assert.ok(requests.includes("/files/tampered.deb"), "the tampered package was downloaded before being refused");
    assertUnchanged("tampered package");
    await app.screenshot("updater-01-tampered-refused");

    // 2. A signature from another key.
    feed = feedFor("0.2.0", { signature: otherSig, url: serve(otherDeb, "other-key.deb") });
    outcome = await tryUpdate(session);
    assert.deepEqual(outcome, { state: "update-failed", code: "UPDATE_BAD_SIGNATURE" }, "other key");
    assert.ok(requests.includes("/files/other-key.deb"));
    assertUnchanged("signature from another key");

    // 3. No signature in the feed: refused before any download.
    feed = feedFor("0.2.0", { url: serve(newDeb, "unsigned.deb") });
    outcome = await tryUpdate(session);
    assert.deepEqual(outcome, { state: "update-failed", code: "UPDATE_BAD_SIGNATURE" }, "missing signature");
    assert.ok(!requests.includes("/files/unsigned.deb"), "an unsigned update is never downloaded");
    assertUnchanged("missing signature");

    // 4. A valid 0.2.0 package announced as 0.3.0 (a replayed signature): refused.
    feed = feedFor("0.3.0", { signature: goodSig, url: serve(newDeb, "replayed.deb") });
    outcome = await tryUpdate(session);
    assert.deepEqual(outcome, { state: "update-failed", code: "UPDATE_BAD_SIGNATURE" }, "version mismatch");
    assertUnchanged("signature for another version");

    // 5. An older version, properly signed: not offered.
    feed = feedFor("0.0.9", { signature: olderSig, url: serve(olderDeb, "older.deb") });
    outcome = await tryUpdate(session);
    assert.deepEqual(outcome, { state: "update-up-to-date", code: null }, "older version");
    assert.ok(!requests.includes("/files/older.deb"));
    assertUnchanged("older version");

    // 6. The server is down: a clear message, the app keeps working.
    feed = null;
    outcome = await tryUpdate(session);
    assert.deepEqual(outcome, { state: "update-failed", code: "UPDATE_SERVER_ERROR" }, "feed missing");
    assertUnchanged("feed missing");

    // 7. The real thing: found, downloaded, verified, installed.
    feed = feedFor("0.2.0", { signature: goodSig, url: serve(newDeb, "good.deb") });
    let state = await openCheck(session);
    assert.equal(state, "update-available");
    const shown = await (await session.byTestId("update-version")).text();
    assert.match(shown, /0\.2\.0/);
    assert.match(await (await session.byTestId("update-notes")).text(), /campanhas mais rápidas/);
    await app.screenshot("updater-02-available");
    await (await session.byTestId("update-install")).click();
    state = await session.waitFor("installed", async () => {
      const s = await dialogState(session);
      return s === "update-installed" || s === "update-failed" ? s : null;
    }, 90000);
    assert.equal(state, "update-installed", `install failed: ${await errorCode(session)}`);
    await app.screenshot("updater-03-installed");
    assert.equal(installedVersion(), "0.2.0", "dpkg shows the new version");
    assert.equal(readFileSync(MARKER, "utf8").trim(), "0.2.0", "the new package's files are installed");
    assert.ok(requests.includes("/files/good.deb"));
    assert.match(app.logText(), /update installed/);
  } finally {
    await app.close();
  }
  writeFileSync(join(SCREENSHOTS, "updater-requests.txt"), `${requests.join("\n")}\n`);
});
