#!/usr/bin/env bash
# Signed self-update, end to end on a real .deb (see tests/updater/updater.test.mjs):
# builds the app as a debug .deb with a TEST updater config (a key pair made for this run,
# the feed on 127.0.0.1, plain HTTP allowed for this build only), checks that the bundler
# stamped the bundle type into the packaged binary, then installs it and updates it.
# Needs root (dpkg -i), Xvfb + tauri-driver (scripts/with-test-env.sh), and the UI's deps.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/whats-tip/target}"
port="${UPDATER_TEST_PORT:-18473}"
work=$(mktemp -d /tmp/whats-tip-updater-build.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A throw-away key pair for the build, and another one whose signatures must be refused.
npx tauri signer generate --ci -p "" -w "$work/test.key" >/dev/null
npx tauri signer generate --ci -p "" -w "$work/other.key" >/dev/null
pubkey=$(cat "$work/test.key.pub")
cat >"$work/test-config.json" <<JSON
{
  "bundle": { "createUpdaterArtifacts": true },
  "plugins": {
    "updater": {
      "pubkey": "$pubkey",
      "endpoints": ["http://127.0.0.1:$port/latest.json"],
      "dangerousInsecureTransportProtocol": true,
      "requireSignedVersion": true
    }
  }
}
JSON

echo "updater: building the test .deb"
started=$(date +%s)
TAURI_SIGNING_PRIVATE_KEY="$(cat "$work/test.key")" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
  npx tauri build --debug --bundles deb --config "$work/test-config.json" --ci
version=$(node -p 'require("./tauri.conf.json").version')
deb="$CARGO_TARGET_DIR/debug/bundle/deb/Whats TIP_${version}_amd64.deb"
[ -f "$deb" ] && [ -f "$deb.sig" ] || { echo "updater: $deb or its .sig is missing" >&2; exit 1; }
echo "updater: built in $(( $(date +%s) - started ))s"

# The bundle-type stamp: tauri-bundler patches `__TAURI_BUNDLE_TYPE_VAR_UNK` in the binary it
# packages to `…_DEB` (tauri-utils `platform::bundle_type()` reads it; the updater picks its
# feed entry and installer by it) and restores the build output afterwards.
dpkg-deb -x "$deb" "$work/extracted"
packaged="$work/extracted/usr/bin/whats-tip"
grep -qa "__TAURI_BUNDLE_TYPE_VAR_DEB" "$packaged" || { echo "updater: the packaged binary has no DEB stamp" >&2; exit 1; }
if grep -qa "__TAURI_BUNDLE_TYPE_VAR_UNK" "$packaged"; then
  echo "updater: the packaged binary still has the unknown-bundle placeholder" >&2; exit 1
fi
grep -qa "__TAURI_BUNDLE_TYPE_VAR_UNK" "$CARGO_TARGET_DIR/debug/whats-tip" || {
  echo "updater: the build output was left stamped (the next bundle would be mislabelled)" >&2; exit 1
}
echo "updater: the packaged binary is stamped DEB; the build output is restored"

# The release feed script on this build: one entry per install type, signature bound to it.
node scripts/release-feed.mjs --base-url "http://127.0.0.1:$port/files/" --out "$work/latest.json" \
  "$CARGO_TARGET_DIR/debug/bundle/deb"
node -e '
  const feed = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const keys = Object.keys(feed.platforms);
  if (keys.join() !== "linux-x86_64-deb") throw new Error("unexpected feed keys " + keys);
  if (!feed.platforms["linux-x86_64-deb"].signature) throw new Error("no signature in the feed");
' "$work/latest.json"

export UPDATER_TEST_DEB="$deb" UPDATER_TEST_KEY="$work/test.key" UPDATER_TEST_OTHER_KEY="$work/other.key"
export UPDATER_TEST_PORT="$port" WHATS_TIP_APP_BIN=/usr/bin/whats-tip
timeout 900 bash scripts/with-test-env.sh node --test --test-concurrency=1 --test-timeout=600000 tests/updater/
