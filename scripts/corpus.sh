#!/usr/bin/env bash
# corpus.sh: runs sessionlint on the sqlite3 / libpq client code of a pinned
# set of Debian 12 (bookworm) source packages and summarises the findings.
# docs/real-code.md explains the method and triages the results
# (docs/corpus-triage.tsv).
#
# Non-interactive and idempotent. Everything fetched or generated goes to a
# cache OUTSIDE the work tree (never commit it):
#   ${SESSIONLINT_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sessionlint-corpus}
#     dl/PKG/        what `apt-get source --download-only` fetched
#     src/PKG-VER/   the unpacked source (reused on later runs)
#     gen/PKG/       minimal generated headers (config.h and the like)
#     findings.log   every finding with its notes, per file
#     findings.tsv   one line per finding: package version file line col level rule message
#     summary.txt    what is printed at the end
#
# Needs root (or sudo) for the deb-src entry, `apt-get update` and the few
# header-only -dev packages. SESSIONLINT=path/to/sessionlint picks the binary
# (default: build-corpus/sessionlint, built if missing). Exit status: 0 when
# every package was analysed and sessionlint never crashed or hung, 1 otherwise.
set -uo pipefail

# --list: only print the files and their flags (for scripts/bench.sh), one
# file a line: KIND<TAB>PACKAGE_DIR<TAB>FILE<TAB>FLAG<TAB>FLAG..., KIND "api"
# for the files analysed, "other" for the remaining *.c files of the same
# directories. Nothing is installed or analysed: run once without it first.
LIST_ONLY=0
[ "${1:-}" = "--list" ] && LIST_ONLY=1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${SESSIONLINT_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sessionlint-corpus}
SL=${SESSIONLINT:-$ROOT/build-corpus/sessionlint}
PER_FILE_TIMEOUT=${SESSIONLINT_CORPUS_TIMEOUT:-600}

# The pinned corpus: source package = version, as bookworm (main, updates)
# has them. rsyslog 8.2302.0-1+deb12u2, dovecot 2.3.19.1+dfsg1-2.1+deb12u7 and
# postgresql-15 15.20-0+deb12u1 are listed by bookworm-security too, but their
# files could not be fetched here; the versions below are the newest that
# could (bookworm and bookworm-updates).
PACKAGES=(
  "postfix=3.7.11-0+deb12u1"                 # src/global/dict_pgsql.c, dict_sqlite.c, dict_mysql.c
  "dovecot=1:2.3.19.1+dfsg1-2.1+deb12u6"     # src/lib-sql/driver-pgsql.c, driver-sqlite.c, driver-mysql.c
  "rsyslog=8.2302.0-1+deb12u1"               # plugins/ompgsql/ompgsql.c, ommysql, contrib/omhiredis, imhiredis
  "gammu=1.42.0-8"                           # smsd/services/pgsql.c, mysql.c
  "freeradius=3.2.1+dfsg-4+deb12u1"          # rlm_sql_postgresql.c, rlm_sql_sqlite.c, rlm_sql_mysql.c, rlm_redis, rlm_cache_redis
  "sqlite3=3.40.1-2+deb12u2"                 # tool/*.c and the generated shell.c
  "postgresql-15=15.18-0+deb12u1"            # client programs: src/bin, src/fe_utils, examples
  "lmdb=0.9.24-1"                            # the LMDB tools: mdb_stat.c, mdb_dump.c, mdb_load.c, mdb_copy.c
  "unixodbc=2.3.11-2+deb12u1"                # exe/isql.c, iusql.c, slencheck.c (ODBC); also freeradius rlm_sql_unixodbc.c
  "collectd=5.12.0-14"                       # src/write_mongodb.c (libmongoc)
  "rinetd=0.73-1"                            # generic models only (FILE_RE): streams, sockets
  "dtach=0.9-5"                              # generic models only (FILE_RE): descriptors, sockets
)
# Header-only build dependencies (small): rsyslog's headers need libestr and
# libfastjson, freeradius's need talloc; tcl makes sqlite3's shell.c, perl
# and make postgresql-15's generated headers.
HEADER_DEPS=(libsqlite3-dev libpq-dev liblmdb-dev unixodbc-dev libmariadb-dev libhiredis-dev libmongoc-dev libestr-dev libfastjson-dev libtalloc-dev pkg-config tcl
             perl make)

# Calls of the modelled API that make a file worth analysing.
API_RE='\b(sqlite3_(open|open16|open_v2|prepare[a-z0-9_]*|exec|close|close_v2|finalize|step|blob_open|backup_init)|PQ(connectdb|connectdbParams|setdbLogin|connectStart|connectStartParams|exec|execParams|prepare|execPrepared|getResult|clear|finish|sendQuery)|mysql_(init|real_connect|query|real_query|store_result|use_result|stmt_init|autocommit|commit)|redis(Connect[A-Za-z]*|Command|CommandArgv|GetReply)|mongoc_(client_new[a-z_]*|client_pool_pop|client_start_session|client_get_collection|collection_find_with_opts)|mdb_(env_create|txn_begin|cursor_open)|SQL(AllocHandle|AllocEnv|AllocConnect|AllocStmt|FreeHandle|EndTran))[[:space:]]*\('
# setup_NAME may set FILE_RE instead: the generic (libc) models' packages.

log() { printf 'corpus: %s\n' "$*" >&2; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# --- 1. apt: deb-src entry, index, header packages -------------------------
if [ "$LIST_ONLY" = 0 ]; then
SRC_LIST=/etc/apt/sources.list.d/sessionlint-src.sources
if [ ! -f "$SRC_LIST" ]; then
  log "adding $SRC_LIST"
  $sudo tee "$SRC_LIST" >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi
log "apt-get update"
$sudo apt-get update -qq || log "apt-get update failed; using the lists there are"
missing=()
for p in "${HEADER_DEPS[@]}" dpkg-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    log "could not install ${missing[*]}"
fi

# --- 2. sessionlint --------------------------------------------------------
if [ ! -x "$SL" ]; then
  log "building $SL"
  cmake -S "$ROOT" -B "$ROOT/build-corpus" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build "$ROOT/build-corpus" -j2 --target sessionlint >/dev/null || exit 1
  SL=$ROOT/build-corpus/sessionlint
fi
fi # LIST_ONLY

mkdir -p "$CACHE/dl" "$CACHE/src" "$CACHE/gen"

# --- 3. fetch and unpack ----------------------------------------------------
# fetch NAME VERSION -> prints the unpacked directory; "orig-only" noted in
# $CACHE/src/DIR/.sessionlint-note when the Debian part could not be fetched.
fetch() {
  local name=$1 ver=$2 upver dir dl dsc
  upver=${ver#*:}; upver=${upver%-*}
  dir=$CACHE/src/$name-$upver
  if [ -f "$dir/.sessionlint-ok" ]; then echo "$dir"; return 0; fi
  dl=$CACHE/dl/$name
  mkdir -p "$dl"
  (cd "$dl" && apt-get source -qq --download-only "$name=$ver" >/dev/null 2>"$dl/apt.err") ||
    log "$name=$ver: some files could not be fetched (see $dl/apt.err)"
  dsc=$(ls "$dl"/*.dsc 2>/dev/null | head -1)
  rm -rf "$dir"
  if [ -n "$dsc" ] && (cd "$dl" && dpkg-source -q -x "$dsc" "$dir" >/dev/null 2>&1); then
    : > "$dir/.sessionlint-note"
  else
    # Fall back to the upstream tarball alone (Debian patches not applied).
    local orig
    orig=$(ls "$dl"/*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | grep -v -- '-[a-z]*\.tar' | head -1)
    [ -n "$orig" ] || { log "$name=$ver: nothing to unpack"; return 1; }
    mkdir -p "$dir"
    tar -xf "$orig" -C "$dir" --strip-components=1 || { log "$name: cannot unpack $orig"; return 1; }
    echo "upstream tarball only: the Debian part could not be fetched, Debian patches not applied" \
      > "$dir/.sessionlint-note"
  fi
  touch "$dir/.sessionlint-ok"
  echo "$dir"
}

# --- 4. per-package setup: generated headers, flags, file list --------------
# Each setup_NAME is run inside the unpacked source; it sets FLAGS (array)
# and SEARCH (directories searched for files calling the API).

setup_postfix() {
  SEARCH=(src)
  FLAGS=(-DLINUX6 -DHAS_PGSQL -DHAS_SQLITE -DHAS_LMDB -DHAS_MYSQL -Iinclude -Isrc/util -Isrc/global -Isrc/dns)
}

setup_dovecot() {
  local g=$CACHE/gen/dovecot
  mkdir -p "$g"
  cat > "$g/config.h" <<'EOF'
/* minimal config.h for sessionlint's corpus run (Linux, x86_64, glibc) */
#define SIZEOF_INT 4
#define SIZEOF_LONG 8
#define SIZEOF_LONG_LONG 8
#define SIZEOF_VOID_P 8
#define SIZEOF_SIZE_T 8
#define UOFF_T_LONG 1
#define PRIuUOFF_T "lu"
#define SSIZE_T_MAX LONG_MAX
#define HAVE_UINTMAX_T 1
#define HAVE_UINT_FAST32_T 1
#define HAVE_SOCKLEN_T 1
#define HAVE_STRUCT_IOVEC 1
#define HAVE_FDATASYNC 1
#define HAVE__BOOL 1
#define HAVE_TYPEOF 1
#define HAVE_STRTOULL 1
#define HAVE_STRTOLL 1
#define HAVE_STRTOUMAX 1
#define HAVE_STRTOIMAX 1
#define HAVE_INTTYPES_H 1
#define HAVE_STDINT_H 1
#define HAVE_SYS_TIME_H 1
#define STATIC_ARRAY static
#define FLEXIBLE_ARRAY_MEMBER
#define PACKAGE "dovecot"
#define PACKAGE_NAME "Dovecot"
#define PACKAGE_VERSION "2.3.19.1"
#define DOVECOT_VERSION "2.3.19.1"
#define DOVECOT_ABI_VERSION "2.3.ABIv19(2.3.19.1)"
#define HAVE_PQESCAPE_STRING_CONN 1
#define HAVE_PQESCAPE_BYTEA_CONN 1
#define HAVE_SQLITE 1
#define BUILD_PGSQL 1
#define BUILD_SQLITE 1
#define BUILD_MYSQL 1
EOF
  SEARCH=(src)
  FLAGS=(-DHAVE_CONFIG_H "-I$g" -I. -Isrc/lib -Isrc/lib-sql -Isrc/lib-settings)
}

setup_rsyslog() {
  local g=$CACHE/gen/rsyslog
  mkdir -p "$g"
  cat > "$g/config.h" <<'EOF'
/* minimal config.h for sessionlint's corpus run (Linux, x86_64, glibc) */
#define _GNU_SOURCE 1
#define HAVE_ATOMIC_BUILTINS 1
#define HAVE_ATOMIC_BUILTINS64 1
#define HAVE_PTHREAD_H 1
#define HAVE_STDINT_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_UNISTD_H 1
#define HAVE_MALLOC_H 1
#define HAVE_CLOCK_GETTIME 1
#define SIZEOF_LONG 8
#define STDC_HEADERS 1
#define OS_LINUX 1
#define PACKAGE "rsyslog"
#define PACKAGE_NAME "rsyslog"
#define VERSION "8.2302.0"
#define PACKAGE_VERSION "8.2302.0"
#define HAVE_PQESCAPESTRINGCONN 1
EOF
  SEARCH=(plugins contrib tools)
  FLAGS=("-I$g" -I. -Iruntime -Igrammar -Icompat $(pkg-config --cflags libestr libfastjson 2>/dev/null))
}

setup_gammu() {
  local g=$CACHE/gen/gammu on d
  mkdir -p "$g"
  # gammu-config.h from its CMake template: the features a Linux build has on.
  on="HAVE_DIRENT_H HAVE_SCANDIR HAVE_ALPHASORT HAVE_PTHREAD HAVE_SIGTIMEDWAIT HAVE_SYS_IOCTL_H
      HAVE_POSTGRESQL_LIBPQ_FE_H HAVE_PQESCAPESTRINGCONN HAVE_MYSQL_MYSQL_H HAVE_SYS_UTSNAME_H HAVE_ALARM HAVE_GETPASS
      HAVE_GETPID HAVE_SYSLOG HAVE_GETOPT HAVE_GETOPT_LONG HAVE_DAEMON_UNISTD HAVE_KILL HAVE_SIGHUP
      HAVE_SIGUSR1 HAVE_SIGUSR2 HAVE_GETPWNAM HAVE_GETGRNAM HAVE_INITGROUPS HAVE_SETUID HAVE_SETGID
      HAVE_DUP_UNISTD_H HAVE_SHM HAVE_STRPTIME HAVE_ISWSPACE HAVE_TOWLOWER HAVE_STRNCASECMP
      HAVE_STRCASECMP HAVE_STRCASESTR HAVE_STRCHRNUL HAVE_STRTOULL USE_WCHAR_T HAVE_WCHAR_T
      HAVE_WINT_T HAVE_WCHAR_H HAVE_WCTYPE_H HAVE_UNISTD_H HAVE_STRINGS_H HAVE_STDINT_H HAVE_SSIZE_T
      HAVE_INTPTR_T HAVE_GETPWUID HAVE_GETUID HAVE_MACRO_FUNCTION HAVE_STRUCT_TM_TM_ZONE
      HAVE_DAYLIGHT HAVE_MACRO_FUNC ICONV_FOUND GSM_ENABLE_BACKUP GSM_ENABLE_AT GSM_ENABLE_ATGEN"
  local sedargs=(-e 's/@GAMMU_VERSION@/1.42.0/' -e 's/@GAMMU_VERSION_NUM@/14200/' -e 's/@WCHAR_T@/4/'
                 -e 's/@[A-Za-z_]*@//g')
  for d in $on; do sedargs+=(-e "s/^#cmakedefine $d\\b.*/#define $d 1/"); done
  sedargs+=(-e 's/^#cmakedefine \([A-Za-z0-9_]*\).*/\/* #undef \1 *\//')
  sed "${sedargs[@]}" cmake/templates/gammu-config.h.cmake > "$g/gammu-config.h"
  SEARCH=(smsd gammu helper libgammu)
  FLAGS=("-I$g" -Iinclude -Ismsd -Ismsd/services -Ihelper -Ilibgammu)
}

setup_freeradius() {
  local g=$CACHE/gen/freeradius
  mkdir -p "$g/freeradius-devel"
  # The headers are included as <freeradius-devel/x.h>: point that at
  # src/include, plus the few the build generates (minimal versions).
  local h
  for h in src/include/*.h; do ln -sf "$PWD/$h" "$g/freeradius-devel/"; done
  cat > "$g/freeradius-devel/autoconf.h" <<'EOF'
/* minimal autoconf.h for sessionlint's corpus run (Linux, x86_64, glibc) */
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_STDBOOL_H 1
#define HAVE_STRINGS_H 1
#define HAVE_STRING_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_SELECT_H 1
#define HAVE_SYS_SOCKET_H 1
#define HAVE_NETINET_IN_H 1
#define HAVE_ARPA_INET_H 1
#define HAVE_NETDB_H 1
#define HAVE_PTHREAD_H 1
#define HAVE_SEMAPHORE_H 1
#define HAVE_STRUCT_SOCKADDR_IN6 1
#define HAVE_STRUCT_SOCKADDR_STORAGE 1
#define HAVE_STRUCT_ADDRINFO 1
#define HAVE_GETADDRINFO 1
#define HAVE_GETNAMEINFO 1
#define HAVE_INET_NTOP 1
#define HAVE_INET_PTON 1
#define HAVE_STRSEP 1
#define HAVE_CLOSEFROM 1
#define HAVE_DLFCN_H 1
#define HAVE_STRCASECMP 1
#define HAVE_STRNCASECMP 1
#define HAVE_CTIME_R 1
#define HAVE_GMTIME_R 1
#define HAVE_LOCALTIME_R 1
#define HAVE_ERRNO_H 1
#define HAVE_LIMITS_H 1
#define HAVE_STDDEF_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_UN_H 1
#define HAVE_STRUCT_IN6_ADDR 1
#define HAVE_SETLINEBUF 1
#define HAVE_SETVBUF 1
#define HAVE_SNPRINTF 1
#define HAVE_VDPRINTF 1
#define HAVE___UINT128_T 1
#define HAVE_CLOCK_GETTIME 1
#define HAVE_VSNPRINTF 1
#define HAVE_GETTIMEOFDAY 1
#define HAVE_SIG_T 1
#define HAVE_INT8_T 1
#define HAVE_INT16_T 1
#define HAVE_INT32_T 1
#define HAVE_INT64_T 1
#define HAVE_UINT8_T 1
#define HAVE_UINT16_T 1
#define HAVE_UINT32_T 1
#define HAVE_UINT64_T 1
#define HAVE_128BIT_INTEGERS 1
#define HAVE_BUILTIN_CHOOSE_EXPR 1
#define HAVE_BUILTIN_TYPES_COMPATIBLE_P 1
#define HAVE_BUILTIN_BSWAP64 1
#define HAVE_C11_GENERIC 1
#define HAVE_THREAD_TLS 1
#define TLS_STORAGE_CLASS __thread
#define HAVE_STDATOMIC_H 1
#define WITH_THREADS 1
#define FR_LITTLE_ENDIAN 1
#define RADIUSD_VERSION 30201
#define RADIUSD_VERSION_STRING "3.2.1"
#define RADIUSD_MAJOR_VERSION 3
#define RADIUSD_MINOR_VERSION 2
#define RADIUSD_INCRM_VERSION 1
#define HOSTINFO "x86_64-pc-linux-gnu"
#define OPENSSL_VERSION_NUMBER 0
EOF
  # features.h, missing.h, tls.h are copies of *-h with autoconf.h's values.
  cp src/include/features-h "$g/freeradius-devel/features.h"
  cp src/include/missing-h "$g/freeradius-devel/missing.h"
  printf '/* no TLS in the corpus run */\n' > "$g/freeradius-devel/tls.h"
  cat > "$g/freeradius-devel/radpaths.h" <<'EOF'
#define LOGDIR "/var/log/freeradius"
#define LIBDIR "/usr/lib/freeradius"
#define RADDBDIR "/etc/freeradius/3.0"
#define RUNDIR "/run/freeradius"
#define SBINDIR "/usr/sbin"
#define RADIR "/var/log/freeradius/radacct"
#define DICTDIR "/usr/share/freeradius"
EOF
  # attributes.h and rfcNNNN.h: PW_* numbers from the dictionaries, made the
  # way src/include/all.mk makes them.
  local dict base
  pw_defines() { grep '^ATTRIBUTE' "$1" | awk '{print "PW_"$2 " " $3}' | tr '[:lower:]' '[:upper:]' |
                 tr -- - _ | sed 's/^/#define /'; }
  { pw_defines share/dictionary.freeradius.internal
    grep -- 'Auth-Type' share/dictionary.freeradius.internal | grep '^VALUE' |
      awk '{print "PW_"$2 "_" $3 " " $4}' | tr '[:lower:]' '[:upper:]' | tr -- - _ | sed 's/^/#define /'
  } > "$g/freeradius-devel/attributes.h"
  for dict in share/dictionary.rfc* share/dictionary.vqp share/dictionary.freeradius; do
    [ -f "$dict" ] || continue
    base=${dict#share/dictionary.}
    pw_defines "$dict" > "$g/freeradius-devel/$base.h"
  done
  : > "$g/config.h"
  SEARCH=(src)
  FLAGS=(-include freeradius-devel/build.h "-I$g" -Isrc -Isrc/modules/rlm_sql -Isrc/modules/rlm_sql/drivers/rlm_sql_postgresql
         -Isrc/modules/rlm_redis -Isrc/modules/rlm_cache -DHAVE_MYSQL_H -D_GNU_SOURCE -DNDEBUG $(pkg-config --cflags talloc 2>/dev/null))
}

setup_sqlite3() {
  local g=$CACHE/gen/sqlite3
  mkdir -p "$g"
  # shell.c is generated from src/shell.c.in (and ext/misc/*.c) at build time.
  if [ ! -s "$g/shell.c" ] && command -v tclsh >/dev/null; then
    tclsh tool/mkshellc.tcl > "$g/shell.c" 2>/dev/null || rm -f "$g/shell.c"
  fi
  # The library's own src/ is SQLite itself, not a client: only the client
  # programs are analysed (tool/ and the shell).
  SEARCH=(tool "$g/shell.c")
  FLAGS=(-I. -Isrc -Iext/misc)
}

setup_postgresql_15() {
  # configure (no build) makes pg_config.h and friends; generated-headers
  # makes the catalog/*_d.h, errcodes.h and fmgroids.h the programs include.
  if [ ! -f src/include/pg_config.h ]; then
    ./configure -q --without-readline --without-icu --without-zlib --without-llvm \
      --without-openssl > "$CACHE/gen/postgresql-15-configure.log" 2>&1 ||
      log "postgresql-15: configure failed (see $CACHE/gen/postgresql-15-configure.log)"
  fi
  if [ ! -f src/include/catalog/pg_class_d.h ]; then
    make -s -C src/backend generated-headers > "$CACHE/gen/postgresql-15-headers.log" 2>&1 ||
      log "postgresql-15: generated-headers failed"
  fi
  # The client programs and the documentation's examples; not the server,
  # not ecpglib (a library wrapping libpq) nor the libpq test harnesses.
  SEARCH=(src/bin src/fe_utils src/test/examples contrib/oid2name contrib/vacuumlo)
  FLAGS=(-D_GNU_SOURCE -DFRONTEND -Isrc/include -Isrc/interfaces/libpq -Isrc/fe_utils -Isrc/port)
}

setup_lmdb() {
  # The command-line tools; mdb.c is the library itself, mtest*.c its tests.
  SEARCH=(libraries/liblmdb/mdb_stat.c libraries/liblmdb/mdb_dump.c libraries/liblmdb/mdb_load.c
          libraries/liblmdb/mdb_copy.c)
  FLAGS=(-Ilibraries/liblmdb)
}

setup_unixodbc() {
  local g=$CACHE/gen/unixodbc
  mkdir -p "$g"
  printf '/* minimal config.h for the corpus run */\n#define VERSION "2.3.11"\n#define HAVE_STRTOL 1\n#define HAVE_UNISTD_H 1\n#define HAVE_STRING_H 1\n#define HAVE_STDLIB_H 1\n' \
    > "$g/config.h"
  # The command-line programs (isql, iusql, slencheck); DriverManager/ is the library.
  SEARCH=(exe)
  FLAGS=("-I$g" -I. -Iinclude -Iexe)
}

setup_collectd() {
  local g=$CACHE/gen/collectd
  mkdir -p "$g"
  printf '/* minimal config.h for sessionlint'"'"'s corpus run */\n#define HAVE_CONFIG_H 1\n' > "$g/config.h"
  SEARCH=(src/write_mongodb.c)
  FLAGS=("-I$g" -Isrc -Isrc/daemon -Isrc/utils/common -D_GNU_SOURCE -DPACKAGE_NAME='"collectd"'
         -DPACKAGE_VERSION='"5.12.0"' -DFP_LAYOUT_NEED_NOTHING=1)
}

# The two small programs measured with the generic models: every file that
# opens a stream, a descriptor or a socket, or takes a mutex.
LIBC_RE='\b(fopen|fdopen|tmpfile|popen|open|openat|socket|accept|dup|pthread_mutex_lock)[[:space:]]*\('

# config_h_all_on IN OUT VERSION [FEATURE...]: autoconf's config.h.in with
# PACKAGE_VERSION set (the other PACKAGE_* empty) and every HAVE_* feature on
# but the FEATUREs (a Linux/glibc build has the rest).
config_h_all_on() {
  local in=$1 out=$2 ver=$3 off
  shift 3
  off=$(printf '%s\\|' "$@")
  sed -e "/^#undef \\(${off}NONE\\)\$/b" -e 's/^#undef \(HAVE_[A-Za-z0-9_]*\)$/#define \1 1/' \
      -e "s/^#undef PACKAGE_VERSION\$/#define PACKAGE_VERSION \"$ver\"/" \
      -e 's/^#undef \(PACKAGE_[A-Z]*\)$/#define \1 ""/' \
      -e 's/^#undef RETSIGTYPE$/#define RETSIGTYPE void/' \
      -e 's/^#undef \(STDC_HEADERS\|TIME_WITH_SYS_TIME\)$/#define \1 1/' "$in" > "$out"
}

setup_rinetd() {
  mkdir -p "$CACHE/gen/rinetd"
  config_h_all_on src/config.h.in "$CACHE/gen/rinetd/config.h" 0.73
  SEARCH=(src)
  FILE_RE=$LIBC_RE
  FLAGS=(-DHAVE_CONFIG_H "-I$CACHE/gen/rinetd" -Isrc -D_GNU_SOURCE)
}

setup_dtach() {
  mkdir -p "$CACHE/gen/dtach"
  config_h_all_on config.h.in "$CACHE/gen/dtach/config.h" 0.9 HAVE_UTIL_H HAVE_LIBUTIL_H HAVE_STROPTS_H
  SEARCH=(.)
  FILE_RE=$LIBC_RE
  FLAGS=("-I$CACHE/gen/dtach" -D_GNU_SOURCE)
}

# print_list KIND FILE...: the --list lines of the current package.
print_list() {
  local kind=$1 f
  shift
  for f in "$@"; do
    printf '%s\t%s\t%s' "$kind" "$dir" "$f"
    printf '\t%s' "${flags[@]}"
    printf '\n'
  done
}

# --- 5. run -----------------------------------------------------------------
LOG=$CACHE/findings.log
TSV=$CACHE/findings.tsv
SUMMARY=$CACHE/summary.txt
[ "$LIST_ONLY" = 1 ] && LOG=/dev/null TSV=/dev/null  # keep the last run's findings
: > "$LOG"
printf 'package\tversion\tfile\tline\tcol\tlevel\trule\tmessage\n' > "$TSV"
status=0
total_files=0 total_parse=0 total_findings=0
crashes=()
declare -A per_rule=()
pkg_lines=()

for entry in "${PACKAGES[@]}"; do
  name=${entry%%=*} ver=${entry#*=}
  dir=$(fetch "$name" "$ver") || { pkg_lines+=("$name $ver: NOT FETCHED"); status=1; continue; }
  note=$(cat "$dir/.sessionlint-note" 2>/dev/null)
  FLAGS=() SEARCH=() FILE_RE=$API_RE
  pushd "$dir" >/dev/null || continue
  "setup_${name//-/_}"
  flags=("${FLAGS[@]}" $(pkg-config --cflags libpq sqlite3 libmariadb hiredis libmongoc-1.0))
  mapfile -t files < <(for s in "${SEARCH[@]}"; do
                         [ -e "$s" ] || continue
                         grep -rlE --include='*.c' "$FILE_RE" "$s" 2>/dev/null
                       done | sort -u)
  if [ "$LIST_ONLY" = 1 ]; then
    print_list api "${files[@]}"
    print_list other $(for s in "${SEARCH[@]}"; do [ -d "$s" ] && find "$s" -name '*.c'; done | sort -u |
                       comm -23 - <(printf '%s\n' "${files[@]}"))
    popd >/dev/null
    continue
  fi
  nfiles=0 nparse=0 nfind=0
  for f in "${files[@]}"; do
    out=$(timeout "$PER_FILE_TIMEOUT" "$SL" -q "$f" -- "${flags[@]}" 2>&1)
    rc=$?
    nfiles=$((nfiles + 1))
    {
      printf '### %s %s %s (exit %d)\n' "$name" "$ver" "$f" "$rc"
      printf '%s\n' "$out"
    } >> "$LOG"
    if [ "$rc" -eq 124 ]; then
      crashes+=("$name $f: HANG (no result in ${PER_FILE_TIMEOUT}s)"); status=1
    elif [ "$rc" -gt 3 ]; then
      crashes+=("$name $f: CRASH (exit $rc)"); status=1
    fi
    if [ "$rc" -eq 3 ] || grep -q 'sessionlint-parse-error' <<<"$out"; then
      nparse=$((nparse + 1))
    fi
    # Findings: "file:line:col: warning|error: msg [rule]", not notes, not
    # the tool's own notifications ([sessionlint-...]).
    while IFS= read -r line; do
      [[ $line =~ ^(.+):([0-9]+):([0-9]+):\ (warning|error):\ (.*)\ \[([a-z-]+)\]$ ]] || continue
      rule=${BASH_REMATCH[6]}
      [[ $rule == sessionlint-* ]] && continue
      per_rule[$rule]=$(( ${per_rule[$rule]:-0} + 1 ))
      nfind=$((nfind + 1))
      rel=${BASH_REMATCH[1]#"$CACHE/gen/$name/"}
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$ver" "$rel" "${BASH_REMATCH[2]}" \
        "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}" "$rule" "${BASH_REMATCH[5]}" >> "$TSV"
    done <<<"$out"
  done
  popd >/dev/null
  total_files=$((total_files + nfiles)) total_parse=$((total_parse + nparse))
  total_findings=$((total_findings + nfind))
  pkg_lines+=("$(printf '%-13s %-32s files %3d  parse failures %2d  findings %3d%s' \
                 "$name" "$ver" "$nfiles" "$nparse" "$nfind" "${note:+  ($note)}")")
done

[ "$LIST_ONLY" = 1 ] && exit 0
{
  echo "sessionlint corpus run: $("$SL" --version 2>&1 | head -1)"
  echo "cache: $CACHE"
  echo
  printf '%s\n' "${pkg_lines[@]}"
  echo
  echo "files analysed: $total_files"
  echo "files with parse failures: $total_parse"
  echo "findings: $total_findings"
  for r in $(printf '%s\n' "${!per_rule[@]}" | sort); do
    printf '  %-18s %d\n' "$r" "${per_rule[$r]}"
  done
  if [ "${#crashes[@]}" -gt 0 ]; then
    echo "CRASHES / HANGS:"; printf '  %s\n' "${crashes[@]}"
  else
    echo "crashes / hangs: none"
  fi
  echo
  echo "full findings: $LOG"
  echo "one line per finding: $TSV"
} | tee "$SUMMARY"
exit "$status"
