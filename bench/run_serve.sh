#!/usr/bin/env bash
# Load benchmark of `dangan serve` (issue 14): on an archive of ITEMS items (made once by
# bench_startup, kept under bench/out/), starts the server on loopback, then bench_serve runs
# CONNECTIONS signed-in users for SECONDS with THINK_MS think time, each doing search pages, item
# pages and file downloads. Prints each kind's p50/p95/p99, the errors, and the server's resident
# memory (sampled every second; the peak of the samples and the kernel's VmHWM at the end).
# Usage: bench/run_serve.sh   (ITEMS=100000 CONNECTIONS=50 DURATION=60 THINK_MS=1000 THREADS=64)
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${ITEMS:-100000}
CONNECTIONS=${CONNECTIONS:-50}
SECONDS_RUN=${DURATION:-60}
THINK_MS=${THINK_MS:-1000}
THREADS=${THREADS:-64}
CHECK_FORM=${CHECK_FORM:-1}   # each user also checks a filled O-09 once a cycle (issue 15)
DANGAN=build/cli/dangan
MAKER=build/bench/bench_startup
CLIENT=build/bench/bench_serve
for b in "$DANGAN" "$MAKER" "$CLIENT"; do [ -x "$b" ] || scripts/setup.sh; done

source bench/startup_archive.sh   # sets DIR
ARCHIVE=$DIR/archive
PASSWORD="基准测试密码-0123456789"
if ! "$DANGAN" user list --archive "$ARCHIVE" | grep -q '^基准读者'; then
  echo "$PASSWORD" | "$DANGAN" user add 基准读者 --role 档案员 --clearance 机密 --archive "$ARCHIVE" >&2
fi

LOG=$(mktemp)
"$DANGAN" serve --archive "$ARCHIVE" --listen 127.0.0.1:0 --threads "$THREADS" > "$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$LOG" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$LOG" | head -1)
[ -n "$URL" ] || { echo "the server did not start:" >&2; cat "$LOG" >&2; exit 1; }

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive: $ARCHIVE, $ITEMS items, $(du -sh "$ARCHIVE" | cut -f1); server $URL with $THREADS workers"
peak=0
( while kill -0 $SERVER 2>/dev/null; do
    awk '/VmRSS/ {print $2}' /proc/$SERVER/status 2>/dev/null
    sleep 1
  done ) > "$LOG.rss" &
SAMPLER=$!
status=0
"$CLIENT" "$URL" 基准读者 "$PASSWORD" --connections "$CONNECTIONS" --seconds "$SECONDS_RUN" \
  --think-ms "$THINK_MS" --check-form "$CHECK_FORM" || status=$?
peak=$(sort -n "$LOG.rss" | tail -1)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
kill $SAMPLER 2>/dev/null || true
rm -f "$LOG.rss"
echo "server resident memory: peak of 1 s samples $((peak / 1024)) MB, VmHWM $((hwm / 1024)) MB"
kill -TERM $SERVER
wait $SERVER || { echo "the server did not exit cleanly on SIGTERM" >&2; status=1; }
exit $status
