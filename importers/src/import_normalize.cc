// Values as old catalogues and registers hold them, made canonical for the import's fields. The
// readings of dates, money, 档号, 保管期限 and 密级 are import_values.h's; what is added here is
// what a field of the import needs on top: years and page counts, the mapping file's decisions
// for old retention codes, and register cells prepared for the generator's own checks.
#include <cstdio>

#include "dangan/importers/import_values.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"
#include "dangan/records/text.h"
#include "import_internal.h"

namespace dangan::import {
namespace {

std::string Trimmed(const std::string& s) {
  const char* kSpace = " \t\r\n";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string::npos) return "";
  std::string out = s.substr(b, s.find_last_not_of(kSpace) - b + 1);
  // The ideographic space pads many old cells.
  while (out.rfind("\u3000", 0) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, "\u3000") == 0) {
    out.resize(out.size() - 3);
  }
  return out;
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string Yuan(int64_t fen) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "",
                static_cast<long long>((fen < 0 ? -fen : fen) / 100),
                static_cast<long long>((fen < 0 ? -fen : fen) % 100));
  return buf;
}

}  // namespace

std::string CellText(const SheetCell& cell) { return Trimmed(cell.text); }

std::string NormalizeYearCell(const SheetCell& cell, int* year) {
  *year = 0;
  std::string text = FoldNfkcTrim(CellText(cell));
  if (EndsWith(text, "年度")) text.resize(text.size() - std::string("年度").size());
  if (EndsWith(text, "年")) text.resize(text.size() - std::string("年").size());
  if (text.size() != 4 || !AllDigits(text)) {
    return "「" + CellText(cell) + "」不是四位数字的年度（如 2015）";
  }
  *year = std::stoi(text);
  return "";
}

std::string NormalizeCountCell(const SheetCell& cell, int* count) {
  *count = 0;
  std::string text = FoldNfkcTrim(CellText(cell));
  for (const char* unit : {"页", "张", "份", "件"}) {
    if (EndsWith(text, unit)) text.resize(text.size() - std::string(unit).size());
  }
  if (text.size() > 6 || !AllDigits(text)) {
    return "「" + CellText(cell) + "」不是页数（应为不小于 0 的整数）";
  }
  *count = std::stoi(text);
  return "";
}

std::string NormalizeRetention(const std::string& text,
                               const std::map<std::string, std::string>& decisions,
                               std::string* code, bool* old_code) {
  code->clear();
  *old_code = false;
  const RetentionReading v = ReadRetention(text);
  if (v.kind == RetentionReading::Kind::kCode) {
    *code = RetentionCode(v.code);
    return "";
  }
  if (v.kind == RetentionReading::Kind::kEmpty) {
    return "不能为空（应为 永久、定期30年、定期10年，或 Y、D30、D10）";
  }
  // The mapping file decides old codes, and may also name codes of its own (e.g. "C").
  std::string folded = FoldValue(text);
  for (const auto& [from, to] : decisions) {
    if (FoldValue(from) == folded || (!v.legacy.empty() && FoldValue(from) == v.legacy)) {
      *code = to;
      *old_code = true;
      return "";
    }
  }
  if (v.kind == RetentionReading::Kind::kLegacy) {
    *old_code = true;
    return v.reason + "：在映射文件的 retention 中写明（如 " + v.legacy + ": D30）";
  }
  return v.reason;
}

std::string NormalizeSecrecy(const std::string& text, std::string* secrecy) {
  // An empty cell (also one of full-width spaces only) takes the default level.
  const std::optional<Secrecy> level = ParseSecrecy(text);
  if (level) {
    *secrecy = SecrecyName(*level);
    return "";
  }
  if (FoldCode(text).empty()) {
    *secrecy = SecrecyName(kDefaultSecrecy);
    return "";
  }
  secrecy->clear();
  return SecrecyRefusal(text);
}

std::string NormalizeForField(const Field& field, const SheetCell& cell, std::string* out) {
  out->clear();
  std::string text = CellText(cell);
  if (text.empty()) return "";
  switch (field.type) {
    case FieldType::kDate:
      return ImportDate(cell, out);
    case FieldType::kMoney: {
      int64_t fen = 0;
      std::string reason = ImportMoney(cell, &fen);
      if (reason.empty()) *out = Yuan(fen);
      return reason;
    }
    case FieldType::kNumber:
    case FieldType::kSerial:
      // Number cells come in shortest round-trip form; text may have full-width digits.
      *out = cell.type == SheetCellType::kNumber ? text : FoldNfkcTrim(text);
      return "";
    case FieldType::kMultiline:
      *out = text;
      return TextFault(text, TextLines::kMany);
    default:
      // A one-line value wrapped in its cell (Alt+Enter) is one line; a control character is
      // refused where it enters (records/text.h), not stored in the register.
      *out = JoinLines(text);
      return TextFault(*out, TextLines::kOne);
  }
}

}  // namespace dangan::import
