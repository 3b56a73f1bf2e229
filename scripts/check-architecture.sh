#!/usr/bin/env bash
# The core never knows about Tauri: under src-tauri/, only lib.rs, main.rs, build.rs and
# commands/ may import `tauri` or a Tauri plugin. Every other file is checked, so a new
# module cannot escape the rule. The UI side: only ui/src/ipc/ may call Tauri's JS API.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed='^src-tauri/(lib\.rs|main\.rs|build\.rs|commands/)'
# `tauri::…`, `tauri_plugin_x::…`, `use tauri…`, `extern crate tauri…` (not `tauri_build`
# in build.rs, which is allowed anyway, nor words like `tauri-driver` in comments).
pattern='(^|[^_a-zA-Z0-9])(tauri|tauri_plugin_[a-z_]+)(::|;|[[:space:]]+as[[:space:]])'
offenders=$(find src-tauri -name '*.rs' -print | sort | grep -Ev "$allowed" |
  xargs grep -nE "$pattern" /dev/null | grep -vE ':[0-9]+:[[:space:]]*//' || true)
if [ -n "$offenders" ]; then
  echo "$offenders"
  echo "architecture: the files above import Tauri; only src-tauri/lib.rs, main.rs, build.rs and commands/ may" >&2
  exit 1
fi
checked=$(find src-tauri -name '*.rs' | grep -cEv "$allowed")
# Only ui/src/ipc/ may call Tauri's JavaScript API.
# (Code only: the generated licence list names the npm package.)
if grep -rln --include='*.ts' --include='*.tsx' "@tauri-apps/" ui/src | grep -v '^ui/src/ipc/'; then
  echo "architecture: only ui/src/ipc/ may import @tauri-apps/*" >&2
  exit 1
fi
echo "architecture: ok ($checked Rust files outside lib.rs, main.rs, build.rs and commands/ are Tauri-free)"
