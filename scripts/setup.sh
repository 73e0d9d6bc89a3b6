#!/usr/bin/env bash
# setup.sh: installs the Debian 12 packages sessionlint needs to build, test
# and run its fixtures. Non-interactive and idempotent: packages already
# present are left alone and nothing is fetched when all are installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libclang-19-dev clang-19 llvm-19  # libclang C API, builtin headers, llvm-config
  libclang-14-dev llvm-14            # the oldest libclang we support (token fallbacks), tested too
  libcjson-dev libcriterion-dev
  python3 python3-jsonschema         # SARIF schema validation in the tests
  libsqlite3-dev libpq-dev           # real headers for the fixtures and the demo
  pre-commit git                     # the hook test runs the real pre-commit
  chromium                           # the HTML report's browser test (scripts/test-report-browser.sh)
  libmariadb-dev libhiredis-dev      # MySQL/MariaDB and hiredis fixtures
  libmongoc-dev                      # MongoDB C driver fixtures
  liblmdb-dev unixodbc-dev           # LMDB and ODBC fixtures
  valgrind libclang-rt-19-dev        # memcheck stage; libFuzzer and sanitizer runtimes for clang-19
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
