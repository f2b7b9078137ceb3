#!/usr/bin/env bash
# Two builds of bench_generator on this machine in one run, alternating (which one goes first
# changes every round), so that both see the same load: prints each one's median CPU time
# (user + system, of the process and nothing else) and, for forms-pdf, documents per CPU second.
# Usage: bench/compare.sh OLD_BIN NEW_BIN [ROUNDS=7] [CASE=forms-pdf]
# e.g. an old build from main's commit:
#   git worktree add --detach build-main/src main
#   cmake -S build-main/src -B build-main/build -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-main/build -j2 --target bench_generator
#   bench/compare.sh build-main/build/bench/bench_generator build/bench/bench_generator
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/compare.sh OLD_BIN NEW_BIN [ROUNDS] [CASE]" >&2; exit 2; }
OLD=$(realpath "$1")
NEW=$(realpath "$2")
ROUNDS=${3:-7}
CASE=${4:-forms-pdf}
cd "$(dirname "$0")/.."
DIR=bench/out/compare
rm -rf "$DIR" && mkdir -p "$DIR"
"$NEW" data "$DIR"

# CPU seconds of this shell's finished children so far, from the second line of bash's `times`
# saved in file $1. `times` runs in this shell (a subshell counts only its own children) and
# nothing else runs between the two snapshots around a measured process.
cpu_of() {
  tail -1 "$1" | awk '{
    t = 0
    for (i = 1; i <= 2; ++i) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f", t }'
}

# The previous run's output is moved aside, not deleted, until all rounds are done: this machine's
# ext4 (no journal) skips inodes freed in the last minute when it allocates one, so deleting 1,000
# files just before a run made every file the run created scan past them all (0.4-0.6 s of system
# time per run, the harness's own cost, growing with every round).
KEPT=0
run_one() {  # label binary
  if [ -e "$DIR/out-$CASE" ]; then mv "$DIR/out-$CASE" "$DIR/kept-$KEPT"; KEPT=$((KEPT + 1)); fi
  times > "$DIR/before.txt"
  "$2" "$CASE" "$DIR" templates > "$DIR/last.txt"
  times > "$DIR/after.txt"
  echo "$1 $(awk -v a="$(cpu_of "$DIR/after.txt")" -v b="$(cpu_of "$DIR/before.txt")" \
    'BEGIN {printf "%.3f", a - b}') $(cut -d' ' -f2- "$DIR/last.txt")" >> "$DIR/runs.txt"
}

: > "$DIR/runs.txt"
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then run_one old "$OLD"; run_one new "$NEW"
  else run_one new "$NEW"; run_one old "$OLD"; fi
done

rm -rf "$DIR"/kept-*

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-4s %-10s %8s %8s %s\n' build case cpu_s wall_s detail
for b in old new; do
  cpu=$(awk -v b=$b '$1 == b {print $2}' "$DIR/runs.txt" | median)
  wall=$(awk -v b=$b '$1 == b {print $3}' "$DIR/runs.txt" | median)
  detail=$(awk -v b=$b '$1 == b' "$DIR/runs.txt" | tail -1 | cut -d' ' -f5-)
  extra=""
  [ "$CASE" = forms-pdf ] && extra=$(awk -v s="$cpu" 'BEGIN {printf " (%.0f documents/s of CPU time)", 1000 / s}')
  printf '%-4s %-10s %8s %8s %s%s\n' "$b" "$CASE" "$cpu" "$wall" "$detail" "$extra"
done
