// The Settings screen in the real window: keys go to the keychain and nowhere else,
// the language switches, and both survive a restart.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp, profileFiles } from "./harness/app.mjs";

async function textOf(session, testId) {
  return (await session.byTestId(testId)).textContent();
}

/** Every file in the profile folder, as bytes read in latin1 so binary SQLite pages are searchable. */
test("saving an OpenAI key keeps it only in the keychain; language switches and persists", async () => {
  const secret = `sk-e2e-${randomBytes(12).toString("hex")}Wx9z`;
  const app = await launchApp("settings");
  const { session } = app;
  try {
    await session.waitFor("window title", async () => (await session.title()) === "Whats TIP");
    await (await session.byTestId("nav-settings")).click();
    await session.waitFor("Portuguese settings page", async () => (await (await session.find("h2")).text()) === "Configurações");
    assert.equal(await textOf(session, "secret-status-openaiApiKey"), "Não configurada");
    await app.screenshot("01-settings-pt-BR");

    await (await session.byTestId("secret-input-openaiApiKey")).type(secret);
    await (await session.byTestId("secret-save-openaiApiKey")).click();
    await session.waitFor("key shown as configured", async () =>
      (await textOf(session, "secret-status-openaiApiKey")).includes("Configurada"),
    );
    assert.equal(await textOf(session, "secret-status-openaiApiKey"), "Configurada · termina em Wx9z");
    // Write-only: the input is gone and the page holds no copy of the key.
    assert.equal((await session.findAll('[data-testid="secret-input-openaiApiKey"]')).length, 0);
    const html = await session.execute("return document.documentElement.outerHTML");
    assert.ok(!html.includes(secret), "the key must not be in the page");
    await app.screenshot("02-settings-key-saved");

    await (await session.findXPath("//label[normalize-space()='English']")).click();
    await session.waitFor("English settings page", async () => (await (await session.find("h2")).text()) === "Settings");
    assert.equal(await textOf(session, "secret-status-openaiApiKey"), "Configured · ends in Wx9z");
    await app.screenshot("03-settings-en");

    assert.equal(app.keychainLookup("openai-api-key"), secret, "the key is in the Secret Service");
  } finally {
    await app.close();
  }

  const files = profileFiles(app.dataDir);
  const names = files.map((f) => f.path);
  assert.ok(names.some((p) => p.endsWith("settings.json")), `store file missing in ${names}`);
  assert.ok(names.some((p) => p.endsWith("whats-tip.sqlite3")), `database missing in ${names}`);
  assert.ok(names.some((p) => p.includes("/logs/")), `log file missing in ${names}`);
  for (const file of files) {
    assert.ok(!file.text.includes(secret), `the key leaked into ${file.path}`);
  }
  const store = JSON.parse(readFileSync(join(app.dataDir, "settings.json"), "utf8"));
  assert.equal(store.settings.language, "en");
  assert.match(app.logText(), /secret saved to the keychain/);

  // A restart keeps the language and the key (same profile and keychain service).
  const again = await launchApp("settings", { dataDir: app.dataDir, keyringService: app.keyringService });
  try {
    await (await again.session.byTestId("nav-settings")).click();
    await again.session.waitFor("English after restart", async () => (await (await again.session.find("h2")).text()) === "Settings");
    assert.equal(await textOf(again.session, "secret-status-openaiApiKey"), "Configured · ends in Wx9z");
    await (await again.session.byTestId("secret-remove-openaiApiKey")).click();
    await (await again.session.byTestId("secret-confirm-remove-openaiApiKey")).click();
    await again.session.waitFor("key removed", async () => (await textOf(again.session, "secret-status-openaiApiKey")) === "Not configured");
    assert.equal(again.keychainLookup("openai-api-key"), null, "removed from the Secret Service");
  } finally {
    await again.close();
  }
});

test("a damaged database shows the error screen instead of crashing", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dataDir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-corrupt-"));
  const garbage = Buffer.alloc(8192, 0x5a);
  writeFileSync(join(dataDir, "whats-tip.sqlite3"), garbage);
  const app = await launchApp("corrupt", { dataDir });
  try {
    const screen = await app.session.byTestId("database-error");
    await app.session.waitFor("error screen text", async () => (await screen.textContent()).includes("Não foi possível abrir os seus dados"));
    const alert = await app.session.byTestId("error-alert");
    assert.equal(await alert.attribute("data-code"), "DATABASE_CORRUPT");
    await app.screenshot("04-database-error");
  } finally {
    await app.close();
  }
  assert.ok(readFileSync(join(dataDir, "whats-tip.sqlite3")).equals(garbage), "the damaged file is left untouched");
  assert.ok(existsSync(join(dataDir, "logs")));
});

test("without a keychain the app explains how to fix it and key entry is disabled", async () => {
  const app = await launchApp("no-keychain", { env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/whats-tip-e2e-bus" } });
  try {
    await (await app.session.byTestId("nav-settings")).click();
    const alert = await app.session.byTestId("keychain-unavailable");
    await app.session.waitFor("keychain advice", async () => (await alert.textContent()).includes("gnome-keyring"));
    assert.equal(await (await app.session.byTestId("secret-input-openaiApiKey")).enabled(), false);
    assert.equal(await (await app.session.byTestId("secret-status-openaiApiKey")).textContent(), "Chaveiro indisponível");
    await app.screenshot("05-keychain-unavailable");
  } finally {
    await app.close();
  }
});
