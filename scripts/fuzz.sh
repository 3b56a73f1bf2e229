#!/usr/bin/env bash
# Pre-release check, not part of CI: builds the cargo-fuzz targets in fuzz/ and runs each
# for a bounded time, then prints runs, speed, peak memory and corpus size per target.
# Exits non-zero when a target crashes (panic, hang past the per-input timeout, or memory
# past the limit); the input that did it lands in fuzz/artifacts/<target>/. See
# fuzz/README.md.
#
#   bash scripts/fuzz.sh                          # every target, 60 s each
#   bash scripts/fuzz.sh 120                      # every target, 120 s each
#   bash scripts/fuzz.sh 60 xlsx_reader xls_reader
#   FUZZ_TARGET_DIR=/somewhere bash scripts/fuzz.sh
#
# Needs `cargo install cargo-fuzz` and python3 (for the seeds). The build uses its own
# target dir outside the repository: the first one compiles the whole app with coverage
# instrumentation, which takes a while. On a shared machine, run it under `nice`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
# Any single input taking longer than this is a hang.
per_input_timeout=${FUZZ_TIMEOUT:-10}
rss_limit_mb=${FUZZ_RSS_LIMIT_MB:-2048}
target_dir=${FUZZ_TARGET_DIR:-$HOME/.cache/whats-tip-fuzz-target}
case "$target_dir" in
  "$root"/*) echo "fuzz: FUZZ_TARGET_DIR must be outside the repository" >&2; exit 2 ;;
esac
case "$seconds" in
  '' | *[!0-9]*) echo "fuzz: the first argument is the seconds per target, got '$seconds'" >&2; exit 2 ;;
esac

if ! cargo fuzz --help >/dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is missing; install it with: cargo install cargo-fuzz --locked" >&2
  exit 2
fi

# The toolchain is stable: let cargo-fuzz use its nightly flags. `-s none` skips
# AddressSanitizer: the code under test is safe Rust, the build is much quicker, and a
# sanitizer runtime is not always installed.
export RUSTC_BOOTSTRAP=1
flags=(-s none --target-dir "$target_dir")

# Small real files of each format (the corpus folder is not committed).
python3 fuzz/make_seeds.py fuzz/corpus

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

echo "==> building the fuzz targets (target dir $target_dir)"
cargo fuzz build "${flags[@]}"

logs=$(mktemp -d /tmp/whats-tip-fuzz.XXXXXX)
failed=()
summary=()
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  before=$(find "fuzz/corpus/$target" -type f | wc -l)
  echo "==> $target for ${seconds} s (log: $logs/$target.log)"
  status=0
  cargo fuzz run "$target" "${flags[@]}" -- \
    -max_total_time="$seconds" -timeout="$per_input_timeout" \
    -rss_limit_mb="$rss_limit_mb" -print_final_stats=1 \
    >"$logs/$target.log" 2>&1 || status=$?
  stat() { grep -o "stat::$1: *[0-9]*" "$logs/$target.log" | grep -o '[0-9]*$' || true; }
  runs=$(stat number_of_executed_units)
  speed=$(stat average_exec_per_sec)
  rss=$(stat peak_rss_mb)
  after=$(find "fuzz/corpus/$target" -type f | wc -l)
  contained=$(grep -c '^contained panic' "$logs/$target.log" || true)
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $status)"
    failed+=("$target")
    tail -n 40 "$logs/$target.log" >&2
  fi
  summary+=("$(printf '%-13s %10s runs %7s/s %6s MB peak  corpus %5s -> %5s  %3s contained panic sites  %s' \
    "$target" "${runs:-?}" "${speed:-?}" "${rss:-?}" "$before" "$after" "${contained:-0}" "$result")")
done

echo
echo "fuzz summary ($(date -u +%Y-%m-%d), ${seconds} s per target, logs in $logs):"
printf '  %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: failing targets: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
