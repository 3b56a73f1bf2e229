// "Test connection" in the real window against a local Evolution double (GET / and the key
// check, bodies from shared/evolution-api.md), and against a closed port.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { launchApp } from "./harness/app.mjs";

const WELCOME = {
  status: 200,
  message: "Welcome to the Evolution API, it is working!",
  version: "2.3.6",
  clientName: "evolution_exchange",
  manager: "http://127.0.0.1/manager",
  documentation: "https://doc.evolution-api.com",
  whatsappWebVersion: "2.3000.1027934701",
};
const UNAUTHORIZED = { status: 401, error: "Unauthorized", response: { message: "Unauthorized" } };

/** An Evolution double; `server.keysSeen` lists the `apikey` header of every request. */
function startDouble(globalKey) {
  const keysSeen = [];
  const server = createServer((req, res) => {
    keysSeen.push(req.headers.apikey ?? null);
    res.setHeader("content-type", "application/json");
    if (req.method === "GET" && req.url === "/") return res.end(JSON.stringify(WELCOME));
    if (req.method === "GET" && req.url.startsWith("/instance/fetchInstances")) {
      if (req.headers.apikey === globalKey) return res.end("[]");
      res.statusCode = 401;
      return res.end(JSON.stringify(UNAUTHORIZED));
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ status: 404, error: "Not Found", response: { message: [`Cannot ${req.method} ${req.url}`] } }));
  });
  server.keysSeen = keysSeen;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("test connection shows the server version, never sends the saved key to another address, then a translated error for a dead address", async () => {
  const key = "evo-e2e-global-key-123456";
  const server = await startDouble(key);
  // Another server that would accept the same key: it must never receive it unasked.
  const other = await startDouble(key);
  const app = await launchApp("evolution");
  const { session } = app;
  try {
    await (await session.byTestId("nav-settings")).click();
    const url = `http://127.0.0.1:${server.address().port}`;
    await (await session.byTestId("evolution-url")).type(url);
    await (await session.byTestId("secret-input-evolutionApiKey")).type(key);
    await (await session.byTestId("secret-save-evolutionApiKey")).click();
    await session.waitFor("evolution key saved", async () =>
      (await (await session.byTestId("secret-status-evolutionApiKey")).textContent()).includes("Configurada"),
    );
    // The key is saved with the address it belongs to: save the address, then test.
    await (await session.byTestId("settings-save")).click();
    // A loading button is disabled too, so "disabled" alone does not mean saved: wait until the
    // key field offered for an unsaved address is gone, or the Test button moves under the click.
    await session.waitFor("address saved", async () => {
      const save = await session.byTestId("settings-save");
      if ((await save.enabled()) || (await save.attribute("data-loading")) !== null) return false;
      return session.execute('return document.querySelector(\'[data-testid="evolution-test-key"]\') === null');
    });
    await (await session.byTestId("evolution-test")).click();
    const result = await session.waitFor("connection result", () => session.byTestId("evolution-test-result"));
    await session.waitFor("version shown", async () => (await result.textContent()).includes("Conectado ao Evolution API 2.3.6"));
    assert.equal(await result.attribute("data-key"), "valid");
    assert.equal(await result.attribute("data-key-source"), "saved");
    assert.match(await result.textContent(), /A chave de API foi aceita/);
    await app.screenshot("06-evolution-connected");

    // Another address typed but not saved: tested without the saved key.
    const urlField = await session.byTestId("evolution-url");
    await urlField.clear();
    await urlField.type(`http://127.0.0.1:${other.address().port}`);
    await (await session.byTestId("evolution-test")).click();
    await session.waitFor("key withheld", async () => (await (await session.byTestId("evolution-test-result")).attribute("data-key-source")) === "withheld");
    assert.match(await text(session, "evolution-test-result"), /A chave salva não foi enviada/);
    assert.ok(other.keysSeen.length > 0 && other.keysSeen.every((k) => k === null), `the other address got a key: ${other.keysSeen}`);
    // With its key typed, the test checks it.
    await (await session.byTestId("evolution-test-key")).type(key);
    await (await session.byTestId("evolution-test")).click();
    await session.waitFor("typed key used", async () => (await (await session.byTestId("evolution-test-result")).attribute("data-key-source")) === "typed");
    assert.equal(await (await session.byTestId("evolution-test-result")).attribute("data-key"), "valid");
    await app.screenshot("06b-evolution-unsaved-address");
    // Back to the saved address for the rest.
    await urlField.clear();
    await urlField.type(url);

    server.close();
    await new Promise((r) => setTimeout(r, 200));
    await (await session.byTestId("evolution-test")).click();
    const alert = await session.waitFor("unreachable error", async () => {
      const el = await session.byTestId("error-alert");
      return (await el.attribute("data-code")) === "EVOLUTION_UNREACHABLE" ? el : null;
    });
    assert.match(await alert.textContent(), /Não foi possível alcançar o servidor/);
    await app.screenshot("07-evolution-unreachable");
  } finally {
    await app.close();
    server.close();
    other.close();
  }
});

async function text(session, testId) {
  return (await session.byTestId(testId)).textContent();
}
