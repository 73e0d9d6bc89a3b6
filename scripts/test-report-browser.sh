#!/usr/bin/env bash
# test-report-browser.sh: the HTML report in a real browser. Builds the
# reports of demo/ (--format html) and of a source file whose name and
# comment carry </script> and <img onerror> (through `sessionlint report`
# on a SARIF log, rendered from another directory), opens them in headless
# Chromium (Debian `chromium`, installed when missing) and checks the DOM
# after the page's script ran: the index lists every finding of the log and
# its filter bar is live, every finding page shows each of its steps, and
# nothing from the sources became markup. Screenshots (wide and 390 px
# narrow) are kept in OUT/screenshots for CI to upload as artifacts.
#
# usage: scripts/test-report-browser.sh [BUILD_DIR [OUT]]
#        (defaults: build-test, build/report-browser)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-test}
out=${2:-build/report-browser}
case "$out" in /*) ;; *) out=$root/$out ;; esac

if ! command -v chromium >/dev/null; then
  echo "== installing chromium" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -x "$build/sessionlint" ]; then
  cmake -S . -B "$build" >/dev/null
  cmake --build "$build" -j2 --target sessionlint
fi
bin=$(cd "$build" && pwd)/sessionlint

rm -rf "$out"
mkdir -p "$out/screenshots"

browse() { # browse WHAT URL [chromium args...]: WHAT is --dump-dom or --screenshot=FILE
  local what=$1 url=$2 profile
  shift 2
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" "$what" "$url" 2>/dev/null
  rm -rf "$profile"
}

shoot() { # shoot NAME PAGE: wide and narrow screenshots of PAGE
  browse --screenshot="$out/screenshots/$1-wide.png" "file://$2" --window-size=1280,900 >/dev/null
  browse --screenshot="$out/screenshots/$1-narrow.png" "file://$2" --window-size=390,844 >/dev/null
  [ -s "$out/screenshots/$1-wide.png" ] && [ -s "$out/screenshots/$1-narrow.png" ]
}

expect_status() { # expect_status WANTED COMMAND...
  local wanted=$1 status=0
  shift
  "$@" || status=$?
  if [ "$status" -ne "$wanted" ]; then
    echo "FAIL: '$*' exited with $status, expected $wanted" >&2
    exit 1
  fi
}

# check.py LOG DIR: the DOM of the index and of each finding page against the log.
cat >"$out/check.py" <<'EOF'
import html, json, os, re, subprocess, sys, urllib.parse

log, report, browse = sys.argv[1], sys.argv[2], sys.argv[3]

def dom(page):
    return subprocess.run([browse, "file://" + os.path.join(report, page)], check=True,
                          capture_output=True, text=True).stdout

def fail(message):
    sys.exit("FAIL: " + message)

results = [r for run in json.load(open(log))["runs"] for r in run.get("results", [])]
index = dom("index.html")
rows = [tuple(map(html.unescape, row))
        for row in re.findall(r'<tr data-rule="([^"]*)" data-file="([^"]*)"', index)]
expected = [(r["ruleId"], urllib.parse.unquote(
    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])) for r in results]
if sorted(rows) != sorted(expected):
    fail("the index rows %s do not match the log's %d results" % (rows, len(results)))
if 'id="filters" class="filters" hidden' in index or \
        "%d of %d shown" % (len(results), len(results)) not in index:
    fail("the index script did not run (filter bar hidden)")
for n in range(1, len(results) + 1):
    page = dom("finding-%d.html" % n)
    steps = int(re.search(r"<h2>Path \((\d+) steps?\)</h2>", page).group(1))
    for s in range(1, steps + 1):
        marked = any(str(s) in m.split() for m in re.findall(r'data-step="([^"]*)"', page))
        if page.count('id="step-%d"' % s) != 1 or not marked:
            fail("finding-%d.html: step %d is not drawn on the source" % (n, s))
    for tag in ("<img", "<script"):
        if tag in page:
            fail("finding-%d.html: %s element in the page" % (n, tag))
if "<img" in index or index.count("<script") != 1:
    fail("index.html: markup from the log")
print("ok: %d findings, every step shown" % len(results))
EOF
cat >"$out/dom.sh" <<EOF
#!/usr/bin/env bash
profile=\$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \\
  --disable-background-networking --disable-component-update --disable-sync \\
  --user-data-dir="\$profile" --dump-dom "\$1" 2>/dev/null
rm -rf "\$profile"
EOF
chmod +x "$out/dom.sh"

echo "== report of demo/ (--format html)"
# shellcheck disable=SC2046 # the pkg-config flags are meant to split into words
cflags=$(pkg-config --cflags libpq sqlite3)
# shellcheck disable=SC2086
expect_status 1 "$bin" -q --format sarif -o "$out/demo.sarif" demo -- $cflags
# shellcheck disable=SC2086
expect_status 1 "$bin" -q --format html -o "$out/demo" demo -- $cflags
python3 "$out/check.py" "$out/demo.sarif" "$out/demo" "$out/dom.sh"
shoot index "$out/demo/index.html"
shoot finding-1 "$out/demo/finding-1.html"

echo "== report of a log whose file name and source carry </script> and <img onerror>"
src=$out/evil-src
mkdir -p "$src/evil<"
cat >"$src/evil</script><img src=x onerror=alert(1)>.c" <<'EOF'
#include <sqlite3.h>
/* </script><img src=x onerror=alert(1)> */
int count_rows(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1; /* <img src=x onerror=alert(2)> */
    return 0;
}
EOF
# shellcheck disable=SC2086
(cd "$src" && expect_status 1 "$bin" -q --format sarif -o "$out/evil.sarif" . -- $cflags)
expect_status 0 "$bin" report -q "$out/evil.sarif" -o "$out/evil"
python3 "$out/check.py" "$out/evil.sarif" "$out/evil" "$out/dom.sh"
if ! grep -q 'evil&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;.c' "$out/evil/finding-1.html"; then
  echo "FAIL: the escaped file name is not on the finding page" >&2
  exit 1
fi
shoot evil-finding-1 "$out/evil/finding-1.html"

echo "== browser test passed; screenshots in ${out#"$root"/}/screenshots"
