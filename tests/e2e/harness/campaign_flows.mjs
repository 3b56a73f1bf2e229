// Steps shared by the window tests that build a campaign: import a list, save a template,
// walk the campaign wizard to its pre-flight.

export const text = async (session, testId) => (await (await session.byTestId(testId)).textContent()).trim();
export const attr = async (session, testId, name) => (await session.byTestId(testId)).attribute(name);

/** Picks `label` in the Mantine select with `testId`. */
export async function choose(session, testId, label) {
  await (await session.byTestId(testId)).click();
  const option = await session.waitFor(`option ${label}`, () => session.findXPath(`//*[@role="option"][contains(., "${label}")]`));
  await option.click();
}

/** Sets a React-controlled input's value as if typed (time inputs ignore key strokes). */
export async function setInput(session, testId, value) {
  await session.execute(
    `const el = document.querySelector('[data-testid="' + arguments[0] + '"]');
     const input = el.tagName === 'INPUT' ? el : el.querySelector('input');
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, arguments[1]);
     input.dispatchEvent(new Event('input', { bubbles: true }));`,
    [testId, value],
  );
}

export async function importList(session, file) {
  await session.waitFor("wizard with the file", async () => (await text(session, "import-file-name")) === file);
  await (await session.waitFor("next", () => session.byTestId("import-next"))).click();
  await session.waitFor("whole-file check", async () => (await session.findAll('[data-testid="import-start"]')).length > 0);
  await (await session.byTestId("import-start")).click();
  await session.waitFor("import done", () => session.byTestId("import-done"), 60000);
  await (await session.byTestId("import-finish")).click();
}

export async function saveTemplate(session, name, body) {
  await (await session.byTestId("nav-templates")).click();
  await (await session.waitFor("empty library", () => session.byTestId("templates-create-first"))).click();
  await (await session.waitFor("editor", () => session.byTestId("template-name"))).type(name);
  await (await session.byTestId("template-body")).type(body);
  await session.waitFor("save enabled", async () => (await session.byTestId("template-save")).enabled());
  await (await session.byTestId("template-save")).click();
  await session.waitFor("saved", async () => (await text(session, "editor-title")) === name);
}

/** The wizard, with every day and hour allowed so the test does not depend on the clock. */
export async function createCampaign(app, { name, list, template, instances, screenshots }) {
  const { session } = app;
  await (await session.byTestId("nav-campaigns")).click();
  await (await session.waitFor("new campaign", () => session.byTestId("campaign-new"))).click();
  await (await session.waitFor("wizard", () => session.byTestId("wizard-name"))).type(name);
  await choose(session, "wizard-list", list);
  await (await session.byTestId("wizard-next")).click();
  await choose(session, "wizard-template", template);
  await session.waitFor("message preview", () => session.byTestId("wizard-message-preview"));
  await (await session.byTestId("wizard-next")).click();
  for (const i of instances) {
    await (await session.waitFor(`instance ${i}`, () => session.byTestId(`wizard-instance-${i}`))).click();
  }
  await (await session.byTestId("wizard-next")).click();
  await (await session.waitFor("pacing", () => session.byTestId("wizard-preset-fast"))).click();
  await setInput(session, "wizard-window-start", "00:00");
  await setInput(session, "wizard-window-end", "23:59");
  // Sundays are off by default: turn them on (the chip's input carries the state).
  await session.execute(
    `const el = document.querySelector('[data-testid="wizard-day-sun"]');
     const input = el.tagName === 'INPUT' ? el : el.querySelector('input');
     if (!input.checked) (document.querySelector('label[for="' + input.id + '"]') || input).click();`,
  );
  await session.waitFor("sunday on", () =>
    session.execute(
      `const el = document.querySelector('[data-testid="wizard-day-sun"]');
       return (el.tagName === 'INPUT' ? el : el.querySelector('input')).checked;`,
    ),
  );
  if (screenshots) await app.screenshot("30-campaign-wizard-pacing");
  await (await session.byTestId("wizard-next")).click();
  await (await session.waitFor("schedule", () => session.byTestId("schedule-now"))).click();
  await (await session.byTestId("wizard-create")).click();
  await session.waitFor("pre-flight", () => session.byTestId("campaign-preflight"), 30000);
}
