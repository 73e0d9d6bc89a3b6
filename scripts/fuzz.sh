#!/usr/bin/env bash
# fuzz.sh TARGET SECONDS: builds the libFuzzer targets (clang-19, ASan +
# UBSan, -DSL_FUZZ=ON) in build-fuzz/ and runs one of them for SECONDS on
# one core (one process: no -jobs, whose log would land in the working
# directory), starting from the seed corpus fuzz/corpus/TARGET. New inputs go
# to build-fuzz/corpus/TARGET (the seeds in the repository are not touched),
# crashes to build-fuzz/artifacts/TARGET/. TARGET is model, config, compdb,
# command_args, analyze or prescan ("all" runs each in turn). Exit 0 when no crash
# was found; libFuzzer's status otherwise. See docs/fuzzing.md.
# Environment: SL_FUZZ_BUILD (build directory, default build-fuzz),
# SL_FUZZ_FLAGS (more libFuzzer flags).
set -euo pipefail

cd "$(dirname "$0")/.."
targets=(model config compdb command_args analyze prescan)
usage() { echo "usage: scripts/fuzz.sh {${targets[*]// /|}|all} SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
target=$1 seconds=$2
[[ $seconds =~ ^[0-9]+$ ]] || usage
if [ "$target" = all ]; then
  for t in "${targets[@]}"; do "$0" "$t" "$seconds"; done
  exit 0
fi
[[ " ${targets[*]} " == *" $target "* ]] || usage

build=${SL_FUZZ_BUILD:-build-fuzz}
CC=clang-19 cmake -S . -B "$build" -DSL_FUZZ=ON -DSL_BUILD_TESTS=OFF -DSL_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target "fuzz_$target" >/dev/null

corpus="$build/corpus/$target" artifacts="$build/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# -timeout: one input taking longer is a hang and a finding; -rss_limit_mb
# bounds libclang's memory on huge generated sources.
# The analysis target also starts from every fixture, read in place rather
# than copied into its seed corpus; the scan before parsing from those and
# the analysis seeds.
seeds=("fuzz/corpus/$target")
[ "$target" = analyze ] && seeds+=(fixtures)
[ "$target" = prescan ] && seeds+=(fuzz/corpus/analyze fixtures)
# shellcheck disable=SC2086
"$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" \
  ${SL_FUZZ_FLAGS:-} "$corpus" "${seeds[@]}"
