#!/usr/bin/env bash
# Generator benchmark: builds the inputs, runs each case RUNS times (one process each) and
# prints the median seconds and the median peak memory. Usage: bench/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BIN=build/bench/bench_generator
[ -x "$BIN" ] || scripts/setup.sh
DIR=bench/out
rm -rf "$DIR" && mkdir -p "$DIR"
"$BIN" data "$DIR"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-10s %10s %12s %s\n' case seconds peak_MB detail
for c in forms-pdf seal-pdf seal-xlsx big-xlsx lib-floor; do
  : > "$DIR/$c.txt"
  for _ in $(seq "$RUNS"); do
    rm -rf "$DIR/out-$c"
    "$BIN" "$c" "$DIR" templates >> "$DIR/$c.txt"
  done
  secs=$(awk '{print $2}' "$DIR/$c.txt" | median)
  mem=$(awk '{print $3}' "$DIR/$c.txt" | median)
  detail=$(tail -1 "$DIR/$c.txt" | cut -d' ' -f4-)
  extra=""
  [ "$c" = forms-pdf ] && extra=$(awk -v s="$secs" 'BEGIN {printf " (%.0f documents/s)", 1000/s}')
  printf '%-10s %10s %12s %s%s\n' "$c" "$secs" "$mem" "$detail" "$extra"
done
