// A tiny W3C WebDriver client on Node's fetch: enough to drive the Tauri window through
// tauri-driver. Every later feature's window tests build on it.

const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

export class Session {
  /** @param {string} base driver URL, @param {string} id session id */
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Opens a session on the app binary. */
  static async start(driverUrl, application, { implicitMs = 5000, args = [] } = {}) {
    const body = { capabilities: { alwaysMatch: { "tauri:options": { application, args } } } };
    const value = await request(driverUrl, "POST", "/session", body);
    const session = new Session(driverUrl, value.sessionId);
    await session.cmd("POST", "/timeouts", { implicit: implicitMs, script: 30000, pageLoad: 30000 });
    return session;
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this, value[ELEMENT_KEY], css);
  }

  async findAll(css) {
    const value = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return value.map((v) => new Element(this, v[ELEMENT_KEY]));
  }

  async findXPath(xpath) {
    const value = await this.cmd("POST", "/element", { using: "xpath", value: xpath });
    return new Element(this, value[ELEMENT_KEY]);
  }

  /** Finds by `data-testid`. */
  byTestId(id) {
    return this.find(`[data-testid="${id}"]`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs an async script; it calls its last argument with the result. */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  title() {
    return this.cmd("GET", "/title");
  }

  /** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
  async waitFor(what, check, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const result = await check();
        if (result) return result;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        throw new WebDriverError(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /**
   * Clicks the element with `testId` until `done()` holds: a click that lands while a dialog
   * is still animating in is otherwise lost.
   */
  async clickUntil(what, testId, done, timeoutMs = 20000) {
    try {
      await this.waitFor(
        what,
        async () => {
          await (await this.byTestId(testId)).click();
          for (let i = 0; i < 10; i++) {
            if (await done().catch(() => false)) return true;
            await new Promise((r) => setTimeout(r, 100));
          }
          return false;
        },
        timeoutMs,
      );
    } catch (error) {
      // Where the element was and what covered it, so a failure in CI can be understood.
      const seen = await this.execute(
        `const e = document.querySelector('[data-testid="' + arguments[0] + '"]');
         if (!e) return "not in the page";
         const r = e.getBoundingClientRect();
         const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
         return JSON.stringify({ rect: [r.left, r.top, r.width, r.height], viewport: [innerWidth, innerHeight],
           visibility: document.visibilityState, atCentre: top ? top.outerHTML.slice(0, 120) : null });`,
        [testId],
      ).catch((e) => `unknown (${e.message})`);
      error.message += `; ${testId}: ${seen}`;
      throw error;
    }
  }

  /** A PNG of the window's web content, as a Buffer. */
  async screenshot() {
    const base64 = await this.cmd("GET", "/screenshot");
    return Buffer.from(base64, "base64");
  }

  async quit() {
    try {
      await this.cmd("DELETE", "");
    } catch {
      // The app may already be gone; nothing to clean up then.
    }
  }
}

export class Element {
  /** `css`: how it was found, so a click can find it again if React re-rendered it. */
  constructor(session, id, css = null) {
    this.session = session;
    this.id = id;
    this.css = css;
  }

  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }

  /**
   * Clicks the element. Something may cover it for a moment: the app's fixed header when
   * WebDriver scrolled it just into view, or a dialog still fading out ("element click
   * intercepted"). Then it is centred and clicked again, a few times, 300 ms apart. An
   * element found by CSS that React replaced meanwhile ("stale element") is found again.
   */
  async click() {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.cmd("POST", "/click", {});
      } catch (error) {
        const message = String(error?.message ?? error);
        if (attempt < 6 && this.css && message.includes("stale element")) {
          await new Promise((r) => setTimeout(r, 100));
          this.id = (await this.session.find(this.css)).id;
          continue;
        }
        if (attempt >= 6 || !message.includes("click intercepted")) throw error;
        await new Promise((r) => setTimeout(r, 300));
        await this.session.execute("arguments[0].scrollIntoView({ block: 'center' });", [
          { "element-6066-11e4-a52e-4f735466cecf": this.id },
        ]);
      }
    }
  }

  clear() {
    return this.cmd("POST", "/clear", {});
  }

  type(text) {
    return this.cmd("POST", "/value", { text });
  }

  /** Rendered text as WebDriver sees it (respects visibility and CSS text-transform). */
  text() {
    return this.cmd("GET", "/text");
  }

  /** The DOM text, independent of styling: use it to compare with translations. */
  textContent() {
    return this.property("textContent");
  }

  attribute(name) {
    return this.cmd("GET", `/attribute/${encodeURIComponent(name)}`);
  }

  property(name) {
    return this.cmd("GET", `/property/${encodeURIComponent(name)}`);
  }

  enabled() {
    return this.cmd("GET", "/enabled");
  }

  displayed() {
    return this.cmd("GET", "/displayed");
  }
}

async function request(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  }
  if (!response.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? response.status}: ${v.message ?? text.slice(0, 200)}`);
  }
  return json.value;
}
