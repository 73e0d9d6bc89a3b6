#!/usr/bin/env bash
# demo.sh: builds sessionlint and runs it on demo/, a small inventory service
# with six planted database-session bugs (one per rule; see demo/README.md).
# Finding bugs is the point, so the linter's exit status 1 ("findings") is a
# success here; any other non-zero status (usage error, incomplete analysis,
# crash) fails the script.
set -euo pipefail

cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2 --target sessionlint

echo "== sessionlint demo -- \$(pkg-config --cflags libpq sqlite3)"
status=0
# shellcheck disable=SC2046 # the pkg-config flags are meant to split into words
build/sessionlint demo -- $(pkg-config --cflags libpq sqlite3) || status=$?

case "$status" in
  1) echo "== sessionlint found the planted bugs (exit status 1, as expected)" ;;
  0) echo "== sessionlint found nothing: the six planted bugs were missed" >&2 ;;
  *) echo "== sessionlint failed with exit status $status" >&2
     exit "$status" ;;
esac
