#!/usr/bin/env bash
# Configures and builds build-sanitize/: clang with ASan + UBSan (-fno-sanitize-recover=all), and
# the libFuzzer targets of fuzz/ (every library compiled with -fsanitize=fuzzer-no-link), so that
# scripts/test.sh --sanitize and scripts/fuzz.sh share one build.
#   scripts/build_sanitize.sh [CMAKE_TARGET…]    (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/compiler_cache.sh
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS_SANITIZE="-O1 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" \
  -DDANGAN_SANITIZE=ON -DDANGAN_FUZZ=ON -DDANGAN_WERROR="${DANGAN_WERROR:-OFF}" > /dev/null
if [ $# -eq 0 ]; then
  cmake --build build-sanitize -j"$(nproc)"
else
  for target in "$@"; do cmake --build build-sanitize -j"$(nproc)" --target "$target"; done
fi
