// libFuzzer target: the body is dangan::fuzz::IntakeSniff (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/intake_sniff/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::IntakeSniff(data, size);
  return 0;
}
