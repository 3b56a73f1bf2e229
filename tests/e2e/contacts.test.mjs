// Contacts import in the real window: a generated Brazilian CSV (Windows-1252, semicolons,
// mangled numbers) opened the way a double-click opens it (on the app's command line),
// auto-mapping, an invalid row fixed inline and another skipped, the import, the contacts
// and the import record, undo; then a second launch handing a file to the running window.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { appBinary, launchApp, newProfile } from "./harness/app.mjs";

/** Writes rows as Excel's Brazilian "CSV (separado por ponto e vírgula)" does: cp1252. */
function writeSheet(dir, name, rows) {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(rows.map((r) => r.join(";")).join("\r\n") + "\r\n", "latin1"));
  return path;
}

const text = async (session, testId) => (await (await session.byTestId(testId)).textContent()).trim();
const attr = async (session, testId, name) => (await session.byTestId(testId)).attribute(name);

/** Picks `label` in the Mantine select with `testId`. */
async function choose(session, testId, label) {
  await (await session.byTestId(testId)).click();
  const option = await session.waitFor(`option ${label}`, () => session.findXPath(`//*[@role="option"][contains(., "${label}")]`));
  await option.click();
}

test("import a spreadsheet opened with the app: map, fix, skip, import, browse, undo", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-sheet-"));
  const sheet = writeSheet(dir, "Clientes Loja.csv", [
    ["Nome", "Celular", "Cidade", "Bairro"],
    ["Ana Souza", "(11) 98765-4321", "São Paulo", "Centro"],
    ["Bruno Lima", "5511912345678", "Campinas", "Cambuí"],
    ["Carla Dias", "0 21 11 97654-3210", "Santos", "Gonzaga"],
    ["Dênis Araújo", "98765-1234", "São Paulo", "Moema"],
    ["Eva Mendes", "+55 21 99876-5432", "Rio de Janeiro", "Tijuca"],
    ["Ana S.", "11987654321", "São Paulo", "Centro"],
    ["Fábio", "0800 123 4567", "Curitiba", "Batel"],
  ]);
  const app = await launchApp("contacts", { dataDir: newProfile("contacts"), args: [sheet] });
  const { session } = app;
  try {
    // The file on the command line opens the wizard by itself, already read and mapped.
    await session.waitFor("wizard with the file", async () => (await text(session, "import-file-name")) === "Clientes Loja.csv");
    await session.waitFor("mapping", () => session.byTestId("map-1"));
    assert.equal(await attr(session, "map-0", "data-field"), "name");
    assert.equal(await attr(session, "map-1", "data-field"), "phone");
    assert.equal(await attr(session, "map-2", "data-field"), "city");
    assert.equal(await attr(session, "map-3", "data-field"), "custom", "Bairro becomes a custom field");
    // The preview shows the repaired number next to the original.
    await session.waitFor("preview of row 4", async () => (await text(session, "preview-row-4")).includes("+55 11 97654-3210"));
    await app.screenshot("16-import-mapping");

    await (await session.byTestId("import-next")).click();
    await session.waitFor("whole-file check", async () => (await text(session, "count-invalid")) === "2");
    assert.equal(await text(session, "count-duplicate"), "1");
    assert.equal(await attr(session, "problem-row-5", "data-verdict"), "invalid");
    assert.equal(await attr(session, "problem-row-7", "data-verdict"), "duplicate");
    await app.screenshot("17-import-review");

    // Fix the number without its area code inline, and skip the 0800 line.
    await (await session.byTestId("fix-5")).click();
    const input = await session.byTestId("fix-input-5");
    await input.clear();
    await input.type("(11) 98765-1234");
    await (await session.byTestId("fix-save-5")).click();
    await session.waitFor("row 5 repaired", async () => (await attr(session, "problem-row-5", "data-verdict")) === "repaired");
    await (await session.byTestId("skip-8")).click();
    await session.waitFor("row 8 skipped", async () => (await attr(session, "problem-row-8", "data-verdict")) === "skipped");
    assert.equal(await text(session, "count-invalid"), "0");
    assert.equal(await text(session, "count-skipped"), "1");
    assert.match(await text(session, "import-start"), /5/, "five contacts to import");

    await (await session.byTestId("import-start")).click();
    await session.waitFor("import done", () => session.byTestId("import-done"), 60000);
    assert.match(await text(session, "import-done-text"), /^5 .*Clientes Loja/);
    await app.screenshot("18-import-done");

    // The contacts are there, with the repaired numbers.
    await (await session.byTestId("import-finish")).click();
    await session.waitFor("five contacts", async () => /^5 /.test(await text(session, "contacts-total")));
    const table = await text(session, "contacts-scroll");
    for (const expected of ["Ana Souza", "+55 11 98765-4321", "Dênis Araújo", "+55 11 98765-1234", "+55 21 99876-5432"]) {
      assert.ok(table.includes(expected), `contacts table shows ${expected}`);
    }
    assert.ok(!table.includes("Fábio"), "the skipped row was not imported");
    await app.screenshot("19-contacts-list");
    await (await session.byTestId("contacts-search")).type("araújo");
    await session.waitFor("search narrows to one", async () => /^1 /.test(await text(session, "contacts-total")));

    // Edit that contact's number on its card: repaired and saved, the table follows.
    // The row is re-rendered as the search settles: click until its card opens.
    await session.waitFor("contact card", async () => {
      await (await session.find('[data-testid^="contact-row-"]')).click();
      return (await session.findAll('[data-testid="contact-edit-button"]')).length > 0;
    });
    // Animations are off in the test environment, as for a user who prefers reduced motion:
    // the card is in place as soon as it shows, not sliding in from the right.
    const place = await session.execute(
      `const r = document.querySelector('[data-testid="contact-edit-button"]').getBoundingClientRect();
       return [r.left, r.right, innerWidth];`,
    );
    assert.ok(place[0] >= 0 && place[1] <= place[2], `the card's Edit button is inside the window at once: ${place}`);
    // Click until the form shows: a click while the card re-renders can still be lost.
    await session.clickUntil("edit form", "contact-edit-button", async () => (await session.findAll('[data-testid="contact-edit"]')).length > 0);
    const phone = await session.byTestId("contact-edit-phone");
    await phone.clear();
    await phone.type("11 98765 9999");
    // Under load the drawer may still be sliding in: click until the card shows the save.
    await session.clickUntil("card shows the new number", "contact-edit-save", async () =>
      (await text(session, "contact-drawer")).includes("+55 11 98765-9999"),
    );
    await session.clickUntil("card closed", "contact-drawer-close", async () => (await session.findAll('[data-testid="contact-drawer"]')).length === 0);
    await session.waitFor("table shows the new number", async () => (await text(session, "contacts-scroll")).includes("+55 11 98765-9999"));

    // Filter by how the number came out of the import: the edited one no longer counts.
    await (await session.byTestId("contacts-search-clear")).click();
    await session.waitFor("all five again", async () => /^5 /.test(await text(session, "contacts-total")));
    await choose(session, "contacts-phone-filter", "Número corrigido na importação");
    await session.waitFor("three repaired", async () => /^3 /.test(await text(session, "contacts-total")));

    // The import record, then undo it.
    await (await session.byTestId("tab-imports")).click();
    const record = await session.waitFor("import record", () => session.find('[data-testid^="import-record-"]'));
    assert.equal(await record.attribute("data-status"), "completed");
    assert.match(await record.textContent(), /Clientes Loja\.csv.*5/);
    await app.screenshot("20-import-history");
    const id = (await record.attribute("data-testid")).replace("import-record-", "");
    await session.clickUntil("undo confirmation", `import-undo-${id}`, () => session.byTestId("confirm-action"));
    await (await session.byTestId("confirm-action")).click();
    await session.waitFor("import undone", async () => (await attr(session, `import-record-${id}`, "data-status")) === "undone");
    await (await session.byTestId("tab-contacts")).click();
    await session.waitFor("no contacts left", () => session.byTestId("contacts-empty"));
  } finally {
    await app.close();
  }
});

test("a spreadsheet opened while the app runs goes to the running window", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-second-"));
  const sheet = writeSheet(dir, "Segunda lista.csv", [
    ["Nome", "WhatsApp"],
    ["Gabi", "21 99876-1111"],
  ]);
  const dataDir = newProfile("second-launch");
  const app = await launchApp("second-launch", { dataDir });
  const { session } = app;
  try {
    await session.waitFor("app ready", () => session.byTestId("nav-contacts"));
    // What a file manager does on double-click: start the app again with the file.
    const second = spawn(appBinary(), [sheet], {
      env: { ...process.env, WHATS_TIP_DATA_DIR: dataDir },
      stdio: "ignore",
    });
    const code = await new Promise((resolve) => second.on("exit", resolve));
    assert.equal(code, 0, "the second launch hands over and exits");
    await session.waitFor("wizard in the running window", async () => (await text(session, "import-file-name")) === "Segunda lista.csv");
    assert.equal(await attr(session, "map-1", "data-field"), "phone");
  } finally {
    await app.close();
  }
});

test("a picture renamed to .xlsx gets a translated message and imports nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-bad-"));
  const fake = join(dir, "clientes.xlsx");
  // A PNG header and some bytes: what a phone photo saved with the wrong name looks like.
  writeFileSync(fake, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
  const app = await launchApp("bad-file", { dataDir: newProfile("bad-file"), args: [fake] });
  const { session } = app;
  try {
    const alert = await session.waitFor("error", () => session.byTestId("error-alert"));
    assert.equal(await alert.attribute("data-code"), "IMPORT_UNSUPPORTED_FILE");
    assert.match(await alert.textContent(), /não é uma planilha/);
    await app.screenshot("21-import-not-a-spreadsheet");
    // Back to the contacts: nothing was imported.
    await (await session.byTestId("import-close")).click();
    await session.waitFor("empty contacts", () => session.byTestId("contacts-empty"));
    await (await session.byTestId("tab-imports")).click();
    await session.waitFor("no import recorded", () => session.byTestId("imports-empty"));
  } finally {
    await app.close();
  }
});
