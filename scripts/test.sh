#!/usr/bin/env bash
# The whole test suite, from a fresh Debian/Ubuntu machine: installs what is missing, then
# runs lint, unit, integration (real SQLite, real Secret Service) and end-to-end tests of
# the real app window (tauri-driver + WebKitWebDriver under Xvfb). Prints a summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup.sh --test
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export PATH="$HOME/.cargo/bin:$PATH"

# One target dir outside the clone, reused between runs (CI clones afresh every time).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/whats-tip/target}"
# The same feature set for clippy, tests and the e2e binary, so nothing builds twice;
# custom-protocol embeds ui/dist, so the UI is built first.
features=(--features custom-protocol)
logs=$(mktemp -d /tmp/whats-tip-test-logs.XXXXXX)
started=$(date +%s)

step() { printf '\n==> %s\n' "$*"; }

step "Rust formatting"
cargo fmt --all -- --check

step "Architecture rules"
bash scripts/check-architecture.sh

step "UI typecheck and lint"
npm run --silent typecheck
npm run --silent lint

step "UI unit tests (mocked IPC)"
npx vitest run --config ui/vite.config.ts 2>&1 | tee "$logs/vitest.txt"

step "UI build"
npx vite build --config ui/vite.config.ts --logLevel warn

step "Clippy"
cargo clippy --all-targets "${features[@]}" -- -D warnings

step "Rust unit and integration tests (incl. keychain and generated TypeScript check)"
# Hard limits so a hung test fails the run instead of eating CI's 90 minutes.
timeout 1800 bash scripts/with-test-env.sh cargo test "${features[@]}" -- --include-ignored 2>&1 | tee "$logs/cargo.txt"

step "End-to-end tests in the real window"
export WHATS_TIP_APP_BIN="$CARGO_TARGET_DIR/debug/whats-tip"
export WHATS_TIP_SCREENSHOTS="$root/tests/e2e/screenshots"
timeout 1200 bash scripts/with-test-env.sh node --test --test-concurrency=1 --test-timeout=240000 tests/e2e/ 2>&1 | tee "$logs/e2e.txt"

step "Signed self-update: a debug .deb with a test key, installed and updated through its window"
# Last: its test-config build replaces target/debug/whats-tip (the next cargo build restores it).
timeout 1500 bash scripts/test-updater.sh 2>&1 | tee "$logs/updater.txt"

# Summary over the three runners.
rust_pass=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$logs/cargo.txt" | awk '{s+=$4} END {print s+0}')
rust_fail=$(grep -Eo '[0-9]+ failed' "$logs/cargo.txt" | awk '{s+=$1} END {print s+0}')
ui_pass=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/vitest.txt" | grep -E '^ +Tests ' | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
e2e_pass=$(cat "$logs/e2e.txt" "$logs/updater.txt" | grep -E '^# pass ' | awk '{s+=$3} END {print s+0}')
e2e_fail=$(cat "$logs/e2e.txt" "$logs/updater.txt" | grep -E '^# fail ' | awk '{s+=$3} END {print s+0}')
elapsed=$(( $(date +%s) - started ))
echo
echo "Summary: rust ${rust_pass} passed, ui ${ui_pass} passed, e2e ${e2e_pass} passed; screenshots in tests/e2e/screenshots; ${elapsed}s"
echo "$((rust_pass + ui_pass + e2e_pass)) passed, $((rust_fail + e2e_fail)) failed"
[ "$((rust_fail + e2e_fail))" -eq 0 ]
