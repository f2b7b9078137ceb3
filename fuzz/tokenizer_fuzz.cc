// libFuzzer target: the body is dangan::fuzz::Tokenizer (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/tokenizer/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::Tokenizer(data, size);
  return 0;
}
