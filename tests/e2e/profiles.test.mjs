// Server profiles in the real window: a second profile is created from the header, gets its
// own server address, and switching back shows the first profile's address again. On disk,
// each profile has its own folder.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { launchApp, newProfile } from "./harness/app.mjs";

async function urlField(session) {
  return (await session.byTestId("evolution-url")).attribute("value");
}

test("a second server profile keeps its own address, and switching back restores the first", async () => {
  const dataDir = newProfile("profiles", { evolutionUrl: "https://evo-matriz.example.com" });
  const app = await launchApp("profiles", { dataDir });
  const { session } = app;
  try {
    const menu = await session.waitFor("profile menu", () => session.byTestId("profile-menu"));
    assert.equal(await menu.textContent(), "Principal");

    await session.clickUntil("profile menu open", "profile-menu", async () => (await session.findAll('[data-testid="profile-new"]')).length > 0);
    await (await session.byTestId("profile-new")).click();
    await (await session.waitFor("name field", () => session.byTestId("profile-name"))).type("Loja B");
    await (await session.byTestId("profile-create")).click();
    await session.waitFor("new profile open", async () => (await (await session.byTestId("profile-menu")).textContent()) === "Loja B");

    // The new profile opens on Settings, with no server yet.
    await session.waitFor("settings of the new profile", async () => (await urlField(session)) === "");
    await (await session.byTestId("evolution-url")).type("https://evo-loja-b.example.com");
    await (await session.byTestId("settings-save")).click();
    await session.waitFor("address saved", async () => {
      const save = await session.byTestId("settings-save");
      return !(await save.enabled()) && (await save.attribute("data-loading")) === null;
    });

    await session.clickUntil("profile menu open", "profile-menu", async () => (await session.findAll('[data-testid="profile-item-default"]')).length > 0);
    await app.screenshot("profiles-menu");
    await (await session.byTestId("profile-item-default")).click();
    await session.waitFor("first profile open", async () => (await (await session.byTestId("profile-menu")).textContent()) === "Principal");
    await (await session.byTestId("nav-settings")).click();
    await session.waitFor("first profile's address", async () => (await urlField(session)) === "https://evo-matriz.example.com");
    const row = await session.waitFor("profile list", () => session.byTestId("profile-row-loja-b"));
    assert.match(await row.textContent(), /evo-loja-b\.example\.com/);

    const listed = JSON.parse(readFileSync(join(dataDir, "profiles.json"), "utf8"));
    assert.deepEqual(listed.profiles.map((p) => p.id), ["default", "loja-b"]);
    assert.equal(listed.current, "default");
    const settingsB = JSON.parse(readFileSync(join(dataDir, "profiles/loja-b/settings.json"), "utf8"));
    assert.equal(settingsB.settings.evolutionUrl, "https://evo-loja-b.example.com");
    assert.ok(existsSync(join(dataDir, "profiles/loja-b/whats-tip.sqlite3")), "the second profile has its own database");
  } finally {
    await app.close();
  }
});
