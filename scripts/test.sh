#!/usr/bin/env bash
# test.sh: the whole test suite, as CI runs it. Installs missing Debian
# packages (scripts/setup.sh), builds with warnings as errors, runs every
# Criterion test through CTest, opens the HTML report in headless Chromium
# (scripts/test-report-browser.sh), then builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the suite once more, and finally builds
# against libclang 14 (no operator-kind API: the token fallbacks) and runs it
# a third time. In between: a short run of every libFuzzer target
# (scripts/fuzz.sh); after: valgrind memcheck of the binary over fixtures, and
# the suite built with clang-19 instead of gcc.
# The SARIF schema check needs ../shared/sarif/validate.py (the developers'
# workspace); in a clone without it that one check is skipped and says so.
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/setup.sh

run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DSL_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j2
  (cd "$dir" && ctest --output-on-failure -j2)
}

if [ ! -f ../shared/sarif/validate.py ]; then
  echo "== note: ../shared/sarif/validate.py not found: the SARIF schema check is skipped" \
       "(the validator lives only in the developers' workspace); every other test runs"
fi

echo "== build and test (warnings as errors)"
run_suite build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo

echo "== HTML report in headless Chromium (screenshots: build/report-browser/screenshots)"
scripts/test-report-browser.sh build-test build/report-browser

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
# LeakSanitizer runs with no suppressions: any leak, ours or libclang's, fails.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DSL_SANITIZE=ON

echo "== short fuzzing runs, ${SL_CI_FUZZ_SECONDS:=60} s per target (docs/fuzzing.md)"
for target in model config compdb command_args analyze prescan; do
  SL_FUZZ_BUILD=build-fuzz scripts/fuzz.sh "$target" "$SL_CI_FUZZ_SECONDS" 2>&1 | tail -n 3
done

echo "== build and test against libclang 14 (token fallbacks for operator kinds)"
unset ASAN_OPTIONS UBSAN_OPTIONS
run_suite build-clang14 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSL_LLVM_CONFIG=/usr/bin/llvm-config-14

echo "== valgrind memcheck over fixtures/sqlite3 and fixtures/inhouse (no definite leaks)"
# Exit 1/3 (findings, incomplete) is the analysis speaking; 99 is valgrind's.
status=0
valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
  --suppressions=scripts/valgrind-ldso.supp \
  build-test/sessionlint --no-cache -j 1 fixtures/sqlite3 fixtures/inhouse -- -I fixtures/include \
  >/dev/null || status=$?
if [ "$status" -eq 99 ] || [ "$status" -gt 3 ]; then
  echo "valgrind memcheck failed (exit $status)" >&2
  exit 1
fi

echo "== build and test with clang-19 as the compiler (warnings as errors)"
CC=clang-19 run_suite build-clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
