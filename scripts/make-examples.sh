#!/usr/bin/env bash
# Regenerates the example logs in examples/ from the C sources beside them, with the real
# ThreadSanitizer runtimes of gcc 12 (Debian: gcc libtsan2) and clang 19 (Debian: clang-19
# libclang-rt-19-dev).
#
#   scripts/make-examples.sh
#
# The programs are compiled from inside examples/ with a relative source path; the runtimes
# still print absolute source paths, so the logs name the directory this ran in. Binaries go
# to a temporary directory that is removed at the end. Run it on an idle machine: the
# programs order their racing accesses with short sleeps.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
examples="$here/../examples"
cd "$examples"

for tool in gcc clang-19; do
  command -v "$tool" >/dev/null || { echo "make-examples: $tool not found" >&2; exit 1; }
done

build="$(mktemp -d -t racelens-examples.XXXXXX)"
trap 'rm -rf "$build"' EXIT

# compile <compiler> <source>: builds $build/<compiler>/<source without .c>, so that the
# module TSan prints is the plain program name, e.g. (bank+0x1283).
compile() {
  mkdir -p "$build/$1"
  "$1" -fsanitize=thread -g -O1 "$2" -o "$build/$1/${2%.c}"
}

# run_log <binary path under $build> <log> [extra TSAN_OPTIONS]: stderr of one run, which must report.
run_log() {
  local status=0
  TSAN_OPTIONS="exitcode=66 halt_on_error=0 ${3:-}" "$build/$1" >/dev/null 2>"$2" || status=$?
  if [[ $status -ne 66 ]] || ! grep -q '^WARNING: ThreadSanitizer: ' "$2"; then
    echo "make-examples: $1 did not report as expected (exit $status)" >&2
    cat "$2" >&2
    exit 1
  fi
  echo "wrote examples/$2 ($(grep -c '^WARNING: ThreadSanitizer: ' "$2") reports, $(wc -c <"$2") bytes)"
}

compile clang-19 bank.c
compile gcc bank.c
compile clang-19 inventory.c
compile gcc deadlock.c
compile clang-19 deadlock.c

run_log clang-19/bank bank.clang19.log
run_log gcc/bank bank.gcc.log
run_log clang-19/inventory inventory.clang19.log
run_log gcc/deadlock deadlock.gcc.log

# ci-run.log: what a GitHub Actions job log looks like when downloaded: every line prefixed
# with a timestamp (7 fractional digits), build noise around the reports, and ANSI colours
# (color=always, as many CI setups force). Program stdout and TSan's stderr share one stream.
# A line "@@+<seconds>" in the body advances the clock and is not printed.
body="$build/ci-body.txt"
{
  echo '##[group]Run actions/checkout@v4'
  echo 'with:'
  echo '  repository: example/bank'
  echo '  fetch-depth: 1'
  echo '##[endgroup]'
  echo 'Syncing repository: example/bank'
  echo '@@+1.8'
  echo '##[group]Run sudo apt-get install -y --no-install-recommends clang-19 libclang-rt-19-dev'
  echo 'sudo apt-get install -y --no-install-recommends clang-19 libclang-rt-19-dev'
  echo 'shell: /usr/bin/bash -e {0}'
  echo '##[endgroup]'
  echo 'Reading package lists...'
  echo 'Building dependency tree...'
  echo 'Reading state information...'
  echo 'clang-19 is already the newest version (1:19.1.7-3~deb12u1).'
  echo 'libclang-rt-19-dev is already the newest version (1:19.1.7-3~deb12u1).'
  echo '0 upgraded, 0 newly installed, 0 to remove and 12 not upgraded.'
  echo '@@+0.9'
  echo '##[group]Run make CC=clang-19 tsan-check'
  echo 'make CC=clang-19 tsan-check'
  echo 'shell: /usr/bin/bash -e {0}'
  echo 'env:'
  echo '  TSAN_OPTIONS: color=always second_deadlock_stack=1'
  echo '##[endgroup]'
  echo 'mkdir -p build'
  echo 'clang-19 -fsanitize=thread -g -O1 bank.c -o build/bank'
  echo '@@+1.3'
  echo 'clang-19 -fsanitize=thread -g -O1 deadlock.c -o build/deadlock'
  echo '@@+1.2'
  echo 'for t in bank deadlock; do echo "== $t =="; ./build/$t || status=$?; done; exit ${status:-0}'
  echo '== bank =='
  TSAN_OPTIONS='color=always exitcode=66' "$build/clang-19/bank" 2>&1 || true
  echo '@@+0.4'
  echo '== deadlock =='
  TSAN_OPTIONS='color=always second_deadlock_stack=1 exitcode=66' "$build/clang-19/deadlock" 2>&1 || true
  echo 'make: *** [Makefile:14: tsan-check] Error 66'
  echo '##[error]Process completed with exit code 2.'
  echo '@@+0.2'
  echo 'Post job cleanup.'
  echo 'Cleaning up orphan processes'
} >"$body"

awk '
  BEGIN { t = 1234567 }  # 100 ns ticks since 07:00:00
  /^@@\+/ { t += substr($0, 4) * 10000000; next }
  {
    s = int(t / 10000000); f = t - s * 10000000
    printf "2026-11-29T07:%02d:%02d.%07dZ %s\n", int(s / 60), s % 60, f, $0
    t += 2113 + (NR * 7919) % 35000
  }
' "$body" >ci-run.log
if [[ $(grep -c 'WARNING: ThreadSanitizer: ' ci-run.log) -ne 2 ]]; then
  echo 'make-examples: ci-run.log should hold two reports' >&2
  exit 1
fi
echo "wrote examples/ci-run.log ($(wc -c <ci-run.log) bytes)"
