#!/usr/bin/env bash
# Input limits, as a clerk meets them: makes the hostile and the large-but-legitimate inputs
# (once, into bench/out/limits), then runs the real dangan command on each, printing its exit
# status, wall time, peak memory and the first line it printed.
# Usage: bench/run_limits.sh [DANGAN_BINARY]   (default build/cli/dangan)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/cli/dangan}")
MAKE=${BENCH_LIMITS:-build/bench/bench_limits}
[ -x "$MAKE" ] || { echo "build bench_limits first (cmake --build build)"; exit 1; }
export OMP_THREAD_LIMIT=1
DIR=bench/out/limits
mkdir -p "$DIR"
for n in 1000 2000 4000; do [ -f "$DIR/blank$n.pdf" ] || "$MAKE" blank-pdf "$n" "$DIR/blank$n.pdf"; done
[ -f "$DIR/bomb.pdf" ] || "$MAKE" bomb-pdf 1000 "$DIR/bomb.pdf"         # 1 MB, inflates to 1 GB
[ -f "$DIR/huge.png" ] || "$MAKE" huge-png 20000 20000 "$DIR/huge.png"  # 400 megapixels
if [ ! -f "$DIR/mapping18.yaml" ]; then                                # an 18 MB mapping file
  { printf 'ignore: ['; seq -f '列%.0f, ' 1 1800000 | tr -d '\n'; printf '列0]\n'; } > "$DIR/mapping18.yaml"
fi
printf '序号,日期\n1,2024-01-02\n' > "$DIR/small.csv"

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1 /proc/loadavg), binary $BIN"
# run NAME COMMAND...: a fresh archive each time; at most 300 s.
run() {
  local name=$1; shift
  rm -rf "$DIR/archive"
  "$BIN" init --archive "$DIR/archive" --fonds Z109 --company 基准测试公司 >/dev/null
  local t0 out rc
  out=$( { /usr/bin/time -f '%e s %M KB' timeout 300 "$BIN" "$@" 2>&1; } 2>&1 )
  rc=$?
  local timing first
  timing=$(printf '%s\n' "$out" | grep -E '^[0-9.]+ s [0-9]+ KB$' | tail -1)
  first=$(printf '%s\n' "$out" | grep -vE '^[0-9.]+ s [0-9]+ KB$' | head -1)
  printf '%-22s exit %-3s %-22s %s\n' "$name" "$rc" "$timing" "$first"
}
FILE=(file --archive "$DIR/archive" --title 空白 --year 2024 --retention D10 --dept BGS)
run blank-1000-no-ocr "${FILE[@]}" --no-ocr "$DIR/blank1000.pdf"
run blank-2000-no-ocr "${FILE[@]}" --no-ocr "$DIR/blank2000.pdf"
run blank-4000-no-ocr "${FILE[@]}" --no-ocr "$DIR/blank4000.pdf"
run blank-4000-max-4000 "${FILE[@]}" --no-ocr --max-pages 4000 "$DIR/blank4000.pdf"
run flate-bomb-no-ocr "${FILE[@]}" --no-ocr "$DIR/bomb.pdf"
run png-20000x20000 "${FILE[@]}" "$DIR/huge.png"
run data-dev-zero generate O-09 --data /dev/zero --out "$DIR/out"
run data-directory generate O-09 --data /tmp --out "$DIR/out"
run mapping-18MB import "$DIR/small.csv" --archive "$DIR/archive" --into catalogue \
  --mapping "$DIR/mapping18.yaml" --dry-run
