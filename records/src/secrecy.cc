#include "dangan/records/secrecy.h"

#include <string>

#include "dangan/records/text.h"

namespace dangan {
namespace {

constexpr Secrecy kLevels[] = {Secrecy::kPublic, Secrecy::kInternal, Secrecy::kConfidential,
                               Secrecy::kSecret};

}  // namespace

const char* SecrecyName(Secrecy s) {
  switch (s) {
    case Secrecy::kPublic:
      return "公开";
    case Secrecy::kInternal:
      return "内部";
    case Secrecy::kConfidential:
      return "秘密";
    case Secrecy::kSecret:
      return "机密";
  }
  return "内部";
}

std::optional<Secrecy> ParseSecrecy(std::string_view word) {
  const std::string s = FoldCode(word);
  for (Secrecy level : kLevels) {
    if (s == SecrecyName(level)) return level;
  }
  return std::nullopt;
}

std::string SecrecyRefusal(std::string_view word) {
  if (FoldCode(word) == "绝密") return "「绝密」文件不在本系统管理范围内（密级应为 公开、内部、秘密 或 机密）";
  return "「" + std::string(word) + "」不是密级（应为 公开、内部、秘密 或 机密）";
}

}  // namespace dangan
