#!/usr/bin/env bash
# Installs what Whats TIP needs to build and run on Debian/Ubuntu: system packages, Rust,
# Node.js, the npm packages and (with --test) the test tools. Only installs what is missing,
# so it is quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# WebKitGTK, GTK and friends for Tauri; libdbus for the keychain (Secret Service).
build_packages=(build-essential pkg-config file patchelf xdg-utils curl ca-certificates libssl-dev
  libdbus-1-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev)
# A virtual display, WebKit's WebDriver, a private D-Bus with gnome-keyring, secret-tool,
# zbarimg to read QR codes back from screenshots, and sudo: the updater installs a .deb with
# `pkexec`, a graphical sudo or `sudo dpkg -i` (scripts/test-updater.sh runs as root).
test_packages=(xvfb xauth webkit2gtk-driver dbus gnome-keyring libsecret-1-0 libsecret-tools keyutils zbar-tools sudo)

packages=("${build_packages[@]}")
[ "$want_test" -eq 1 ] && packages+=("${test_packages[@]}")

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "setup: not a Debian/Ubuntu system; see README.md for the prerequisites of your OS" >&2
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: installing Rust with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt 2>/dev/null || true

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is needed (found ${node_major}); installing Debian's nodejs"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi

# npm packages: reinstall only when package-lock.json changed since the last install.
stamp=node_modules/.whats-tip-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

if [ "$want_test" -eq 1 ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2'
fi
