#!/usr/bin/env bash
# Start-up benchmark (issue 11): median wall time of `dangan help` and of `dangan search QUERY` on
# an archive of ITEMS items (~1 KB of text each, made once by bench_startup and kept under
# bench/out/), over RUNS runs. Given two or more binaries it times them side by side, run after
# run in turn, so that they share the machine's mood of the moment (its speed drifts by 30 % from
# day to day): compare a change with its parent in one session, never with old figures.
# OMP_THREAD_LIMIT is unset, as for a clerk at a terminal.
# Usage: bench/run_startup.sh [DANGAN...]   (default build/cli/dangan; RUNS=20 ITEMS=100000
#        QUERY=印章管理 BENCH_STARTUP=build/bench/bench_startup)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
ITEMS=${ITEMS:-100000}
QUERY=${QUERY:-印章管理}
MAKER=${BENCH_STARTUP:-build/bench/bench_startup}
[ $# -gt 0 ] || set -- build/cli/dangan
for b in "$@"; do [ -x "$b" ] || { echo "not an executable: $b" >&2; exit 2; }; done
[ -x "$MAKER" ] || scripts/setup.sh
unset OMP_THREAD_LIMIT

source bench/startup_archive.sh   # sets DIR
export DANGAN_ARCHIVE=$DIR/archive

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive: $DIR/archive, $ITEMS items, $(du -sh "$DIR/archive" | cut -f1); query: $QUERY; $RUNS runs each, in turn"
echo "dangan search $QUERY: $("$1" search "$QUERY" | tail -1)"

# Milliseconds one run of the command takes (its output discarded; it must succeed).
ms() {
  local t0=$EPOCHREALTIME
  "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  local t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", (b - a) * 1000}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for b in "$@"; do  # one untimed run each: the page cache holds binary, libraries and archive
  "$b" help > /dev/null
  "$b" search "$QUERY" > /dev/null
done
for _ in $(seq "$RUNS"); do
  i=0
  for b in "$@"; do
    ms "$b" help >> "$TMP/help-$i"
    ms "$b" search "$QUERY" >> "$TMP/search-$i"
    i=$((i + 1))
  done
done

printf '%-44s %14s %14s %14s\n' binary "help ms" "search ms" "shared libs"
i=0
for b in "$@"; do
  libs=$(ldd "$b" | grep -c '=>' || true)
  printf '%-44s %14s %14s %14s\n' "$b" "$(median < "$TMP/help-$i")" "$(median < "$TMP/search-$i")" "$libs"
  i=$((i + 1))
done
echo "(median wall time of $RUNS runs; min-max: help $(for j in $(seq 0 $((i - 1))); do sort -n "$TMP/help-$j" | sed -n '1p;$p' | paste -sd- ; done | paste -sd' '), search $(for j in $(seq 0 $((i - 1))); do sort -n "$TMP/search-$j" | sed -n '1p;$p' | paste -sd- ; done | paste -sd' '))"
