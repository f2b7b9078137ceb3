// Small helpers shared by the archive's parts: local time, dates, trimming.
#pragma once

#include <string>

namespace dangan::archive {

// Now as ISO 8601 local time with its offset, e.g. 2024-05-06T14:03:21+08:00.
std::string NowIso();

// A real calendar date written YYYY-MM-DD.
bool IsValidDate(const std::string& date);

std::string Trim(const std::string& s);

}  // namespace dangan::archive
