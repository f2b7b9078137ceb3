// libFuzzer target: the body is dangan::fuzz::DataBinder (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/data_binder/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::DataBinder(data, size);
  return 0;
}
