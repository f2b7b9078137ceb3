// Writing a finished file under its real name only once it is complete.
#pragma once

#include <cstddef>
#include <string>

#include "dangan/base/status.h"

namespace dangan::pdf {

// Writes `size` bytes to a temporary file next to `path`, then renames it to `path`: a failed or
// interrupted write never leaves a truncated file under the real name.
Status SaveAtomically(const char* data, size_t size, const std::string& path);

}  // namespace dangan::pdf
