// libFuzzer target: the body is dangan::fuzz::OdsReader (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/ods_reader/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::OdsReader(data, size);
  return 0;
}
