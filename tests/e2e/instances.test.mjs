// The Instances screen in the real window against the Evolution sandbox: create, connect by
// QR (decoded from a screenshot and compared with the sandbox), rotation, scan, pairing
// code, delete; wrong key and dead server; demo mode.
import assert from "node:assert/strict";
import { test } from "node:test";
import { launchApp, newProfile, storeKey } from "./harness/app.mjs";
import { decodeQr, startSandbox } from "./harness/sandbox.mjs";

const byState = (session, name) => session.byTestId(`instance-state-${name}`);

/**
 * Decodes the QR shown in the window and checks it is the sandbox's current one. The sandbox
 * is read before and after the screenshot, so a rotation in between cannot cause a false
 * failure; the window must still show one of those two payloads exactly.
 */
async function qrFromWindow(app, sandbox, instance, shotName) {
  // A few tries: a screenshot can catch a frame WebKit has not finished painting.
  for (let attempt = 1; ; attempt++) {
    const before = await sandbox.currentQr(instance);
    const path = await app.screenshot(shotName);
    const after = await sandbox.currentQr(instance);
    const codes = decodeQr(path);
    if (codes.length === 0 && attempt < 5) continue;
    assert.equal(codes.length, 1, `expected one QR in ${path}, found ${codes.length}`);
    assert.ok([before, after].includes(codes[0]), "the window shows the sandbox's current QR");
    return codes[0];
  }
}

test("create an instance, connect it by QR as it rotates, pair by code, then delete it", async () => {
  const sandbox = await startSandbox({ qrRotateSecs: 8 });
  const keyringService = `whats-tip-e2e-instances-${process.pid}-${Date.now()}`;
  storeKey(keyringService, "evolution-api-key", sandbox.key);
  const app = await launchApp("instances", { dataDir: newProfile("instances", { evolutionUrl: sandbox.url }), keyringService });
  const { session } = app;
  try {
    // The app opens on Início (home); the numbers are under Instâncias.
    await (await session.waitFor("navigation", () => session.byTestId("nav-instances"))).click();
    await session.waitFor("empty list", () => session.byTestId("instances-empty"));
    await (await session.byTestId("instance-new")).click();
    await (await session.byTestId("instance-name")).type("loja e2e");
    const submit = await session.byTestId("instance-create-submit");
    assert.equal(await submit.enabled(), false, "a name with a space is refused while typing");
    await (await session.byTestId("instance-name")).clear();
    await (await session.byTestId("instance-name")).type("loja-e2e");
    await (await session.byTestId("instance-create-submit")).click();

    // The QR is drawn locally from the sandbox's `code`: decode it from the window.
    const image = await session.waitFor("QR image", () => session.byTestId("qr-image"), 20000);
    const firstId = await image.attribute("data-qr-id");
    const first = await qrFromWindow(app, sandbox, "loja-e2e", "08-instance-qr");

    // It rotates by itself.
    await session.waitFor(
      "QR rotation",
      async () => (await (await session.byTestId("qr-image")).attribute("data-qr-id")) !== firstId,
      20000,
    );
    const second = await qrFromWindow(app, sandbox, "loja-e2e", "09-instance-qr-rotated");
    assert.notEqual(second, first, "the QR in the window changed");

    await sandbox.scan("loja-e2e", "5511987654321", "Loja E2E");
    await session.waitFor("connected", () => session.byTestId("connect-connected"), 15000);
    const profile = await session.waitFor("profile in the dialog", () => session.byTestId("connect-profile"), 15000);
    assert.equal(await profile.textContent(), "Loja E2E · +55 11 98765-4321");
    await app.screenshot("10-instance-connected");
    await (await session.byTestId("connect-done")).click();
    await session.waitFor("open in the list", async () => (await (await byState(session, "loja-e2e")).attribute("data-state")) === "open");
    assert.equal(await (await session.byTestId("instance-profile-loja-e2e")).textContent(), "Loja E2E");
    assert.match(await (await session.byTestId("instance-row-loja-e2e")).textContent(), /\+55 11 98765-4321/);
    await app.screenshot("11-instances-list");

    // Pairing code for a second instance.
    await (await session.byTestId("instance-new")).click();
    await (await session.byTestId("instance-name")).type("loja-pareamento");
    await (await session.byTestId("instance-create-submit")).click();
    await session.waitFor("pairing tab", () => session.byTestId("pairing-tab"));
    await session.clickUntil("pairing panel", "pairing-tab", async () => (await session.byTestId("pairing-number")).displayed());
    await (await session.byTestId("pairing-number")).type("(21) 99876-5432");
    // Clicked until the request starts: a click landing while the tab still animates in is lost.
    await session.clickUntil("pairing request", "pairing-submit", async () => (await session.findAll('[data-testid="pairing-code"]')).length > 0);
    const code = await session.waitFor("pairing code", async () => {
      const text = await (await session.byTestId("pairing-code")).textContent();
      return /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(text) ? text : null;
    });
    assert.ok(code);
    await app.screenshot("12-pairing-code");
    const requests = await sandbox.requests();
    assert.ok(
      requests.some((r) => r.path === "/instance/connect/loja-pareamento" && JSON.stringify(r.query ?? "").includes("5521998765432")),
      "the pairing code was asked for the number with Brazil's country code",
    );
    await session.execute("document.querySelector('.mantine-Modal-close')?.click()");

    // Delete with confirmation.
    await (await session.waitFor("menu", () => session.byTestId("instance-menu-loja-e2e"))).click();
    await (await session.waitFor("delete item", () => session.byTestId("instance-delete-loja-e2e"))).click();
    await session.waitFor("confirm", () => session.byTestId("confirm-action"));
    await session.clickUntil(
      "delete confirmed",
      "confirm-action",
      async () => (await session.findAll('[data-testid="confirm-action"]')).length === 0,
    );
    await session.waitFor(
      "row removed",
      async () => (await session.findAll('[data-testid="instance-row-loja-e2e"]')).length === 0,
      20000,
    );
    const deletes = (await sandbox.requests()).filter((r) => r.method === "DELETE" && r.path === "/instance/delete/loja-e2e");
    assert.equal(deletes.length, 1, "exactly one delete reached the server");
  } finally {
    await app.close();
    await sandbox.stop();
  }
});

test("a wrong API key and a dead server each get a translated explanation", async () => {
  const sandbox = await startSandbox();
  const keyringService = `whats-tip-e2e-badkey-${process.pid}-${Date.now()}`;
  storeKey(keyringService, "evolution-api-key", "definitely-not-the-key");
  const app = await launchApp("badkey", { dataDir: newProfile("badkey", { evolutionUrl: sandbox.url }), keyringService });
  const { session } = app;
  try {
    // The app opens on Início; the server's errors show on Instâncias.
    await (await session.waitFor("navigation", () => session.byTestId("nav-instances"))).click();
    const alert = await session.waitFor("unauthorized", async () => {
      const el = await session.byTestId("error-alert");
      return (await el.attribute("data-code")) === "EVOLUTION_UNAUTHORIZED" ? el : null;
    });
    assert.match(await alert.textContent(), /recusou a chave de API/);
    assert.match(await (await session.byTestId("instances-error")).textContent(), /Confira a chave de API global em Configurações/);
    await app.screenshot("13-instances-wrong-key");

    await sandbox.stop();
    await session.waitFor(
      "unreachable",
      async () => (await (await session.byTestId("error-alert")).attribute("data-code")) === "EVOLUTION_UNREACHABLE",
      30000,
    );
    assert.match(await (await session.byTestId("error-alert")).textContent(), /Não foi possível alcançar o servidor/);
  } finally {
    await app.close();
    await sandbox.stop();
  }
});

test("demo mode runs a local server, clearly labelled, where an instance can connect", async () => {
  const app = await launchApp("demo");
  const { session } = app;
  try {
    await (await session.waitFor("navigation", () => session.byTestId("nav-instances"))).click();
    await (await session.waitFor("not configured", () => session.byTestId("demo-start"))).click();
    await session.waitFor("demo banner", () => session.byTestId("demo-banner"));
    assert.equal(await (await session.byTestId("demo-badge")).textContent(), "Demonstração", "the header says demo on every screen");
    await (await session.waitFor("new", () => session.byTestId("instance-new"))).click();
    await (await session.byTestId("instance-name")).type("demo-1");
    await (await session.byTestId("instance-create-submit")).click();
    await session.waitFor("QR image", () => session.byTestId("qr-image"), 20000);
    await app.screenshot("14-demo-qr");
    await (await session.byTestId("demo-scan")).click();
    await session.waitFor("connected", () => session.byTestId("connect-connected"), 15000);
    await (await session.byTestId("connect-done")).click();
    await session.waitFor("open", async () => (await (await byState(session, "demo-1")).attribute("data-state")) === "open");
    assert.match(await (await session.byTestId("demo-banner")).textContent(), /Nada é enviado ao WhatsApp/);
    await app.screenshot("15-demo-connected");
  } finally {
    await app.close();
  }
});
