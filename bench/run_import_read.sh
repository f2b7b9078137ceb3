#!/usr/bin/env bash
# Spreadsheet reading benchmark (issue 5, item 10): generates once (cached in bench/out/import) a
# 100,000-row × 10-column archive catalogue as .xlsx (shared strings, a date-formatted column) and
# as a GBK CSV, then reads each through ReadSpreadsheet in its own process and prints the wall
# time and peak RSS of the read. Targets: xlsx < 1.5 s and < 150 MB; GBK CSV < 1 s.
# Usage: bench/run_import_read.sh [ROWS]    (BENCH_SPREADSHEET=path/to/bench_spreadsheet)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000}
BIN=${BENCH_SPREADSHEET:-build/bench/bench_spreadsheet}
[ -x "$BIN" ] || scripts/setup.sh
DIR=bench/out/import/$ROWS
mkdir -p "$DIR"
if [ ! -s "$DIR/catalogue.xlsx" ] || [ ! -s "$DIR/catalogue-gbk.csv" ]; then
  echo "generating $ROWS rows in $DIR …"
  "$BIN" generate "$DIR" "$ROWS"
fi
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
ls -l "$DIR"
for file in "$DIR/catalogue.xlsx" "$DIR/catalogue-gbk.csv"; do
  "$BIN" read "$file"
done
