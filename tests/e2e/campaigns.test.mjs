// Campaigns in the real window. Demo mode: a list imported from a CSV, a template, two demo
// numbers; the wizard, the pre-flight counts, a test send, start, pause, resume, the end, the
// per-recipient results. Then, against the sandbox: a send whose outcome cannot be settled
// shows under "Needs attention" and the user resolves it.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp, newProfile, storeKey } from "./harness/app.mjs";
import { startSandbox } from "./harness/sandbox.mjs";
import { attr, createCampaign, importList, saveTemplate, text } from "./harness/campaign_flows.mjs";

test("a campaign in demo mode: wizard, pre-flight, test send, start, pause, resume, results", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-campaign-"));
  const sheet = join(dir, "Clientes Natal.csv");
  writeFileSync(
    sheet,
    ["Nome;Celular", "Ana Souza;(11) 98765-4321", "Bruno Lima;(11) 91234-5678", "Carla Dias;(21) 99876-5432", "Diego Alves;(31) 98888-1111", ""].join("\r\n"),
  );
  const app = await launchApp("campaigns", { dataDir: newProfile("campaigns"), args: [sheet] });
  const { session } = app;
  try {
    await importList(session, "Clientes Natal.csv");
    // Demo server with two connected numbers.
    await (await session.byTestId("nav-instances")).click();
    await (await session.waitFor("demo", () => session.byTestId("demo-start"))).click();
    await session.waitFor("demo banner", () => session.byTestId("demo-banner"));
    for (const name of ["demo-1", "demo-2"]) {
      await (await session.waitFor("new", () => session.byTestId("instance-new"))).click();
      await (await session.byTestId("instance-name")).type(name);
      await (await session.byTestId("instance-create-submit")).click();
      await (await session.waitFor("QR", () => session.byTestId("demo-scan"), 20000)).click();
      await session.waitFor("connected", () => session.byTestId("connect-connected"), 15000);
      await (await session.byTestId("connect-done")).click();
    }
    await saveTemplate(session, "Natal", "Oi {{nome}}! Natal na Loja Demo. Responda SAIR para sair da lista.");
    await createCampaign(app, { name: "Natal e2e", list: "Clientes Natal", template: "Natal", instances: ["demo-1", "demo-2"], screenshots: true });

    // Pre-flight: four recipients not checked yet, nobody excluded.
    assert.equal(await text(session, "preflight-count-unchecked"), "4");
    assert.equal(await text(session, "preflight-count-optedOut"), "0");
    assert.match(await text(session, "preflight-sample"), /^Oi Ana Souza! Natal na Loja Demo/);
    await app.screenshot("31-campaign-preflight");
    // A test message to my own number.
    await (await session.byTestId("test-send-number")).type("(81) 99999-0000");
    await (await session.byTestId("test-send-button")).click();
    await session.waitFor("test sent", () => session.byTestId("test-send-result"), 30000);

    await (await session.byTestId("preflight-start")).click();
    await session.waitFor("running", async () => (await attr(session, "campaign-detail", "data-status")) === "running", 30000);
    await session.waitFor("first message", async () => Number(await text(session, "progress-sent")) >= 1, 60000);
    await app.screenshot("32-campaign-progress");
    await (await session.byTestId("campaign-pause")).click();
    await session.waitFor("paused", async () => (await attr(session, "campaign-detail", "data-status")) === "paused", 60000);
    assert.equal(await attr(session, "pause-banner", "data-reason"), "user");
    await (await session.byTestId("campaign-resume")).click();
    await session.waitFor("completed", async () => (await attr(session, "campaign-detail", "data-status")) === "completed", 180000);
    assert.equal(await text(session, "progress-sent"), "4");
    // Every recipient shows as sent.
    await (await session.byTestId("recipients-filter-sent")).click();
    await session.waitFor("four sent rows", async () => (await session.findAll('[data-testid^="recipient-row-"][data-state="sent"]')).length === 4);
    await app.screenshot("33-campaign-results");
    // The one-page report to print or save as PDF: the charts, each number, top errors.
    await (await session.byTestId("report-print")).click();
    await session.waitFor("print view", () => session.byTestId("print-report"));
    await session.waitFor("charts drawn", async () => (await session.findAll(".print-report .recharts-bar-rectangle")).length > 0, 10000);
    await app.screenshot("35-history-print");
    await (await session.byTestId("print-close")).click();
  } finally {
    await app.close();
  }
});

test("a send that cannot be settled waits under Needs attention until the user decides", async () => {
  const sandbox = await startSandbox();
  await sandbox.createConnected("loja-1", "5581990000001");
  const keyringService = `whats-tip-e2e-attention-${process.pid}-${Date.now()}`;
  storeKey(keyringService, "evolution-api-key", sandbox.key);
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-attention-"));
  const sheet = join(dir, "Poucos.csv");
  writeFileSync(sheet, ["Nome;Celular", "Ana Souza;(11) 98765-4321", "Bruno Lima;(11) 91234-5678", ""].join("\r\n"));
  const app = await launchApp("attention", {
    dataDir: newProfile("attention", { evolutionUrl: sandbox.url }),
    keyringService,
    args: [sheet],
    // Unknown outcomes are looked up after 1 s instead of 2 minutes.
    env: { WHATS_TIP_SETTLE_SECS: "1" },
  });
  const { session } = app;
  try {
    await importList(session, "Poucos.csv");
    await saveTemplate(session, "Oferta", "Oi {{nome}}! Oferta da semana. Responda SAIR para sair da lista.");
    await createCampaign(app, { name: "Atenção", list: "Poucos", template: "Oferta", instances: ["loja-1"] });
    // Every request now fails with a 500: each send may or may not have gone out, and
    // asking the server does not settle it either.
    await sandbox.setFaults({ serverErrorRate: 1.0 });
    await (await session.byTestId("preflight-start")).click();
    await session.waitFor("needs attention", async () => (await attr(session, "campaign-detail", "data-reason")) === "needsAttention", 120000);
    await session.waitFor("attention panel", () => session.byTestId("attention-panel"));
    await app.screenshot("34-campaign-needs-attention");
    assert.equal((await sandbox.messages()).length, 0);
    // The server is fine again; the user asks to send both again.
    await sandbox.setFaults({});
    await (await session.byTestId("attention-select-all")).click();
    await (await session.byTestId("attention-resend")).click();
    await session.waitFor("completed", async () => (await attr(session, "campaign-detail", "data-status")) === "completed", 120000);
    const delivered = await sandbox.messages();
    assert.equal(delivered.length, 2, "each recipient exactly once");
  } finally {
    await app.close();
    await sandbox.stop();
  }
});
