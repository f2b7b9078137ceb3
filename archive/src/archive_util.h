// Small helpers shared by the archive's parts: local time, dates, trimming.
#pragma once

#include <string>

#include "dangan/records/secrecy.h"

namespace dangan::archive {

// Now as ISO 8601 local time with its offset, e.g. 2024-05-06T14:03:21+08:00.
std::string NowIso();

// A real calendar date written YYYY-MM-DD.
bool IsValidDate(const std::string& date);

std::string Trim(const std::string& s);

// The 密级 a reader cleared for `clearance` may see, as an SQL list: ('公开', '内部'). Built from
// the fixed names of SecrecyName only, never from input, so it is safe to splice into SQL.
std::string VisibleSecrecySql(Secrecy clearance);

// Fault injection for tests (as LevelDB's test hooks): FaultPoint("…") marks a named step of
// filing, and a test that set a hook may stop the process there (tests/archive_crash_test.cc
// kills it with SIGKILL) to prove that a crash at that step leaves a sound archive. No hook is
// set outside tests; a point then costs one atomic load.
using FaultHook = void (*)(const char* point);
void SetFaultHook(FaultHook hook);
void FaultPoint(const char* point);

}  // namespace dangan::archive
