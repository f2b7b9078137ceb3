// 密级 of a record: 公开 < 内部 < 秘密 < 机密. 绝密 records are outside what dangan may hold.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dangan {

enum class Secrecy { kPublic = 0, kInternal = 1, kConfidential = 2, kSecret = 3 };
inline constexpr Secrecy kDefaultSecrecy = Secrecy::kInternal;

// 公开 内部 秘密 机密, also traditional (公開 內部 祕密 機密) and with spaces around.
std::optional<Secrecy> ParseSecrecy(std::string_view word);
const char* SecrecyName(Secrecy s);  // 公开 / 内部 / 秘密 / 机密
// Why `word` is not a 密级 (Chinese), for messages: names 绝密 as out of scope.
std::string SecrecyRefusal(std::string_view word);
// True when someone cleared for `clearance` may see a record of `level`.
inline bool MaySee(Secrecy clearance, Secrecy level) { return level <= clearance; }

}  // namespace dangan
