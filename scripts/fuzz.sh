#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (in build-sanitize/, the build scripts/test.sh --sanitize
# uses: ASan + UBSan) and runs each for SECONDS of wall time (default 30), one after the other.
#
# Standard output: exactly one line per target, "NAME EXECS CRASHES", where CRASHES counts
# crashes, sanitizer reports (leaks included), timeouts and out-of-memory. Build output and the
# fuzzers' own logs go to standard error / build-sanitize/fuzz-work/NAME.log. Each crashing input
# is copied into fuzz/regressions/NAME/ (the test suite replays that folder). Exit status 1 when
# any target found something, 2 on bad usage.
#
# DANGAN_FUZZ_ONLY="xlsx_reader csv_reader" runs only those targets.
#
# libFuzzer runs in fork mode (-fork=1 -ignore_crashes/-ignore_timeouts/-ignore_ooms): a crash
# ends one child job, is counted, and fuzzing goes on until the time is up.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "用法：scripts/fuzz.sh [秒数]（默认 30）" >&2
  exit 2
fi

# NAME:MAX_LEN — the largest input worth mutating (the seeds fit).
targets=(
  xlsx_reader:65536 xls_reader:65536 ods_reader:65536 csv_reader:16384 import_mapping:8192
  template_loader:16384
  data_binder:16384 query_parser:1024 tokenizer:8192 intake_sniff:16384
)

scripts/setup.sh --packages-only >&2
echo "== 编译模糊测试目标（build-sanitize/）" >&2
scripts/build_sanitize.sh fuzz_targets >&2

work=$PWD/build-sanitize/fuzz-work
mkdir -p "$work"
export ASAN_OPTIONS="detect_leaks=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

found=0
for entry in "${targets[@]}"; do
  name=${entry%%:*}
  max_len=${entry##*:}
  if [ -n "${DANGAN_FUZZ_ONLY:-}" ] && [[ " $DANGAN_FUZZ_ONLY " != *" $name "* ]]; then continue; fi
  corpus=$work/corpus/$name        # grows from run to run; the seeds stay read-only
  artifacts=$work/artifacts/$name
  log=$work/$name.log
  rm -rf "$artifacts" "$work/tmp"
  mkdir -p "$corpus" "$artifacts" "$work/tmp"
  # The targets write their input to a scratch file under TMPDIR.
  status=0
  TMPDIR=$work/tmp timeout --kill-after=10 $((seconds + 120)) \
    build-sanitize/fuzz/"$name"_fuzz -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -artifact_prefix="$artifacts/" "$corpus" "fuzz/corpus/$name" > "$log" 2>&1 || status=$?
  rm -rf "$work/tmp"

  # The parent's last progress line: "#EXECS: cov: … oom/timeout/crash: O/T/C time: …".
  stats=$(grep -E '^#[0-9]+: cov: .* oom/timeout/crash: [0-9]+/[0-9]+/[0-9]+' "$log" | tail -n 1 || true)
  execs=0 crashes=0
  if [ -n "$stats" ]; then
    execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<< "$stats")
    crashes=$(sed -E 's#.*oom/timeout/crash: ([0-9]+)/([0-9]+)/([0-9]+).*#\1 \2 \3#' <<< "$stats" |
      awk '{print $1 + $2 + $3}')
  fi
  # Inputs that crashed (also any found outside the progress lines, e.g. while the seeds were
  # read): each goes to the regressions.
  saved=0
  for f in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    [ -f "$f" ] || continue
    mkdir -p "fuzz/regressions/$name"
    cp "$f" "fuzz/regressions/$name/"
    saved=$((saved + 1))
  done
  [ "$saved" -le "$crashes" ] || crashes=$saved
  # The fuzzer itself failed (did not start, or died outside a child job).
  if [ -z "$stats" ] && [ "$crashes" -eq 0 ] && [ "$status" -ne 0 ]; then crashes=1; fi
  if [ "$crashes" -gt 0 ]; then
    found=1
    echo "$name: $crashes 次崩溃/超时/内存超限，见 $log 与 fuzz/regressions/$name/" >&2
  fi
  echo "$name $execs $crashes"
done
exit "$found"
