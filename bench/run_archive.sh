#!/usr/bin/env bash
# Archive benchmark: makes 10,000 generated single-page PDFs (once), then files them into a fresh
# archive and checks it, RUNS times each; prints the medians. Usage: bench/run_archive.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
BIN=build/bench/bench_archive
[ -x "$BIN" ] || scripts/setup.sh
export OMP_THREAD_LIMIT=1
DIR=bench/out/archive
mkdir -p "$DIR"
if [ ! -d "$DIR/pdfs" ] || [ "$(ls "$DIR/pdfs" | wc -l)" -lt 10000 ]; then
  rm -rf "$DIR/pdfs"
  "$BIN" data "$DIR" templates
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-8s %10s %10s %s\n' case seconds peak_MB detail
for c in file check ocr; do
  : > "$DIR/$c.txt"
  for _ in $(seq "$RUNS"); do "$BIN" "$c" "$DIR" >> "$DIR/$c.txt"; done
  secs=$(awk '{print $2}' "$DIR/$c.txt" | median)
  mem=$(awk '{print $3}' "$DIR/$c.txt" | median)
  printf '%-8s %10s %10s %s\n' "$c" "$secs" "$mem" "$(tail -1 "$DIR/$c.txt" | cut -d' ' -f4-)"
done
