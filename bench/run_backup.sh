#!/usr/bin/env bash
# Backup benchmark: a demo-size archive (default 20,000 items, one 4–40 KB file each), then a full
# backup, an incremental one after 1% more items, one that re-reads every file (--verify), and a
# restore. Usage: bench/run_backup.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${1:-20000}
BIN=build/bench/bench_backup
[ -x "$BIN" ] || cmake --build build -j2 --target bench_backup
DIR=bench/out/backup
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1 /proc/loadavg)"
"$BIN" "$DIR" "$ITEMS"
rm -rf "$DIR"
