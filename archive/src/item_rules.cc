#include "item_rules.h"

#include "archive_util.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"
#include "dangan/records/danghao.h"

namespace dangan::archive {
namespace {

// Appends a problem of `field`; `message` is the reason without the field name.
void Add(std::vector<Problem>* p, const char* code, const char* field, std::string message) {
  Problem problem;
  problem.code = code;
  problem.field = field;
  problem.message = std::move(message);
  p->push_back(std::move(problem));
}

bool IsUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// 门类 code as DA/T 13-2022 writes it: two capital letters, then optional lower-level class codes
// joined by the middle dot (KJ·KY·01).
bool IsCategoryCode(const std::string& s) {
  const std::string dot = "·";
  if (s.size() < 2 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'A' && s[1] <= 'Z')) return false;
  size_t i = 2;
  while (i < s.size()) {
    if (s.compare(i, dot.size(), dot) != 0) return false;
    i += dot.size();
    size_t start = i;
    while (i < s.size() && IsUpperOrDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return true;
}

// 机构 codes are capitals or digits (BGS, 003); DA/T 13-2022 also allows Chinese (办公室). What
// matters is that nothing in it reads as a separator of the 档号.
bool IsDepartmentCode(const std::string& s) {
  if (s.empty()) return false;
  if (s.find("·") != std::string::npos) return false;
  for (unsigned char c : s) {
    if (c < 0x80 && !IsUpperOrDigit(static_cast<char>(c))) return false;
  }
  return true;
}

bool IsFondsCode(const std::string& s) {
  if (s.empty() || s.size() > 8) return false;
  for (char c : s) {
    if (!IsUpperOrDigit(c)) return false;
  }
  return true;
}

void CheckCodes(const NewItem& item, const std::string& pattern, std::vector<Problem>* p) {
  if (item.category.empty()) {
    Add(p, problem_codes::kRequired, "门类", "不能为空（如 WS 文书）");
  } else if (!IsCategoryCode(item.category)) {
    Add(p, problem_codes::kInvalidValue, "门类", "「" + item.category +
                 "」不是门类代码，应为两个大写字母（如 WS），可带下级类目（如 KJ·01）");
  }
  if (item.year < 1000 || item.year > 9999) {
    Add(p, problem_codes::kInvalidValue, "年度", "「" + std::to_string(item.year) + "」应为四位数字的年份（如 2024）");
  }
  CheckRetention(item.retention, p);
  bool needed = pattern.find("{机构}") != std::string::npos;
  if (item.department.empty()) {
    if (needed) Add(p, problem_codes::kRequired, "机构", "不能为空，档号中要用机构代码（如 BGS 办公室）");
  } else if (!IsDepartmentCode(item.department)) {
    Add(p, problem_codes::kInvalidValue, "机构", "「" + item.department +
                 "」不是机构代码，应为大写字母或数字（如 BGS、003），不能含空格、“-”或“·”");
  }
}

void CheckSource(const std::string& source, std::vector<Problem>* p) {
  if (!ParseItemSource(source)) {
    Add(p, problem_codes::kInvalidValue, "来源", "「" + source +
                 "」无效，应为 generated（生成）、scan（扫描）或 import（导入）");
  }
}

}  // namespace

Status ValidateConfig(const ArchiveConfig& config) {
  std::vector<Problem> p;
  if (!IsFondsCode(config.fonds)) {
    Add(&p, problem_codes::kInvalidValue, "全宗号", "「" + config.fonds + "」无效，应为大写字母和数字（如 Z109、J001）");
  }
  Status pattern = ValidateDanghaoPattern(config.pattern);
  for (const Problem& problem : pattern.problems()) p.push_back(problem);
  if (p.empty()) return Status::Ok();
  return Status::InvalidArgument("档案设置有误：", p);
}

void CheckTitle(const std::string& title, std::vector<Problem>* p) {
  if (Trim(title).empty()) Add(p, problem_codes::kRequired, "题名", "不能为空");
}

void CheckDate(const std::string& date, std::vector<Problem>* p) {
  if (!date.empty() && !IsValidDate(date)) {
    Add(p, problem_codes::kInvalidDate, "日期", "「" + date + "」不是有效日期，应写成 YYYY-MM-DD（如 2024-03-05）");
  }
}

void CheckSecrecy(const std::string& secrecy, std::vector<Problem>* p) {
  if (!ParseSecrecy(secrecy) || secrecy != SecrecyName(*ParseSecrecy(secrecy))) {
    Add(p, problem_codes::kInvalidSecrecy, "密级", "「" + secrecy + "」无效，应为 公开、内部、秘密 或 机密");
  }
}

void CheckRetention(const std::string& retention, std::vector<Problem>* p) {
  if (const auto r = ParseRetentionCode(retention); r && retention == RetentionCode(*r)) return;
  std::string hint;
  const char* code = problem_codes::kInvalidRetention;
  if (retention == "长期" || retention == "短期" || retention == "C") {
    hint = "；旧的“长期/短期”对应哪个期限须由档案人员决定";
    code = problem_codes::kLegacyRetention;
  }
  Add(p, code, "保管期限", "「" + retention +
               "」无效，应为 Y（永久）、D30（定期30年）或 D10（定期10年）" + hint);
}

Status ValidateNewItem(const NewItem& item, const std::string& pattern) {
  std::vector<Problem> p;
  CheckCodes(item, pattern, &p);
  CheckTitle(item.title, &p);
  CheckDate(item.date, &p);
  CheckSecrecy(item.secrecy, &p);
  CheckSource(item.source, &p);
  if (item.danghao.find('{') != std::string::npos)
    Add(&p, problem_codes::kInvalidDanghao, "档号", "「" + item.danghao + "」含有“{”");
  if (p.empty()) return Status::Ok();
  std::string what = item.title.empty() ? "该件" : "《" + item.title + "》";
  return Status::InvalidArgument(what + "不能归档：", p);
}

NewItem NormalizedItem(const NewItem& in) {
  NewItem item = in;
  for (std::string* s : {&item.category, &item.retention, &item.department, &item.title,
                         &item.responsible, &item.doc_ref, &item.date, &item.secrecy, &item.notes,
                         &item.source, &item.template_id, &item.doc_number}) {
    *s = Trim(*s);
  }
  item.danghao = NormalizeDanghao(item.danghao);
  return item;
}

}  // namespace dangan::archive
