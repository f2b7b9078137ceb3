// Small helpers shared by the archive's parts: local time, dates, trimming.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

#include "dangan/base/status.h"
#include "dangan/records/secrecy.h"

namespace dangan::archive {

// An audit entry's detail as one line of JSON; a bad UTF-8 byte becomes U+FFFD instead of
// throwing (the detail quotes what users typed).
std::string Dump(const nlohmann::json& j);

// Now as ISO 8601 local time with its offset, e.g. 2024-05-06T14:03:21+08:00.
std::string NowIso();

// A real calendar date written YYYY-MM-DD.
bool IsValidDate(const std::string& date);

std::string Trim(const std::string& s);

// An archive is private to its owner (directories 0700, files 0600, store files 0400) unless
// `init --group` shared it with a group: then the group has the same rights (0770 with setgid,
// so that everything made inside keeps the group; 0660; 0440). Modes are set explicitly, so the
// umask changes nothing. Whether a directory of the archive is shared: its group bits.
bool SharedWithGroup(const std::string& dir);
// `private_mode` (0600, 0400) with the owner's bits given to the group too when `shared`.
mode_t ArchiveFileMode(bool shared, mode_t private_mode);
// Makes `dir` (0700, or 02770 when shared) unless it is there; `created` (may be null) tells.
// A directory that was there already keeps its mode.
Status MakeArchiveDir(const std::string& dir, bool shared, bool* created);

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
