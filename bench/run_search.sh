#!/usr/bin/env bash
# Search benchmark (issue 4, item 10): builds a synthetic corpus of ITEMS items (~1 KB of Chinese
# text each, from samples/seeds), indexes it with dangan's tokenizer and with SQLite's trigram
# tokenizer, each in its own file under bench/out/search, and prints indexing throughput, index
# size and search latency over 1,000 queries side by side.
# Usage: bench/run_search.sh [ITEMS] [extra bench_search options]   (ITEMS defaults to 1,000,000;
# that needs about 1 GB of text per design on disk: try 100000 first)
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${1:-1000000}
shift || true
BIN=${BENCH_SEARCH:-build/bench/bench_search}
[ -x "$BIN" ] || scripts/setup.sh
DIR=bench/out/search
mkdir -p "$DIR"
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
start=$(date +%s)
"$BIN" --items "$ITEMS" --seeds samples/seeds --out "$DIR" "$@" | tee "$DIR/result-$ITEMS.txt"
echo "wall time: $(( $(date +%s) - start )) s (results also in $DIR/result-$ITEMS.txt)"
