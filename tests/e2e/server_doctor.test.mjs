// The Server doctor in the real window: an instance the sandbox never gives a QR (the `noQr`
// fault) gets the doctor panel with the server variables, then connects after the fix and a
// restart; a server version the app was not tested with is flagged on the Instances screen.
// WHATS_TIP_NO_QR_AFTER_SECS shortens the ~60 s wait (it can only shorten it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { launchApp, newProfile, storeKey } from "./harness/app.mjs";
import { startSandbox } from "./harness/sandbox.mjs";

async function open(sandbox, name) {
  const keyringService = `whats-tip-e2e-${name}-${process.pid}-${Date.now()}`;
  storeKey(keyringService, "evolution-api-key", sandbox.key);
  return launchApp(name, {
    dataDir: newProfile(name, { evolutionUrl: sandbox.url }),
    keyringService,
    env: { WHATS_TIP_NO_QR_AFTER_SECS: "4" },
  });
}

test("an instance stuck connecting without a QR gets the server doctor, and connects once fixed", async () => {
  const sandbox = await startSandbox({ serverVersion: "2.2.3", faults: { noQr: true } });
  const app = await open(sandbox, "server-doctor");
  const { session } = app;
  try {
    // The app opens on Início (home); the numbers are under Instâncias.
    await (await session.waitFor("navigation", () => session.byTestId("nav-instances"))).click();
    await session.waitFor("empty list", () => session.byTestId("instances-empty"));
    await (await session.byTestId("instance-new")).click();
    await (await session.byTestId("instance-name")).type("loja-sem-qr");
    await (await session.byTestId("instance-create-submit")).click();

    const panel = await session.waitFor("server doctor", () => session.byTestId("server-doctor"), 30000);
    assert.equal((await session.findAll('[data-testid="qr-image"]')).length, 0, "no QR was ever shown");
    const text = await panel.textContent();
    assert.match(text, /Diagnóstico do servidor/);
    assert.match(text, /loja-sem-qr: nenhum QR code depois de \d+ s/);
    // 2.2.x pins the WhatsApp Web version: the doctor says so, and what to set.
    assert.match(text, /A Evolution API 2\.2\.3 usa uma versão fixa do WhatsApp Web/);
    for (const line of [
      "CONFIG_SESSION_PHONE_VERSION=2.3000.1029423425",
      "CONFIG_SESSION_PHONE_CLIENT=Evolution API",
      "CONFIG_SESSION_PHONE_NAME=Chrome",
      "CACHE_REDIS_ENABLED=false",
      "DEL_INSTANCE=false",
    ]) {
      assert.ok(text.includes(line), `${line} in the panel`);
    }
    // The panel's top just under the dialog's sticky title, for the screenshot.
    await session.execute(
      "document.querySelector('[data-testid=\"server-doctor\"]')?.scrollIntoView({block: 'start'});" +
        "const body = document.querySelector('.mantine-Modal-content'); if (body) body.scrollTop -= 64;",
    );
    await app.screenshot("server-doctor");

    // The server is fixed; "restart and try again" brings the QR.
    await sandbox.setFaults({});
    const restarts = async () =>
      (await sandbox.requests()).filter((r) => r.method === "POST" && r.path.startsWith("/instance/restart/loja-sem-qr"));
    // The QR can come by itself once the server is fixed (the dialog keeps polling), and then
    // the doctor and its button are gone: no restart is needed, and none may happen.
    // Otherwise "restart and try again" restarts the instance exactly once. The panel
    // re-renders as its diagnosis refreshes: a click that lands on a button being replaced
    // is lost (no request reaches the server), so click again only then.
    const qrShown = async () => (await session.findAll('[data-testid="qr-image"]')).length > 0;
    for (let attempt = 1; (await restarts()).length === 0 && !(await qrShown()); attempt++) {
      assert.ok(attempt <= 4, "the retry button never restarted the instance");
      const retry = await session.findAll('[data-testid="server-doctor-retry"]');
      if (retry.length > 0) await retry[0].click().catch(() => {});
      const deadline = Date.now() + 3000;
      while ((await restarts()).length === 0 && !(await qrShown()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
    const restartedBeforeQr = (await restarts()).length;
    await session.waitFor("QR after the fix", () => session.byTestId("qr-image"), 20000);
    assert.equal((await session.findAll('[data-testid="server-doctor"]')).length, 0, "the doctor is gone once a QR came");
    assert.ok(restartedBeforeQr <= 1, "at most the one restart the retry asked for");
    assert.equal((await restarts()).length, restartedBeforeQr, "no restart after the QR came");
  } finally {
    await app.close();
    await sandbox.stop();
  }
});

test("a server version the app was not tested with is flagged on the Instances screen", async () => {
  const sandbox = await startSandbox({ serverVersion: "2.4.0-rc1" });
  const app = await open(sandbox, "server-version");
  const { session } = app;
  try {
    await (await session.waitFor("navigation", () => session.byTestId("nav-instances"))).click();
    const warning = await session.waitFor("version warning", () => session.byTestId("server-version-warning"), 20000);
    assert.equal(await warning.attribute("data-support"), "untested");
    assert.match(await warning.textContent(), /A Evolution API 2\.4\.0-rc1 não foi testada com este app \(testadas: 2\.2–2\.3\)/);
  } finally {
    await app.close();
    await sandbox.stop();
  }
});
