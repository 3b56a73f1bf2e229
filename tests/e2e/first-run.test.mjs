// The first-run guide in the real window, from an empty profile. The demo path is walked to a
// sent test message counting every click (the goal: ≤ 10 clicks and ≤ 3 minutes); the
// "connect my server" path shows the plain-language errors for a v1 server, http/https
// swapped and a wrong key, then connects to the sandbox and sends the test message there.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp } from "./harness/app.mjs";
import { startSandbox } from "./harness/sandbox.mjs";

/** A profile folder with nothing in it: the app has never been set up. */
function emptyProfile(name) {
  return mkdtempSync(join(tmpdir(), `whats-tip-e2e-${name}-`));
}

/** Clicks one element once it can take the click (shown, enabled, not loading), counting it. */
function countingClicker(session) {
  const counter = {
    clicks: 0,
    async click(testId) {
      const element = await session.waitFor(`${testId} ready to click`, async () => {
        const el = await session.byTestId(testId);
        const ready = (await el.displayed()) && (await el.enabled()) && (await el.attribute("data-loading")) === null;
        return ready ? el : null;
      });
      counter.clicks += 1;
      await element.click();
    },
  };
  return counter;
}

/** The saved settings; `{}` while nothing was saved yet. */
function savedSettings(dataDir) {
  const path = join(dataDir, "settings.json");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")).settings : {};
}

test("first run, demo path: a first test message in at most 10 clicks and 3 minutes", async () => {
  const dataDir = emptyProfile("first-run-demo");
  const app = await launchApp("first-run-demo", { dataDir });
  const { session } = app;
  try {
    const started = Date.now();
    const user = countingClicker(session);
    await session.waitFor("the guide", async () => (await (await session.byTestId("first-run")).attribute("data-step")) === "language");
    assert.equal(await (await session.byTestId("firstrun-language-pt-BR")).attribute("aria-pressed"), "true", "Portuguese is preselected");
    await app.screenshot("first-run-1-language");

    await user.click("firstrun-language-next");
    await session.waitFor("server choice", () => session.byTestId("firstrun-demo"));
    await app.screenshot("first-run-server");
    await user.click("firstrun-demo");
    await session.waitFor("instance step", async () => (await (await session.byTestId("first-run")).attribute("data-step")) === "instance");
    assert.equal(await (await session.byTestId("firstrun-instance-name")).property("value"), "minha-loja", "a name is suggested");
    await user.click("firstrun-instance-create");
    await session.waitFor("QR shown", () => session.byTestId("qr-image"));
    await app.screenshot("first-run-2-qr");
    await user.click("demo-scan");
    await user.click("connect-done");

    await session.waitFor("contacts step", async () => (await (await session.byTestId("first-run")).attribute("data-step")) === "contacts");
    // The connected demo phone's number is offered as the user's own.
    await session.waitFor("own number filled", async () => (await (await session.byTestId("firstrun-own-number")).property("value")) === "+55 11 98765-4321");
    await user.click("firstrun-sample");
    const imported = await session.waitFor("sample imported", () => session.byTestId("firstrun-sample-done"));
    assert.match(await imported.textContent(), /Exemplo do primeiro uso.*4 contatos/);
    assert.equal(await (await session.byTestId("firstrun-send-number")).property("value"), "+55 11 98765-4321");
    await app.screenshot("first-run-3-message");

    await user.click("firstrun-send");
    const sent = await session.waitFor("message sent", () => session.byTestId("firstrun-sent"));
    assert.ok((await sent.attribute("data-message-id")).length > 0, "the server's message id is shown");
    assert.equal(await sent.attribute("data-to"), "5511987654321");
    assert.equal(await sent.attribute("data-recorded"), "true", "the demo server has the message in its store");
    assert.match(await sent.textContent(), /O servidor de demonstração registrou a mensagem/);
    await app.screenshot("first-run-4-sent");
    await user.click("firstrun-finish");
    await session.waitFor("the app itself", () => session.byTestId("nav-instances"));
    const seconds = (Date.now() - started) / 1000;

    console.log(`first run, demo path: ${user.clicks} clicks, ${seconds.toFixed(1)} s`);
    assert.ok(user.clicks <= 10, `${user.clicks} clicks`);
    assert.ok(seconds <= 180, `${seconds} s`);
    assert.equal(savedSettings(dataDir).firstRunDone, true, "the guide does not come back");
    // The sample list is a real list of the app.
    await (await session.byTestId("nav-contacts")).click();
    await session.waitFor("sample list in Contacts", async () => (await (await session.find("body")).textContent()).includes("Exemplo do primeiro uso"));
  } finally {
    await app.close();
  }
});

/** An Evolution v1 double: `GET /` answers with the old welcome and version. */
function startOldServer() {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.method === "GET" && req.url === "/") {
      return res.end(JSON.stringify({ status: 200, message: "Welcome to the Evolution API, it is working!", version: "1.8.2" }));
    }
    res.end("[]");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("first run, own server: v1, https to an http server and a wrong key are explained; then it connects and sends", async () => {
  const sandbox = await startSandbox({ key: "first-run-e2e-global-key" });
  const old = await startOldServer();
  const dataDir = emptyProfile("first-run-connect");
  let app = await launchApp("first-run-connect", { dataDir });
  let { session } = app;
  const stepIs = async (step) => (await (await session.byTestId("first-run")).attribute("data-step")) === step;
  const errorCode = async () => (await (await session.byTestId("firstrun-connect-error")).attribute("data-code"));
  try {
    await session.waitFor("the guide", () => stepIs("language"));
    await (await session.byTestId("firstrun-language-next")).click();
    await (await session.waitFor("server choice", () => session.byTestId("firstrun-connect"))).click();
    const url = await session.waitFor("address field", () => session.byTestId("firstrun-url"));
    const key = await session.byTestId("firstrun-key");

    // A v1 server, even with a key: too old, with what to do.
    await url.type(`http://127.0.0.1:${old.address().port}`);
    await key.type("first-run-e2e-global-key");
    await (await session.byTestId("firstrun-connect-submit")).click();
    await session.waitFor("too old", async () => (await errorCode()) === "EVOLUTION_TOO_OLD");
    assert.match(await (await session.byTestId("firstrun-connect-error")).textContent(), /Evolution API 1\.8\.2, antigo demais.*atualizá-lo/);

    // https:// to the sandbox, which only speaks http: the address that answers is named.
    await url.clear();
    await url.type(sandbox.url.replace("http://", "https://"));
    await (await session.byTestId("firstrun-connect-submit")).click();
    await session.waitFor("wrong scheme", async () => (await errorCode()) === "EVOLUTION_WRONG_SCHEME");
    assert.ok((await (await session.byTestId("firstrun-connect-advice")).textContent()).includes(`use o endereço ${sandbox.url}`));

    // The right address with an instance token instead of the global key.
    await url.clear();
    await url.type(sandbox.url);
    await key.clear();
    await key.type("an-instance-token-not-the-global-key");
    await (await session.byTestId("firstrun-connect-submit")).click();
    await session.waitFor("wrong key", async () => (await errorCode()) === "EVOLUTION_UNAUTHORIZED");
    assert.match(await (await session.byTestId("firstrun-connect-advice")).textContent(), /AUTHENTICATION_API_KEY/);
    await app.screenshot("first-run-wrong-key");
    assert.equal(savedSettings(dataDir).evolutionUrl ?? null, null, "nothing saved after a failed test");
    assert.equal(app.keychainLookup("evolution-api-key"), null);

    await key.clear();
    await key.type("first-run-e2e-global-key");
    await (await session.byTestId("firstrun-connect-submit")).click();
    const connected = await session.waitFor("connected", () => session.byTestId("firstrun-connected"));
    assert.equal(await connected.attribute("data-support"), "tested");
    assert.equal(savedSettings(dataDir).evolutionUrl, sandbox.url);
    assert.equal(app.keychainLookup("evolution-api-key"), "first-run-e2e-global-key");
    await (await session.byTestId("firstrun-connected-next")).click();
    await session.waitFor("instance step", () => stepIs("instance"));

    // The app closes here; opened again, the guide resumes where the real setup stopped.
    await app.close();
    app = await launchApp("first-run-connect", { dataDir, keyringService: app.keyringService });
    session = app.session;
    await session.waitFor("resumed at the instance step", () => stepIs("instance"));

    // The phone scans the QR (the sandbox's control API plays the phone).
    await (await session.waitFor("instance step", () => session.byTestId("firstrun-instance-create"))).click();
    await session.waitFor("QR shown", () => session.byTestId("qr-image"));
    await sandbox.scan("minha-loja", "5581990000001", "Loja Primeiro Uso");
    const profile = await session.waitFor("profile shown", () => session.byTestId("connect-profile"), 15000);
    assert.match(await profile.textContent(), /Loja Primeiro Uso/);
    await (await session.byTestId("connect-done")).click();
    await session.waitFor("own number filled", async () => (await (await session.byTestId("firstrun-own-number")).property("value")) === "+55 81 99000-0001");
    await (await session.byTestId("firstrun-sample")).click();
    const imported = await session.waitFor("sample imported", () => session.byTestId("firstrun-sample-done"));
    assert.match(await imported.textContent(), /1 contatos/, "no made-up numbers on a real server");
    await (await session.byTestId("firstrun-send")).click();
    const sent = await session.waitFor("message sent", () => session.byTestId("firstrun-sent"));

    const messages = await sandbox.messages();
    assert.equal(messages.length, 1);
    assert.equal(messages[0].instance, "minha-loja");
    assert.equal(messages[0].number, "5581990000001");
    assert.match(messages[0].text, /primeira mensagem de teste pelo Whats TIP/);
    assert.equal(messages[0].keyId, await sent.attribute("data-message-id"));
  } finally {
    await app.close();
    old.close();
    await sandbox.stop();
  }
});
