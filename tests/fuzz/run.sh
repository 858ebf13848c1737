#!/usr/bin/env bash
# Builds a fuzz target with libFuzzer (libfuzzer-sys + SanitizerCoverage, stable toolchain, no
# cargo-fuzz needed) and runs it at the lowest CPU priority, seeded from tests/corpus/managed.
#
#   tests/fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]     TARGET: analyze | edits
#
# FUZZ_SEEDS overrides the seed directory. New inputs go to tests/fuzz/corpus/TARGET, crashes to tests/fuzz/artifacts/TARGET, the log to
# tests/fuzz/logs/TARGET.log (all ignored by git). Copy a crash into tests/fixtures/fuzz/TARGET/
# to make it a regression test (tests/tests/fuzz_regressions.rs replays that folder).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:?usage: run.sh analyze|edits [SECONDS] [libFuzzer flags]}"
seconds="${2:-60}"
shift $(( $# >= 2 ? 2 : 1 ))

triple="$(rustc -vV | sed -n 's/^host: //p')"
# What cargo-fuzz passes, minus the sanitizer (the crate forbids unsafe code): coverage counters,
# comparison tracing for libFuzzer's value profile, and the `fuzzing` cfg. `--target` keeps the
# instrumentation away from build scripts and proc macros.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cforce-frame-pointers"
nice -n 19 cargo build --release --manifest-path "$here/Cargo.toml" --target "$triple" --bin "$target"
binary="$here/target/$triple/release/$target"

mkdir -p "$here/corpus/$target" "$here/artifacts/$target" "$here/logs"
seeds="${FUZZ_SEEDS:-$here/../corpus/managed}"
echo "fuzzing $target for ${seconds}s from $(date -u +%H:%M:%S) UTC; seeds: $seeds" | tee "$here/logs/$target.log"
status=0
nice -n 19 "$binary" "$here/corpus/$target" "$seeds" \
  -max_total_time="$seconds" -max_len=16384 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$here/artifacts/$target/" "$@" >>"$here/logs/$target.log" 2>&1 || status=$?
echo "ended $(date -u +%H:%M:%S) UTC with status $status" | tee -a "$here/logs/$target.log"
tail -25 "$here/logs/$target.log"
exit "$status"
