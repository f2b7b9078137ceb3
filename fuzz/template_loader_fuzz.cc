// libFuzzer target: the body is dangan::fuzz::TemplateLoader (fuzz_entries.h), which the test suite
// also runs on fuzz/regressions/template_loader/.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dangan::fuzz::TemplateLoader(data, size);
  return 0;
}
