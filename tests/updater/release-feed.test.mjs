// scripts/release-feed.mjs: bundle names → install types, and no broken feed is written.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildFeed, installTypeOf, signedVersion } from "../../scripts/release-feed.mjs";

test("every bundle the build machines make maps to its own install type", () => {
  const cases = {
    "bundle/deb/Whats TIP_0.2.0_amd64.deb": "linux-x86_64-deb",
    "bundle/rpm/Whats TIP-0.2.0-1.x86_64.rpm": "linux-x86_64-rpm",
    "bundle/appimage/Whats TIP_0.2.0_amd64.AppImage": "linux-x86_64-appimage",
    "bundle/nsis/Whats TIP_0.2.0_x64-setup.exe": "windows-x86_64-nsis",
    "bundle/msi/Whats TIP_0.2.0_x64_pt-BR.msi": "windows-x86_64-msi",
    "aarch64-apple-darwin/release/bundle/macos/Whats TIP.app.tar.gz": "darwin-aarch64-app",
    "x86_64-apple-darwin/release/bundle/macos/Whats TIP.app.tar.gz": "darwin-x86_64-app",
  };
  for (const [path, key] of Object.entries(cases)) assert.equal(installTypeOf(path), key, path);
  assert.equal(installTypeOf("bundle/dmg/Whats TIP_0.2.0_aarch64.dmg"), null, "a dmg is not an update");
  assert.equal(installTypeOf("release/bundle/macos/Whats TIP.app.tar.gz"), null, "a mac bundle of unknown arch");
});

function artifact(dir, name, signature) {
  const path = join(dir, name);
  writeFileSync(path, "bundle");
  if (signature !== undefined) writeFileSync(`${path}.sig`, signature);
  return path;
}

function sig(version) {
  const comment = version ? `timestamp:1\tfile:x\tversion:${version}` : "timestamp:1\tfile:x";
  return Buffer.from(`untrusted comment: x\nRUQ=\ntrusted comment: ${comment}\nAA==\n`).toString("base64");
}

test("writes one entry per install type, with signatures and download URLs", () => {
  const dir = mkdtempSync(join(tmpdir(), "feed-"));
  const deb = artifact(dir, "Whats TIP_0.2.0_amd64.deb", sig("0.2.0"));
  const rpm = artifact(dir, "Whats TIP-0.2.0-1.x86_64.rpm", sig("0.2.0"));
  const feed = buildFeed({
    version: "0.2.0",
    notes: "Novidades",
    pubDate: "2026-12-05T12:00:00Z",
    baseUrl: "https://updates.whatstip.com.br/0.2.0",
    artifacts: [
      { key: "linux-x86_64-deb", path: deb },
      { key: "linux-x86_64-rpm", path: rpm },
    ],
  });
  assert.deepEqual(Object.keys(feed.platforms), ["linux-x86_64-deb", "linux-x86_64-rpm"]);
  assert.equal(feed.platforms["linux-x86_64-deb"].url, "https://updates.whatstip.com.br/0.2.0/Whats%20TIP_0.2.0_amd64.deb");
  assert.equal(feed.platforms["linux-x86_64-deb"].signature, sig("0.2.0"));
  assert.equal(feed.version, "0.2.0");
  assert.equal(feed.notes, "Novidades");
  assert.equal(feed.pub_date, "2026-12-05T12:00:00Z");
  assert.equal(feedKeysWithoutInstaller(feed).length, 0);
});

function feedKeysWithoutInstaller(feed) {
  return Object.keys(feed.platforms).filter((k) => k.split("-").length < 3);
}

test("refuses unsigned bundles, signatures for another version, and duplicates", () => {
  const dir = mkdtempSync(join(tmpdir(), "feed-"));
  const base = { version: "0.2.0", baseUrl: "https://u.example/" };
  const unsigned = artifact(dir, "a_0.2.0_amd64.deb");
  assert.throws(() => buildFeed({ ...base, artifacts: [{ key: "linux-x86_64-deb", path: unsigned }] }), /has no signature/);
  const old = artifact(dir, "b_0.1.0_amd64.deb", sig("0.1.0"));
  assert.throws(() => buildFeed({ ...base, artifacts: [{ key: "linux-x86_64-deb", path: old }] }), /signed for version 0\.1\.0/);
  const one = artifact(dir, "c_0.2.0_amd64.deb", sig("0.2.0"));
  const two = artifact(dir, "d_0.2.0_amd64.deb", sig("0.2.0"));
  assert.throws(
    () => buildFeed({ ...base, artifacts: [{ key: "linux-x86_64-deb", path: one }, { key: "linux-x86_64-deb", path: two }] }),
    /two artifacts for linux-x86_64-deb/,
  );
  assert.throws(() => buildFeed({ ...base, artifacts: [{ key: "linux-x86_64", path: one }] }), /not an install type/);
  assert.throws(() => buildFeed({ ...base, artifacts: [] }), /no bundles found/);
});

test("reads the version a signature is bound to", () => {
  assert.equal(signedVersion(sig("1.2.3")), "1.2.3");
  assert.equal(signedVersion(sig(null)), null);
});
