// The AI composer in the real window, against the local OpenAI sandbox: three variations of
// a template streamed into the assistant, one approved into the editor; then per-contact
// personalisation of the list with the cost shown first, every message reviewed, one edited,
// the batch approved. No network: the sandbox runs on loopback.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp, newProfile, profileFiles, storeKey } from "./harness/app.mjs";
import { startOpenAiSandbox } from "./harness/openai_sandbox.mjs";

const text = async (session, testId) => (await (await session.byTestId(testId)).textContent()).trim();
const attr = async (session, testId, name) => (await session.byTestId(testId)).attribute(name);

/** Picks `label` in the Mantine select with `testId`. */
async function choose(session, testId, label) {
  await (await session.byTestId(testId)).click();
  const option = await session.waitFor(`option ${label}`, () => session.findXPath(`//*[@role="option"][contains(., "${label}")]`));
  await option.click();
}

/** Clicks an element after scrolling it to the middle (the right column is long). */
async function clickCentered(session, testId) {
  const element = await session.byTestId(testId);
  await session.execute("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": element.id }]);
  await element.click();
}

const BODY = "Oi {{nome|cliente}}! Camisetas por R$ 49,90 só até 25/12.";

test("variations streamed in and one used; personalisation estimated, reviewed, edited, approved", async () => {
  const ai = await startOpenAiSandbox({ chunkDelayMs: 15 });
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-ai-"));
  const sheet = join(dir, "Clientes IA.csv");
  writeFileSync(sheet, ["Nome;Celular;Cidade", "Ana Souza;(11) 98765-4321;Santos", "Bruno Lima;(21) 99876-5432;Niterói", ""].join("\r\n"));
  const keyringService = `whats-tip-e2e-ai-${process.pid}-${Date.now()}`;
  storeKey(keyringService, "openai-api-key", ai.key);
  const dataDir = newProfile("compose-ai", { openaiBaseUrl: ai.baseUrl, openaiModel: "gpt-4o-mini" });
  const app = await launchApp("compose-ai", { dataDir, keyringService, args: [sheet] });
  const { session } = app;
  try {
    await session.waitFor("wizard", async () => (await text(session, "import-file-name")) === "Clientes IA.csv");
    await (await session.waitFor("mapping", () => session.byTestId("import-next"))).click();
    await session.waitFor("check", async () => /2/.test(await text(session, "import-start")));
    await (await session.byTestId("import-start")).click();
    await (await session.waitFor("import done", () => session.byTestId("import-finish"), 60000)).click();

    // A template, then three variations from the assistant.
    await (await session.byTestId("nav-templates")).click();
    await (await session.waitFor("library", () => session.byTestId("templates-create-first"))).click();
    await (await session.waitFor("editor", () => session.byTestId("template-name"))).type("Camisetas");
    const body = await session.byTestId("template-body");
    await body.type(BODY);
    await session.waitFor("lint ok", () => session.byTestId("lint-ok"));
    await (await session.byTestId("assist-tab-variations")).click();
    await ai.resetJournal();
    await (await session.byTestId("assist-run")).click();
    // The answer is written while it streams, before the variations are judged.
    await session.waitFor("streaming text", async () => (await text(session, "assist-streaming")).length > 0, 20000);
    await session.waitFor("three variations", () => session.byTestId("assist-result-2"), 60000);
    const variations = [];
    for (const i of [0, 1, 2]) variations.push(await text(session, `assist-result-${i}`));
    for (const v of variations) {
      assert.ok(v.includes("R$ 49,90") && v.includes("25/12") && v.includes("{{nome|cliente}}"), `facts kept in: ${v}`);
      assert.notEqual(v.replace(/Usar este texto$/, "").trim(), BODY);
    }
    assert.equal(new Set(variations).size, 3, "three different variations");
    const journal = await ai.journal();
    assert.ok(journal.requests.length >= 1, "the sandbox was asked");
    assert.ok(journal.requests.every((r) => r.stream === true), "the answer was streamed");
    await app.screenshot("24-ai-variations");

    // Use the second one: it replaces the body.
    await clickCentered(session, "assist-use-1");
    const chosen = variations[1].replace(/Usar este texto$/, "").trim();
    await session.waitFor("body replaced", async () => (await (await session.byTestId("template-body")).property("value")).trim() === chosen);
    await session.waitFor("save enabled", async () => (await session.byTestId("template-save")).enabled());
    await clickCentered(session, "template-save");
    await session.waitFor("saved", async () => (await text(session, "editor-title")) === "Camisetas");

    // Personalise the list: the estimate first, nothing asked of the AI yet.
    await ai.resetJournal();
    await (await session.byTestId("editor-back")).click();
    await (await session.byTestId("nav-personalise")).click();
    await (await session.waitFor("personalise page", () => session.byTestId("personalise-new-button"))).click();
    await choose(session, "personalise-template", "Camisetas");
    await choose(session, "personalise-list", "Clientes IA");
    const estimate = await session.waitFor("estimate", () => session.byTestId("personalise-estimate"));
    assert.match(await estimate.textContent(), /Custo estimado: US\$\s?0[,.]\d+/);
    assert.match(await estimate.textContent(), /2 pedidos à IA/);
    assert.equal((await ai.journal()).requests.length, 0, "estimating costs nothing");
    await app.screenshot("25-personalise-estimate");

    await (await session.byTestId("personalise-prepare")).click();
    await (await session.waitFor("run ready", () => session.byTestId("run-start"))).click();
    await session.waitFor("run completed", async () => (await attr(session, "personalise-run", "data-status")) === "completed", 60000);
    assert.equal((await ai.journal()).requests.length, 2, "one request per contact");
    const first = await text(session, "message-0");
    assert.ok(first.includes("Ana Souza") && first.includes("R$ 49,90") && first.includes("25/12"), first);
    assert.ok(!first.includes("{{"), "the message is rendered for the contact");
    assert.equal(await attr(session, "message-1", "data-status"), "done");

    // Edit Bruno's message by hand, then approve the batch.
    await (await session.find('[data-testid="message-1"] button[aria-label="Editar mensagem"]')).click();
    const edit = await session.byTestId("message-edit-1");
    await edit.clear();
    await edit.type("Bruno, camisetas por R$ 49,90 até 25/12. Passa na loja!");
    await (await session.findXPath('//*[@data-testid="message-1"]//button[contains(., "Salvar")]')).click();
    await session.waitFor("edited", async () => (await attr(session, "message-1", "data-status")) === "edited");
    await app.screenshot("26-personalise-review");
    await clickCentered(session, "run-approve");
    await session.waitFor("approved", () => session.byTestId("run-approved"));
    assert.equal(await attr(session, "personalise-run", "data-status"), "approved");
  } finally {
    await app.close();
    await ai.stop();
  }
  // The OpenAI key was used for every request, and is nowhere in the profile.
  const files = profileFiles(dataDir);
  assert.ok(files.some((f) => f.path.endsWith("whats-tip.sqlite3")) && files.some((f) => f.path.includes("/logs/")));
  for (const file of files) assert.ok(!file.text.includes(ai.key), `the OpenAI key leaked into ${file.path}`);
});
