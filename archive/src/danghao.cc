#include "danghao.h"

#include <cstdio>
#include <regex>
#include <utility>
#include <vector>

#include "archive_util.h"

namespace dangan::archive {
namespace {

const char kFonds[] = "{全宗号}";
const char kCategory[] = "{门类}";
const char kYear[] = "{年度}";
const char kRetention[] = "{期限}";
const char kDepartment[] = "{机构}";

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t pos = s->find(from); pos != std::string::npos; pos = s->find(from, pos + to.size())) {
    s->replace(pos, from.size(), to);
  }
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
  return n;
}

bool IsKnownPlaceholder(const std::string& p) {
  for (const char* known : {kFonds, kCategory, kYear, kRetention, kDepartment, kPiecePlaceholder}) {
    if (p == known) return true;
  }
  return false;
}

// The regular expression for one placeholder, as loose as the codes found in old catalogues.
const char* PlaceholderRegex(const std::string& p) {
  if (p == kFonds) return "([A-Za-z0-9]+)";
  if (p == kCategory) return "([A-Z]{2}(?:\xC2\xB7[A-Z0-9]+)*)";
  if (p == kYear) return "([0-9]{4})";
  if (p == kRetention) return "(Y|D[0-9]+)";
  if (p == kDepartment) return "(.+?)";
  return "([0-9]{4})";  // {件号}
}

// The pattern as a regular expression, with the placeholders in the order their groups appear.
std::string PatternRegex(const std::string& pattern, std::vector<std::string>* order) {
  static const std::string kSpecial = "\\^$.|?*+()[]{}";
  std::string re;
  for (size_t i = 0; i < pattern.size(); ++i) {
    size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
    if (close != std::string::npos) {
      order->push_back(pattern.substr(i, close - i + 1));
      re += PlaceholderRegex(order->back());
      i = close;
      continue;
    }
    if (kSpecial.find(pattern[i]) != std::string::npos) re += '\\';
    re += pattern[i];
  }
  return re;
}

// Compares one part of a legacy 档号 with the item's value; notes a disagreement.
void Compare(const char* field, const std::string& found, const std::string& want,
             std::vector<std::string>* diffs) {
  if (found != want) diffs->push_back(std::string(field) + " " + found + "（著录为 " + want + "）");
}

}  // namespace

const char kPiecePlaceholder[] = "{件号}";

Status ValidatePattern(const std::string& pattern) {
  for (size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    size_t close = pattern.find('}', open);
    std::string p =
        close == std::string::npos ? pattern.substr(open) : pattern.substr(open, close - open + 1);
    if (!IsKnownPlaceholder(p)) {
      return Status::InvalidArgument("档号格式 " + pattern + " 中的「" + p +
                                     "」不是可用的占位符（可用：{全宗号} {门类} {年度} {期限} "
                                     "{机构} {件号}）");
    }
  }
  if (Count(pattern, kPiecePlaceholder) != 1) {
    return Status::InvalidArgument("档号格式 " + pattern + " 必须恰好包含一个 {件号}");
  }
  return Status::Ok();
}

std::string ClassKey(const std::string& pattern, const DanghaoParts& parts) {
  std::string key = pattern;
  ReplaceAll(&key, kFonds, parts.fonds);
  ReplaceAll(&key, kCategory, parts.category);
  ReplaceAll(&key, kYear, std::to_string(parts.year));
  ReplaceAll(&key, kRetention, parts.retention);
  ReplaceAll(&key, kDepartment, parts.department);
  return key;
}

std::string PieceText(int piece) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", piece);
  return buf;
}

std::string DanghaoFor(const std::string& class_key, int piece) {
  std::string d = class_key;
  ReplaceAll(&d, kPiecePlaceholder, PieceText(piece));
  return d;
}

int PieceIn(const std::string& class_key, const std::string& danghao) {
  size_t at = class_key.find(kPiecePlaceholder);
  if (at == std::string::npos) return 0;
  std::string prefix = class_key.substr(0, at);
  std::string suffix = class_key.substr(at + std::string(kPiecePlaceholder).size());
  if (danghao.size() != prefix.size() + 4 + suffix.size()) return 0;
  if (danghao.compare(0, prefix.size(), prefix) != 0) return 0;
  if (danghao.compare(prefix.size() + 4, suffix.size(), suffix) != 0) return 0;
  int piece = 0;
  for (size_t i = prefix.size(); i < prefix.size() + 4; ++i) {
    if (danghao[i] < '0' || danghao[i] > '9') return 0;
    piece = piece * 10 + (danghao[i] - '0');
  }
  return piece;
}

Status CheckLegacyDanghao(const std::string& pattern, const std::string& danghao,
                          const DanghaoParts& expected, int* piece) {
  *piece = 0;
  // Compiling the expression costs far more than matching it: an import of 100,000 legacy 档号
  // would spend most of its time here. One archive (one pattern) per thread is the rule.
  thread_local std::string cached_pattern;
  thread_local std::vector<std::string> order;
  thread_local std::regex re;
  if (cached_pattern != pattern || order.empty()) {
    order.clear();
    re = std::regex(PatternRegex(pattern, &order));
    cached_pattern = pattern;
  }
  std::smatch m;
  if (!std::regex_match(danghao, m, re)) return Status::Ok();
  std::vector<std::string> diffs;
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& p = order[i];
    std::string v = m[i + 1].str();
    if (p == kFonds) Compare("全宗号", v, expected.fonds, &diffs);
    if (p == kCategory) Compare("门类", v, expected.category, &diffs);
    if (p == kYear) Compare("年度", v, std::to_string(expected.year), &diffs);
    if (p == kRetention) Compare("保管期限", v, expected.retention, &diffs);
    if (p == kDepartment) Compare("机构", v, expected.department, &diffs);
    if (p == kPiecePlaceholder) *piece = std::stoi(v);
  }
  if (diffs.empty()) return Status::Ok();
  *piece = 0;
  return Status::InvalidArgument("档号 " + danghao + " 与该件的著录不一致：", diffs);
}

std::string NormalizeDanghao(const std::string& danghao) {
  static const std::vector<std::pair<std::string, std::string>> kLookAlikes = {
      {"・", "·"}, {"•", "·"},  {"．", "·"}, {"‧", "·"}, {"⋅", "·"}, {"･", "·"},
      {"∙", "·"},  {"－", "-"}, {"‐", "-"},  {"–", "-"}, {"—", "-"}};
  std::string out = Trim(danghao);
  for (const auto& [from, to] : kLookAlikes) ReplaceAll(&out, from, to);
  return out;
}

}  // namespace dangan::archive
