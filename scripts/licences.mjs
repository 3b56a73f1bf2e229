#!/usr/bin/env node
// Writes ui/src/features/about/licences.json: every component bundled into the app with its
// licence, for the About dialog. Rust crates come from `cargo tree` (normal dependencies,
// every target platform, so one list covers Linux, Windows and macOS builds); npm packages
// from package-lock.json (production dependencies only: those are what Vite bundles).
// Run after changing dependencies: `node scripts/licences.mjs` (commit the result).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const out = join(root, "ui/src/features/about/licences.json");

const tree = execFileSync("cargo", ["tree", "-e", "normal", "--prefix", "none", "--format", "{p}|{l}", "--target", "all"], {
  cwd: root,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const rust = new Map();
for (const line of tree.split("\n")) {
  const [pkg, licence] = line.split("|");
  if (!pkg || licence === undefined) continue;
  // "name v1.2.3", "name v1.2.3 (proc-macro)", "name v1.2.3 (*)"; path packages are ours.
  const match = /^(\S+) v(\S+)(.*)$/.exec(pkg.trim());
  if (!match || match[3].includes("(/")) continue;
  const [, name, version] = match;
  rust.set(`${name}@${version}`, [name, version, (licence ?? "").replace(/ \(\*\)$/, "").trim() || "unknown"]);
}

const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
const npm = [];
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (!path || entry.dev || entry.devOptional) continue;
  const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  npm.push([name, entry.version ?? "", entry.license ?? "unknown"]);
}

const byName = (a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]);
const list = { rust: [...rust.values()].sort(byName), npm: npm.sort(byName) };
writeFileSync(out, `${JSON.stringify(list, null, 0).replace(/\],\[/g, "],\n[")}\n`);
console.log(`licences: ${list.rust.length} crates, ${list.npm.length} npm packages → ${out}`);
