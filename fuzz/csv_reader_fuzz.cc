// libFuzzer target: the body is dangan::fuzz::CsvReader (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/csv_reader/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::CsvReader(data, size);
  return 0;
}
