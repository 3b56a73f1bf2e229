#!/usr/bin/env node
// Writes the updater feed (latest.json) from built bundles and their .sig files, with one
// entry PER INSTALL TYPE. tauri-plugin-updater looks for `{os}-{arch}-{installer}` first (the
// installer is the bundle type stamped into the running binary) and only then for a bare
// `{os}-{arch}`; a feed with only bare keys hands a .deb install an AppImage ("invalid updater
// binary format"). So this never writes bare keys, and refuses an artifact without a
// signature or signed for another version.
//
//   node scripts/release-feed.mjs --base-url https://updates.whatstip.com.br/0.2.0/ \
//     [--version 0.2.0] [--notes-file notes.md | --notes "text"] [--pub-date ISO] \
//     [--out latest.json] [--artifact linux-x86_64-deb=path/to/file.deb …] [bundle dirs…]
//
// Without `--artifact`, the bundle dirs (default: $CARGO_TARGET_DIR/release/bundle) are
// scanned: *.deb, *.rpm, *.AppImage, *-setup.exe (NSIS), *.msi, *.app.tar.gz (macOS; the
// arch comes from the target-triple folder it was built in).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

export const INSTALL_TYPES = [
  "linux-x86_64-deb",
  "linux-aarch64-deb",
  "linux-x86_64-rpm",
  "linux-aarch64-rpm",
  "linux-x86_64-appimage",
  "linux-aarch64-appimage",
  "windows-x86_64-nsis",
  "windows-aarch64-nsis",
  "windows-x86_64-msi",
  "darwin-aarch64-app",
  "darwin-x86_64-app",
];

const ARCH = { amd64: "x86_64", x86_64: "x86_64", x64: "x86_64", arm64: "aarch64", aarch64: "aarch64" };

/** The feed key of a bundle file, from its name (and folder, for macOS); `null` if not one. */
export function installTypeOf(path) {
  const name = basename(path);
  let m;
  if ((m = /_(amd64|arm64)\.deb$/.exec(name))) return `linux-${ARCH[m[1]]}-deb`;
  if ((m = /\.(x86_64|aarch64)\.rpm$/.exec(name))) return `linux-${ARCH[m[1]]}-rpm`;
  if ((m = /_(amd64|aarch64)\.AppImage$/.exec(name))) return `linux-${ARCH[m[1]]}-appimage`;
  if ((m = /_(x64|arm64)-setup\.exe$/.exec(name))) return `windows-${ARCH[m[1]]}-nsis`;
  if ((m = /_(x64|arm64)_[A-Za-z-]+\.msi$/.exec(name))) return `windows-${ARCH[m[1]]}-msi`;
  if (name.endsWith(".app.tar.gz")) {
    const arch = /(aarch64|x86_64)-apple-darwin/.exec(path)?.[1];
    return arch ? `darwin-${arch}-app` : null;
  }
  return null;
}

/** The version a Tauri signature is bound to (its trusted comment), if any. */
export function signedVersion(signatureBase64) {
  const text = Buffer.from(signatureBase64.trim(), "base64").toString("utf8");
  const comment = /^trusted comment: (.*)$/m.exec(text)?.[1] ?? "";
  return /(?:^|\s)version:(\S+)/.exec(comment)?.[1] ?? null;
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((p) => join(dir, String(p)))
    .filter((p) => statSync(p).isFile());
}

function parseArgs(argv) {
  const args = { artifacts: [], dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--base-url") args.baseUrl = value();
    else if (a === "--version") args.version = value();
    else if (a === "--notes") args.notes = value();
    else if (a === "--notes-file") args.notes = readFileSync(value(), "utf8").trim();
    else if (a === "--pub-date") args.pubDate = value();
    else if (a === "--out") args.out = value();
    else if (a === "--artifact") args.artifacts.push(value());
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else args.dirs.push(a);
  }
  return args;
}

/** Builds the feed object; throws on anything that would publish a broken update. */
export function buildFeed({ version, notes, pubDate, baseUrl, artifacts }) {
  if (!baseUrl) throw new Error("--base-url is required (where the bundles will be downloaded from)");
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const platforms = {};
  for (const { key, path } of artifacts) {
    if (!INSTALL_TYPES.includes(key)) throw new Error(`${key} is not an install type the app asks for`);
    if (platforms[key]) throw new Error(`two artifacts for ${key}: ${platforms[key].file} and ${basename(path)}`);
    const sigPath = `${path}.sig`;
    if (!existsSync(sigPath)) throw new Error(`${basename(path)} has no signature (${basename(sigPath)}): build with TAURI_SIGNING_PRIVATE_KEY set`);
    const signature = readFileSync(sigPath, "utf8").trim();
    const bound = signedVersion(signature);
    if (bound !== null && bound !== version) throw new Error(`${basename(path)} is signed for version ${bound}, not ${version}`);
    platforms[key] = { signature, url: new URL(encodeURIComponent(basename(path)), base).href, file: basename(path) };
  }
  if (Object.keys(platforms).length === 0) throw new Error("no bundles found");
  for (const entry of Object.values(platforms)) delete entry.file;
  return { version, notes: notes ?? "", pub_date: pubDate ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), platforms };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = JSON.parse(readFileSync(join(root, "tauri.conf.json"), "utf8"));
  const version = args.version ?? config.version;
  let artifacts = args.artifacts.map((spec) => {
    const at = spec.indexOf("=");
    if (at < 0) throw new Error(`--artifact wants key=path, got ${spec}`);
    return { key: spec.slice(0, at), path: resolve(spec.slice(at + 1)) };
  });
  if (artifacts.length === 0) {
    const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
    const dirs = args.dirs.length > 0 ? args.dirs : [join(target, "release", "bundle")];
    artifacts = dirs
      .flatMap(walk)
      .filter((p) => !p.endsWith(".sig"))
      .map((path) => ({ key: installTypeOf(path), path }))
      .filter((a) => a.key !== null)
      // One MSI per install type: several languages build several; prefer pt-BR.
      .sort((a, b) => Number(b.path.includes("_pt-BR")) - Number(a.path.includes("_pt-BR")))
      .filter((a, i, all) => all.findIndex((b) => b.key === a.key) === i);
  }
  const feed = buildFeed({ version, notes: args.notes, pubDate: args.pubDate, baseUrl: args.baseUrl, artifacts });
  const out = args.out ?? "latest.json";
  writeFileSync(out, `${JSON.stringify(feed, null, 2)}\n`);
  console.log(`release-feed: ${out} for ${version}: ${Object.keys(feed.platforms).join(", ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    console.error(`release-feed: ${error.message}`);
    process.exit(1);
  }
}
