// libFuzzer target: the body is dangan::fuzz::ImportMapping (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/import_mapping/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::ImportMapping(data, size);
  return 0;
}
