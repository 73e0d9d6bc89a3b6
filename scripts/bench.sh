#!/usr/bin/env bash
# bench.sh: the benchmark of issue 8 (not a timed test, not run in CI).
# On the real corpus (scripts/corpus.sh's cache) and a generated stress set of
# large functions (bench/gen_stress.py), runs in one go: the parse floor
# (bench/parse_floor.c: libclang parse + cursor walk, nothing else),
# `clang-19 -fsyntax-only` with the same flags, sessionlint -j1/-j2 cold
# (--no-cache) and warm (cache), cppcheck with bench/sessionlint.cfg and
# `clang-19 --analyze`. Each measurement is repeated BENCH_REPEAT times (the
# fastest wall time is kept) under /usr/bin/time; the 1-minute load average
# at its start is recorded. Writes OUT/results.tsv and OUT/results.md (the
# tables of docs/benchmarks.md, with the goals of the issue met or not).
#
# Environment: BENCH_OUT (default build-bench), BENCH_REPEAT (2),
# BENCH_STRESS_SIZES (handles per stress function: "16 32 64 128 200"),
# BENCH_OTHER_PER_PACKAGE (files without a database call taken per package
# for the pre-filter tree: 25), BENCH_MEM_KB (address-space cap of each
# measured command, 8000000). Installs cppcheck, clang-19 and time with
# apt-get when missing (root or sudo).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/build-bench}
REPEAT=${BENCH_REPEAT:-2}
STRESS_SIZES=${BENCH_STRESS_SIZES:-16 32 64 128 200}
OTHER_PER_PACKAGE=${BENCH_OTHER_PER_PACKAGE:-25}
MEM_KB=${BENCH_MEM_KB:-8000000}
LLVM=/usr/lib/llvm-19
CORPUS_CACHE=${SESSIONLINT_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sessionlint-corpus}
log() { printf 'bench: %s\n' "$*" >&2; }

# --- 1. tools -----------------------------------------------------------------
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
need=()
command -v cppcheck >/dev/null || need+=(cppcheck)
command -v clang-19 >/dev/null || need+=(clang-19)
[ -x /usr/bin/time ] || need+=(time)
[ -f $LLVM/include/clang-c/Index.h ] || need+=(libclang-19-dev)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
    { log "cannot install ${need[*]}"; exit 1; }
fi
RESOURCE_DIR=$(clang-19 -print-resource-dir)

# --- 2. builds ----------------------------------------------------------------
mkdir -p "$OUT"
cmake -S "$ROOT" -B "$OUT" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
  cmake --build "$OUT" -j2 --target sessionlint >/dev/null ||
  { [ -x "$OUT/sessionlint" ] || { log "sessionlint build failed"; exit 1; }
    log "sessionlint build failed (tree mid-edit?): measuring the existing $OUT/sessionlint"; }
cc -O2 -std=c11 -I$LLVM/include "$ROOT/bench/parse_floor.c" -o "$OUT/parse_floor" \
  -L$LLVM/lib -lclang -Wl,-rpath,$LLVM/lib || { log "parse_floor build failed"; exit 1; }
SL=$OUT/sessionlint FLOOR=$OUT/parse_floor CFG=$ROOT/bench/sessionlint.cfg

# --- 3. inputs ----------------------------------------------------------------
if [ ! -d "$CORPUS_CACHE/src" ]; then
  log "no corpus cache: running scripts/corpus.sh"
  "$ROOT/scripts/corpus.sh" >/dev/null
fi
"$ROOT/scripts/corpus.sh" --list > "$OUT/corpus-list.tsv" || { log "corpus.sh --list failed"; exit 1; }
# The pre-filter tree: every database file plus the first OTHER_PER_PACKAGE
# other C files of each package (same directories, same flags).
{ grep '^api' "$OUT/corpus-list.tsv"
  grep '^other' "$OUT/corpus-list.tsv" | awk -F'\t' -v k="$OTHER_PER_PACKAGE" '++n[$2] <= k'
} > "$OUT/mixed-list.tsv"
STRESS_DIR=$OUT/stress
rm -rf "$STRESS_DIR"
# shellcheck disable=SC2086
python3 "$ROOT/bench/gen_stress.py" "$STRESS_DIR" $STRESS_SIZES > "$OUT/stress-list.tsv"
awk -F'\t' -v d="$STRESS_DIR" '{print "stress\t" d "\t" $1 "\t-I/usr/include/postgresql"}' \
  "$OUT/stress-list.tsv" > "$OUT/stress-files.tsv"
# The largest database file of the corpus (peak memory goal).
largest=$(grep '^api' "$OUT/corpus-list.tsv" | while IFS=$'\t' read -r _ dir file _; do
            [[ $file = /* ]] || file=$dir/$file
            printf '%s\t' "$(stat -c %s "$file")"; grep -F -m1 "	${file#"$dir"/}	" "$OUT/corpus-list.tsv"
          done | sort -n | tail -1 | cut -f2-)
printf '%s\n' "$largest" > "$OUT/largest-list.tsv"

# --- 4. command scripts ---------------------------------------------------------
# script_for TOOL LIST: a bash script running TOOL on every file of LIST,
# grouped by package directory and flags (one process per group for the
# in-process tools, one per file for the compiler drivers).
cppcheck_flags() {
  local f prev=""
  for f in "$@"; do
    if [ "$prev" = "-include" ]; then printf -- '--include=%s\n' "$f"; prev=""; continue; fi
    case $f in -include) prev=$f ;; -I*|-D*|-U*) printf '%s\n' "$f" ;; esac
  done
}
script_for() {
  local tool=$1 list=$2
  echo "exec >/dev/null 2>&1"
  cut -f2- "$list" | awk -F'\t' '{k=$1; for (i=3;i<=NF;i++) k=k "\t" $i; if (!(k in seen)) {seen[k]=1; order[++n]=k}
                                  files[k]=files[k] "\t" $2} END {for (i=1;i<=n;i++) print order[i] "\x01" files[order[i]]}' |
  while IFS=$'\x01' read -r key files; do
    local dir flags=() fs=()
    IFS=$'\t' read -r -a flags <<<"$key"
    dir=${flags[0]}; flags=("${flags[@]:1}")
    IFS=$'\t' read -r -a fs <<<"${files#$'\t'}"
    printf 'cd %q\n' "$dir"
    case $tool in
      floor)       printf '%q ' "$FLOOR" "$RESOURCE_DIR" "${fs[@]}" -- "${flags[@]}"; echo ;;
      sl-j1|sl-j2) printf '%q ' "$SL" -q "-j${tool#sl-j}" --no-cache "${fs[@]}" -- "${flags[@]}"; echo ;;
      sl-noprefilter) printf 'SESSIONLINT_NO_PREFILTER=1 '
                      printf '%q ' "$SL" -q -j1 --no-cache "${fs[@]}" -- "${flags[@]}"; echo ;;
      warm-j1|warm-j2) printf '%q ' "$SL" -q "-j${tool#warm-j}" --cache-dir "$OUT/cache" "${fs[@]}" -- "${flags[@]}"; echo ;;
      cppcheck)    mapfile -t cf < <(cppcheck_flags "${flags[@]}")
                   printf '%q ' cppcheck -q -j1 --max-configs=1 "--library=$CFG" "${cf[@]}" "${fs[@]}"; echo ;;
      syntax)      for f in "${fs[@]}"; do printf '%q ' clang-19 -fsyntax-only "${flags[@]}" "$f"; echo; done ;;
      analyze)     for f in "${fs[@]}"; do printf '%q ' clang-19 --analyze -o /dev/null "${flags[@]}" "$f"; echo; done ;;
    esac
  done
}

# --- 5. measurements ------------------------------------------------------------
# measure SET TOOL LIST: REPEAT runs; keeps the fastest (wall) in results.tsv:
# set tool wall user sys maxrss_kb load1 status
RESULTS=$OUT/results.tsv
printf 'set\ttool\twall_s\tuser_s\tsys_s\tmaxrss_kb\tload1\tstatus\n' > "$RESULTS"
measure() {
  local set=$1 tool=$2 list=$3 script="$OUT/run-$1-$2.sh" best="" i line load
  script_for "$tool" "$list" > "$script"
  for ((i = 0; i < REPEAT; i++)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    (ulimit -v "$MEM_KB"; /usr/bin/time -f '%e %U %S %M %x' -o "$OUT/time.out" bash "$script")
    line="$(tail -1 "$OUT/time.out") $load"
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then best=$line; fi
  done
  read -r wall user sys rss status load <<<"$best"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$tool" "$wall" "$user" "$sys" "$rss" "$load" "$status" >> "$RESULTS"
  log "$set $tool: wall $wall s, cpu $user+$sys s, $rss KB, load $load"
}

log "corpus: $(grep -c '^api' "$OUT/corpus-list.tsv") files; mixed tree: $(wc -l < "$OUT/mixed-list.tsv") files"
grep '^api' "$OUT/corpus-list.tsv" > "$OUT/api-list.tsv"
for tool in floor syntax sl-j1 sl-j2; do measure corpus "$tool" "$OUT/api-list.tsv"; done
rm -rf "$OUT/cache"
bash <(script_for warm-j1 "$OUT/api-list.tsv")  # fills the cache, not timed
for tool in warm-j1 warm-j2 cppcheck analyze; do measure corpus "$tool" "$OUT/api-list.tsv"; done
for tool in floor sl-j1; do measure largest "$tool" "$OUT/largest-list.tsv"; done
for tool in floor sl-j1 sl-noprefilter; do measure mixed "$tool" "$OUT/mixed-list.tsv"; done
while IFS= read -r line; do
  printf '%s\n' "$line" > "$OUT/one-stress.tsv"
  for tool in floor syntax sl-j1 cppcheck analyze; do
    measure "stress:$(basename "$(cut -f3 <<<"$line")" .c)" "$tool" "$OUT/one-stress.tsv"
  done
done < "$OUT/stress-files.tsv"

# --- 6. report ------------------------------------------------------------------
python3 "$ROOT/bench/report.py" "$RESULTS" "$OUT/stress-list.tsv" "$(cat "$OUT/largest-list.tsv" | cut -f3)" \
  > "$OUT/results.md"
cat "$OUT/results.md"
