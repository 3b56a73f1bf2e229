// The template editor in the real window: a list imported from a CSV with a custom column
// (Bairro) and a contact without a name, then a template with spintax, a fallback and
// WhatsApp bold written and previewed for both contacts, a mistyped field caught by the lint
// (Save disabled until the suggestion is applied), saved and listed in the library.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp, newProfile } from "./harness/app.mjs";

const text = async (session, testId) => (await (await session.byTestId(testId)).textContent()).trim();
const attr = async (session, testId, name) => (await session.byTestId(testId)).attribute(name);

/** The `data-testid`s of the elements matching a CSS selector. */
async function testIds(session, css) {
  return Promise.all((await session.findAll(css)).map((e) => e.attribute("data-testid")));
}

test("write a template, preview it for each contact, fix a field, save it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whats-tip-e2e-templates-"));
  const sheet = join(dir, "Clientes Bairro.csv");
  writeFileSync(sheet, ["Nome;Celular;Bairro", "Ana Souza;(11) 98765-4321;Centro", ";(21) 99876-5432;Tijuca", ""].join("\r\n"));
  const app = await launchApp("templates", { dataDir: newProfile("templates"), args: [sheet] });
  const { session } = app;
  try {
    // Import the two contacts (the wizard opens with the file given on the command line).
    await session.waitFor("wizard with the file", async () => (await text(session, "import-file-name")) === "Clientes Bairro.csv");
    await session.waitFor("mapping", () => session.byTestId("map-2"));
    assert.equal(await attr(session, "map-2", "data-field"), "custom", "Bairro becomes a custom field");
    await (await session.byTestId("import-next")).click();
    await session.waitFor("whole-file check", async () => /2/.test(await text(session, "import-start")));
    await (await session.byTestId("import-start")).click();
    await session.waitFor("import done", () => session.byTestId("import-done"), 60000);
    await (await session.byTestId("import-finish")).click();

    // An empty library explains fields and spintax.
    await (await session.byTestId("nav-templates")).click();
    const empty = await session.waitFor("empty library", () => session.byTestId("templates-empty"));
    assert.match(await empty.textContent(), /\{\{nome\|cliente\}\}/);
    await (await session.byTestId("templates-create-first")).click();

    await (await session.waitFor("editor", () => session.byTestId("template-name"))).type("Promo");
    // The list to preview with: picked in the select.
    await (await session.byTestId("template-list")).click();
    const option = await session.waitFor("list option", () => session.findXPath('//*[@role="option"][contains(., "Clientes Bairro")]'));
    await option.click();
    await session.waitFor("list chosen", async () => (await (await session.byTestId("template-list")).property("value")).startsWith("Clientes Bairro"));

    const body = await session.byTestId("template-body");
    await body.type("{Olá|Oi} {{nome|cliente}}, temos *ofertas* no {{bairro}}!");

    // Contact 1: the name filled, the bold rendered.
    await session.waitFor("preview for contact 1", async () =>
      /^(Olá|Oi) Ana Souza, temos ofertas no Centro!$/.test(await text(session, "preview-text")),
    );
    assert.equal(await text(session, "preview-position"), "Contato 1 de 2");
    assert.equal(await text(session, "preview-contact-name"), "Ana Souza");
    const bold = await session.find('[data-testid="preview-text"] strong');
    assert.equal((await bold.textContent()).trim(), "ofertas");
    assert.match(await text(session, "preview-choice-0"), /^Variação 1: opção [12] de 2 — “(Olá|Oi)”$/);
    assert.equal(await attr(session, "preview-field-0", "data-outcome"), "filled");
    assert.equal(await text(session, "lint-ok"), "Nenhum problema encontrado.");
    assert.match(await text(session, "count-variants"), /^2 variações$/);

    // Contact 2 has no name: the fallback is used, and said so in yellow.
    await (await session.byTestId("preview-next")).click();
    await session.waitFor("preview for contact 2", async () =>
      /^(Olá|Oi) cliente, temos ofertas no Tijuca!$/.test(await text(session, "preview-text")),
    );
    assert.equal(await text(session, "preview-position"), "Contato 2 de 2");
    assert.equal(await text(session, "preview-contact-name"), "(sem nome)");
    assert.equal(await attr(session, "preview-field-0", "data-outcome"), "fallback");
    assert.match(await text(session, "preview-field-0"), /\{\{nome\}\} está vazio .*“cliente”/);
    await app.screenshot("22-template-editor");

    // A mistyped field: translated lint with the suggestion, and Save disabled.
    await body.type(" {{nme}}");
    const problem = await session.waitFor("unknown field", async () => {
      const ids = await testIds(session, '[data-kind="unknownField"]');
      return ids[0];
    });
    const i = problem.replace("lint-problem-", "");
    assert.equal(await attr(session, problem, "data-severity"), "error");
    assert.equal(await text(session, `lint-message-${i}`), "O campo {{nme}} não existe nos contatos desta lista.");
    assert.equal(await text(session, `lint-fix-${i}`), "Você quis dizer {{nome}}?");
    await session.waitFor("save disabled", async () => !(await (await session.byTestId("template-save")).enabled()));
    assert.equal(await text(session, "save-blocked"), "Corrija os erros marcados para salvar.");
    const mark = await session.find('[data-testid="template-body-highlights"] mark[data-severity="error"]');
    assert.equal(await mark.textContent(), "{{nme}}");
    await app.screenshot("22-template-editor-lint");

    // One click applies the suggestion; what remains is a warning, which does not block.
    await (await session.byTestId(`lint-fix-${i}`)).click();
    await session.waitFor("suggestion applied", async () =>
      (await (await session.byTestId("template-body")).property("value")).endsWith("no {{bairro}}! {{nome}}"),
    );
    await session.waitFor("save enabled", async () => (await (await session.byTestId("template-save")).enabled()));
    assert.deepEqual(await testIds(session, '[data-severity="error"][data-kind]'), []);
    const warning = (await testIds(session, '[data-kind="blankWithoutFallback"]'))[0];
    assert.ok(warning, "the name is blank for contact 2: a warning");

    await (await session.byTestId("template-save")).click();
    await session.waitFor("saved", async () => (await text(session, "editor-title")) === "Promo");
    await (await session.byTestId("editor-back")).click();
    const row = await session.waitFor("template in the library", async () => (await testIds(session, '[data-testid^="template-name-"]'))[0]);
    assert.equal(await text(session, row), "Promo");
    const id = row.replace("template-name-", "");
    assert.match(await text(session, `template-summary-${id}`), /^\{Olá\|Oi\} \{\{nome\|cliente\}\}, temos \*ofertas\*/);
    assert.match(await text(session, `template-row-${id}`), /2 variações/);
    await app.screenshot("23-template-library");
  } finally {
    await app.close();
  }
});
