// History in the real window, against the Evolution sandbox and its live events: a small
// campaign is sent, the sandbox delivers and reads every message (one status step a second),
// one contact answers "SAIR" quoting the message; the report's funnel follows live, the
// number lands on the do-not-contact list with the reply as proof.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp, newProfile, storeKey } from "./harness/app.mjs";
import { attr, createCampaign, importList, saveTemplate, text } from "./harness/campaign_flows.mjs";
import { startSandbox } from "./harness/sandbox.mjs";

/** The count a funnel step shows (its text starts with the label, then the number). */
async function funnelCount(session, step) {
  const value = await text(session, `funnel-${step}`);
  const match = /(\d+)/.exec(value.replace(/\(\d+%\)/, ""));
  return match ? Number(match[1]) : NaN;
}

test("receipts and a SAIR reply reach the report live, and the number is opted out with its proof", async () => {
  const sandbox = await startSandbox();
  await sandbox.createConnected("loja-1", "5581990000001");
  const keyringService = `whats-tip-e2e-history-${process.pid}-${Date.now()}`;
  storeKey(keyringService, "evolution-api-key", sandbox.key);
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-history-"));
  const sheet = join(dir, "Clientes.csv");
  writeFileSync(sheet, ["Nome;Celular", "Ana Souza;(11) 98765-4321", "Bruno Lima;(11) 91234-5678", "Carla Dias;(21) 99876-5432", ""].join("\r\n"));
  // The native save dialog cannot be driven: the app saves exports here instead (see
  // commands/file_dialog.rs), under the name the dialog would have suggested.
  const exportDir = join(dir, "exports");
  mkdirSync(exportDir);
  const app = await launchApp("history", {
    dataDir: newProfile("history", { evolutionUrl: sandbox.url }),
    keyringService,
    args: [sheet],
    env: { WHATS_TIP_E2E_SAVE_DIR: exportDir },
  });
  const { session } = app;
  try {
    await importList(session, "Clientes.csv");
    await saveTemplate(session, "Aviso", "Oi {{nome}}! Novidades da Loja. Responda SAIR para sair da lista.");
    await createCampaign(app, { name: "Novidades", list: "Clientes", template: "Aviso", instances: ["loja-1"] });
    await (await session.byTestId("preflight-start")).click();
    await session.waitFor("completed", async () => (await attr(session, "campaign-detail", "data-status")) === "completed", 120000);

    // The report follows the sandbox's receipts without a reload.
    await session.waitFor("report", () => session.byTestId("campaign-report"), 30000);
    await session.waitFor("all read", async () => (await funnelCount(session, "read")) === 3, 60000);
    assert.equal(await funnelCount(session, "delivered"), 3);
    assert.equal(await funnelCount(session, "optedOut"), 0);

    // Ana answers "SAIR" to the message she got.
    const sent = await sandbox.messages();
    assert.equal(sent.length, 3);
    const ana = sent.find((m) => m.number.replace(/\D/g, "").endsWith("11987654321"));
    assert.ok(ana, `Ana's message is in the sandbox log: ${JSON.stringify(sent)}`);
    await sandbox.incoming("loja-1", { from: "5511987654321", text: "SAIR", quoted: ana.keyId, pushName: "Ana" });
    await session.waitFor("replied", async () => (await funnelCount(session, "replied")) === 1, 30000);
    await session.waitFor("opted out", async () => (await funnelCount(session, "optedOut")) === 1, 30000);
    // The funnel is drawn as bars (a chart that fails leaves only its figures).
    await session.waitFor("funnel bars", async () => (await session.findAll("[data-testid=report-funnel] .recharts-bar-rectangle")).length > 0, 10000);
    await app.screenshot("40-history-report");

    // The recipients exported as CSV for Brazilian Excel: BOM, `;`, one line per recipient,
    // Ana's line with her receipt, reply and opt-out.
    await (await session.byTestId("export-recipients-csv")).click();
    const csvName = await session.waitFor("the exported CSV", () => readdirSync(exportDir).find((f) => f.endsWith(".csv")), 30000);
    assert.match(csvName, /^Novidades - destinatários - \d{4}-\d{2}-\d{2}\.csv$/);
    assert.deepEqual(readdirSync(exportDir), [csvName], "no partial file is left next to the export");
    const csv = readFileSync(join(exportDir, csvName), "utf8");
    assert.ok(csv.startsWith("\uFEFF"), "starts with a UTF-8 BOM");
    const lines = csv.slice(1).trim().split(/\r?\n/);
    const header = lines[0].split(";");
    assert.deepEqual(header.slice(0, 4), ["Posição", "Nome", "Telefone", "Situação"]);
    assert.equal(lines.length, 4, `a header and three recipients:\n${csv}`);
    const column = (row, name) => row.split(";")[header.indexOf(name)];
    const anaRow = lines.find((l) => l.includes("Ana Souza"));
    assert.ok(anaRow, csv);
    assert.equal(column(anaRow, "Situação"), "enviada");
    assert.equal(column(anaRow, "Recibo"), "lida");
    assert.match(column(anaRow, "Respondeu em"), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    assert.match(column(anaRow, "Saiu em"), /^\d{2}\/\d{2}\/\d{4} /);
    const brunoRow = lines.find((l) => l.includes("Bruno Lima"));
    assert.equal(column(brunoRow, "Respondeu em"), "");
    assert.equal(column(brunoRow, "Saiu em"), "");

    // The "saved" notice closes by itself (and leaves the screenshots below clear).
    await session.waitFor("notice closed", async () => (await session.findAll(".mantine-Notification-root")).length === 0, 20000);

    // The number is on the do-not-contact list.
    await (await session.byTestId("nav-contacts")).click();
    await (await session.waitFor("do-not-contact tab", () => session.byTestId("tab-optouts"))).click();
    await session.waitFor("Ana on the list", async () => (await text(session, "optouts-table")).includes("98765-4321"), 30000);
    await app.screenshot("41-history-do-not-contact");

    // The campaign list: the campaign with its counts and small funnel (sent → delivered →
    // read → replied), from the counts the journal's triggers keep.
    await (await session.byTestId("nav-campaigns")).click();
    const list = await session.waitFor("campaign list", async () => {
      const table = await text(session, "campaigns-table");
      return table.includes("Novidades") ? table : null;
    }, 30000);
    assert.match(list, /3\/3/);
    assert.match(list, /3\s*→ 3\s*→ 3\s*→ 1/);
    await app.screenshot("42-campaign-list");

    // Início: today's sends of the number against its cap, nothing waiting for review.
    await (await session.byTestId("nav-home")).click();
    await session.waitFor("today's sends", () => session.byTestId("home-instance-count-loja-1"), 30000);
    assert.match(await text(session, "home-instance-count-loja-1"), /^3\b/);
    await app.screenshot("43-home");
  } finally {
    await app.close();
    await sandbox.stop();
  }
});
