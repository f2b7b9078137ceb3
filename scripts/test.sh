#!/usr/bin/env bash
# Sets up (packages, build) and runs the whole test suite.
#   scripts/test.sh              Release build in build/ (gcc)
#   scripts/test.sh --sanitize   the same suite built with clang, ASan + UBSan and leak detection
#                                in build-sanitize/ (shared with scripts/fuzz.sh); any report
#                                fails the test that caused it
set -euo pipefail
cd "$(dirname "$0")/.."

# CTest's test discovery splits a Catch test name at ';' and Catch reads a leading '-' as an
# option: such a test would "pass" under ctest without running. Refuse those names.
bad_names=$(grep -nE 'TEST_CASE\("(-|[^"]*;)' tests/*.cc || true)
if [ -n "$bad_names" ]; then
  echo "测试名不能含分号、不能以 - 开头（CTest 会跳过这样的测试）：" >&2
  echo "$bad_names" >&2
  exit 1
fi

case "${1:-}" in
  "")
    scripts/setup.sh
    (cd build && ctest --output-on-failure -j"$(nproc)")
    # The desk in a real browser (chromium via playwright-core): a failure, or being unable to
    # run at all, fails the suite.
    echo "== 浏览器测试（tests/browser）"
    node tests/browser/run.mjs
    ;;
  --sanitize)
    scripts/setup.sh --packages-only
    echo "== 编译（ASan + UBSan，build-sanitize/）"
    scripts/build_sanitize.sh
    # Leaks inside third-party libraries only (scripts/lsan.supp says which and why).
    export ASAN_OPTIONS="detect_leaks=1"
    export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    cd build-sanitize
    ctest --output-on-failure -j"$(nproc)"
    ;;
  *)
    echo "用法：scripts/test.sh [--sanitize]" >&2
    exit 2
    ;;
esac
