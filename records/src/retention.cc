#include "dangan/records/retention.h"

#include "dangan/records/text.h"

namespace dangan {

std::optional<Retention> ParseRetentionCode(std::string_view code) {
  const std::string s = FoldCode(code);
  if (s == "Y") return Retention::kPermanent;
  if (s == "D30") return Retention::kD30;
  if (s == "D10") return Retention::kD10;
  return std::nullopt;
}

const char* RetentionCode(Retention r) {
  switch (r) {
    case Retention::kPermanent:
      return "Y";
    case Retention::kD30:
      return "D30";
    case Retention::kD10:
      return "D10";
  }
  return "Y";
}

const char* RetentionName(Retention r) {
  switch (r) {
    case Retention::kPermanent:
      return "永久";
    case Retention::kD30:
      return "定期30年";
    case Retention::kD10:
      return "定期10年";
  }
  return "永久";
}

const char* RetentionSealText(Retention r) {
  switch (r) {
    case Retention::kPermanent:
      return "永久";
    case Retention::kD30:
      return "30年";
    case Retention::kD10:
      return "10年";
  }
  return "永久";
}

int RetentionYears(Retention r) {
  switch (r) {
    case Retention::kPermanent:
      return 0;
    case Retention::kD30:
      return 30;
    case Retention::kD10:
      return 10;
  }
  return 0;
}

RetentionReading ReadRetention(std::string_view text) {
  using Kind = RetentionReading::Kind;
  RetentionReading r;
  const std::string s = FoldCode(text);
  if (s.empty()) return r;
  auto code = [&r](Retention period) {
    r.kind = Kind::kCode;
    r.code = period;
    return r;
  };
  for (const char* y : {"永久", "Y"}) {
    if (s == y) return code(Retention::kPermanent);
  }
  for (const char* d30 : {"定期30年", "30年", "D30", "定期三十年", "三十年"}) {
    if (s == d30) return code(Retention::kD30);
  }
  for (const char* d10 : {"定期10年", "10年", "D10", "定期十年", "十年"}) {
    if (s == d10) return code(Retention::kD10);
  }
  for (const char* old : {"长期", "短期", "永", "长", "短"}) {
    if (s != old) continue;
    r.kind = Kind::kLegacy;
    r.legacy = old;
    r.reason = "「" + std::string(old) +
               "」是旧的保管期限（1987 年《机关文件材料归档范围和文书档案保管期限的规定》），"
               "须指定对应的新期限（永久、定期30年或定期10年），不会自动换算";
    return r;
  }
  r.kind = Kind::kInvalid;
  r.reason = "「" + std::string(text) + "」不是保管期限（应为 永久、定期30年 或 定期10年）";
  return r;
}

}  // namespace dangan
