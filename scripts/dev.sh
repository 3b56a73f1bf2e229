#!/usr/bin/env bash
# Runs Whats TIP in development mode (installs what is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tauri dev "$@"
