// 保管期限, as DA/T 22-2015 and 国家档案局令第10号 write them: Y 永久, D30 定期30年, D10 定期10年.
// The one place that knows the codes, their names, their order and how old spellings are read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dangan {

// Ordered from shortest to longest, so that `a < b` means b keeps longer.
enum class Retention { kD10 = 0, kD30 = 1, kPermanent = 2 };

// "Y", "D30", "D10" (also lower case and full width); nothing else.
std::optional<Retention> ParseRetentionCode(std::string_view code);
const char* RetentionCode(Retention r);      // "Y" / "D30" / "D10"
const char* RetentionName(Retention r);      // 永久 / 定期30年 / 定期10年
const char* RetentionSealText(Retention r);  // 永久 / 30年 / 10年 (the 归档章's box)
int RetentionYears(Retention r);             // 0 for 永久 (never expires)
inline Retention Longer(Retention a, Retention b) { return a < b ? b : a; }

// What a clerk or an old spreadsheet writes for a period.
struct RetentionReading {
  enum class Kind {
    kEmpty,    // no value
    kCode,     // `code` holds the period
    kLegacy,   // an old code (长期, 短期, 永, 长, 短): reported for a decision, never converted
    kInvalid,  // not a retention period
  };
  Kind kind = Kind::kEmpty;
  Retention code = Retention::kPermanent;  // kCode only
  std::string legacy;  // kLegacy: the old code, simplified ("长期", "短期", "永", "长", "短")
  std::string reason;  // kLegacy and kInvalid: what the clerk is told (Chinese)
};

// 永久/Y -> Y; 定期30年/30年/三十年/D30 -> D30; 定期10年/10年/十年/D10 -> D10; traditional
// characters and full-width forms alike; 长期/短期 are kLegacy.
RetentionReading ReadRetention(std::string_view text);

}  // namespace dangan
