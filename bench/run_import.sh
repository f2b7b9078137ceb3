#!/usr/bin/env bash
# Import benchmark: writes a ROWS-row (default 100,000) GBK catalogue (once), then imports it into a fresh
# archive (parse, map, normalise, check, catalogue, index, audit) and again into the same archive
# (every row unchanged), and --dry-run into a fresh archive (all but the filing), RUNS times each;
# prints the medians.
# Usage: bench/run_import.sh [RUNS] [ROWS]   (BIN=… to use another build)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
ROWS=${2:-100000}
BIN=${BIN:-build/bench/bench_import}
[ -x "$BIN" ] || scripts/setup.sh
DIR=bench/out/import-$ROWS
mkdir -p "$DIR"
[ -f "$DIR/catalogue.csv" ] || "$BIN" data "$DIR" "$ROWS"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $DIR/catalogue.csv, $ROWS rows, $(du -h "$DIR/catalogue.csv" | cut -f1)"
printf '%-8s %10s %10s %s\n' case seconds peak_MB detail
: > "$DIR/import.txt"
: > "$DIR/again.txt"
: > "$DIR/dry.txt"
for _ in $(seq "$RUNS"); do
  "$BIN" import "$DIR" >> "$DIR/import.txt"
  "$BIN" again "$DIR" >> "$DIR/again.txt"
  "$BIN" dry "$DIR" >> "$DIR/dry.txt"
done
for c in import again dry; do
  secs=$(awk '{print $2}' "$DIR/$c.txt" | median)
  mem=$(awk '{print $3}' "$DIR/$c.txt" | median)
  printf '%-8s %10s %10s %s\n' "$c" "$secs" "$mem" "$(tail -1 "$DIR/$c.txt" | cut -d' ' -f4-)"
done
