#include "dangan/records/danghao.h"

#include <cstdio>
#include <regex>
#include <utility>
#include <vector>

#include "dangan/records/text.h"

namespace dangan {
namespace {

const char kFonds[] = "{全宗号}";
const char kCategory[] = "{门类}";
const char kYear[] = "{年度}";
const char kRetention[] = "{期限}";
const char kDepartment[] = "{机构}";

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
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

// Notes a part of a legacy 档号 that disagrees with the item's value.
void Compare(const Danghao& danghao, const char* field, const std::string& found,
             const std::string& want, std::vector<Problem>* problems) {
  if (found == want) return;
  Problem p;
  p.code = problem_codes::kInvalidDanghao;
  p.field = "档号";
  p.message = "「" + danghao.text() + "」中的" + field + " " + found + " 与著录的 " + want + " 不一致";
  problems->push_back(std::move(p));
}

}  // namespace

const char kPiecePlaceholder[] = "{件号}";

std::string Danghao::Normalize(std::string_view text) {
  std::string s = FoldCode(text);  // also ･ (U+FF65) -> ・ (U+30FB), － -> -, ． -> .
  for (const char* dot : {"・", "•", "‧", "∙", "⋅", "⸱", "ꞏ"}) ReplaceAll(&s, dot, "·");
  for (const char* dash : {"‐", "‑", "‒", "–", "—", "―", "−", "﹣"}) ReplaceAll(&s, dash, "-");
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool ascii_dot = s[i] == '.';
    const bool ideographic = s.compare(i, 3, "。") == 0;
    if (ascii_dot || ideographic) {
      const size_t next = i + (ascii_dot ? 1 : 3);
      const bool after_letter = !out.empty() && out.back() >= 'A' && out.back() <= 'Z';
      const bool before_digit = next < s.size() && s[next] >= '0' && s[next] <= '9';
      if (after_letter && before_digit) {
        out += "·";
        i = next - 1;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

Danghao Danghao::Format(const std::string& pattern, const DanghaoParts& parts, int piece) {
  return Danghao(DanghaoFor(DanghaoClassKey(pattern, parts), piece));
}

bool Danghao::Split(const std::string& pattern, DanghaoParts* parts, int* piece) const {
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
  if (!std::regex_match(text_, m, re)) return false;
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& p = order[i];
    std::string v = m[i + 1].str();
    if (p == kFonds) parts->fonds = v;
    if (p == kCategory) parts->category = v;
    if (p == kYear) parts->year = std::stoi(v);
    if (p == kRetention) parts->retention = v;
    if (p == kDepartment) parts->department = v;
    if (p == kPiecePlaceholder) *piece = std::stoi(v);
  }
  return true;
}

Status ValidateDanghaoPattern(const std::string& pattern) {
  Problem p;
  p.code = "invalid_pattern";
  p.field = "档号格式";
  for (size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    size_t close = pattern.find('}', open);
    std::string placeholder =
        close == std::string::npos ? pattern.substr(open) : pattern.substr(open, close - open + 1);
    if (!IsKnownPlaceholder(placeholder)) {
      p.message = pattern + " 中的「" + placeholder +
                  "」不是可用的占位符（可用：{全宗号} {门类} {年度} {期限} {机构} {件号}）";
      return Status::InvalidArgument(std::move(p));
    }
  }
  if (Count(pattern, kPiecePlaceholder) != 1) {
    p.message = pattern + " 必须恰好包含一个 {件号}";
    return Status::InvalidArgument(std::move(p));
  }
  return Status::Ok();
}

std::string DanghaoClassKey(const std::string& pattern, const DanghaoParts& parts) {
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

Status CheckLegacyDanghao(const std::string& pattern, const Danghao& danghao,
                          const DanghaoParts& expected, int* piece) {
  *piece = 0;
  DanghaoParts found = expected;
  if (!danghao.Split(pattern, &found, piece)) return Status::Ok();
  std::vector<Problem> problems;
  Compare(danghao, "全宗号", found.fonds, expected.fonds, &problems);
  Compare(danghao, "门类", found.category, expected.category, &problems);
  Compare(danghao, "年度", std::to_string(found.year), std::to_string(expected.year), &problems);
  Compare(danghao, "保管期限", found.retention, expected.retention, &problems);
  Compare(danghao, "机构", found.department, expected.department, &problems);
  if (problems.empty()) return Status::Ok();
  *piece = 0;
  return Status::InvalidArgument("档号 " + danghao.text() + " 与该件的著录不一致：",
                                 std::move(problems));
}

}  // namespace dangan
