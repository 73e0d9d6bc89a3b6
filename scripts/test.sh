#!/usr/bin/env bash
# test.sh: the whole test suite, as CI runs it. Installs missing Debian
# packages (scripts/setup.sh), builds with warnings as errors, runs every
# Criterion test through CTest, opens the HTML report in headless Chromium
# (scripts/test-report-browser.sh), then builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the suite once more, and finally builds
# against libclang 14 (no operator-kind API: the token fallbacks) and runs it
# a third time.
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

echo "== build and test against libclang 14 (token fallbacks for operator kinds)"
unset ASAN_OPTIONS UBSAN_OPTIONS
run_suite build-clang14 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSL_LLVM_CONFIG=/usr/bin/llvm-config-14
