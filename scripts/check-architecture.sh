#!/usr/bin/env bash
# Domain modules must not know about Tauri; only src-tauri/lib.rs and src-tauri/commands/ may.
set -euo pipefail
cd "$(dirname "$0")/.."
domain=(src-tauri/evolution src-tauri/secrets src-tauri/settings src-tauri/storage
  src-tauri/doctor.rs src-tauri/paths.rs src-tauri/logging.rs src-tauri/error.rs src-tauri/state.rs src-tauri/bin
  src-tauri/instances.rs src-tauri/qr.rs src-tauri/sandbox)
for extra in src-tauri/compose src-tauri/import src-tauri/campaign; do
  [ -e "$extra" ] && domain+=("$extra")
done
if grep -rnE '(^|[^_a-z])tauri(_plugin_[a-z_]+)?::' "${domain[@]}"; then
  echo "architecture: the files above import Tauri; move that code to src-tauri/commands/" >&2
  exit 1
fi
# Only ui/src/ipc/ may call Tauri's JavaScript API.
if grep -rln "@tauri-apps/" ui/src | grep -v '^ui/src/ipc/'; then
  echo "architecture: only ui/src/ipc/ may import @tauri-apps/*" >&2
  exit 1
fi
echo "architecture: ok"
