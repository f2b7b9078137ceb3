// libFuzzer target: the body is dangan::fuzz::XlsReader (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/xls_reader/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::XlsReader(data, size);
  return 0;
}
