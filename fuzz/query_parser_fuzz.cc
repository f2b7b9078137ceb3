// libFuzzer target: the body is dangan::fuzz::QueryParser (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/query_parser/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::QueryParser(data, size);
  return 0;
}
