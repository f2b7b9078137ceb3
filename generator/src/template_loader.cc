// Reads a template YAML file into a Template and checks it, so that every later stage can
// trust it. Every error names the file and the line.
#include <dirent.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dangan/generator/template.h"
#include "dangan/records/text.h"
#include "text.h"

namespace dangan {
namespace {

struct FieldTypeInfo {
  FieldType type;
  const char* english;
  const char* chinese;
};

constexpr FieldTypeInfo kFieldTypes[] = {
    {FieldType::kText, "text", "文本"},           {FieldType::kMultiline, "multiline", "多行文本"},
    {FieldType::kDate, "date", "日期"},           {FieldType::kTime, "time", "时间"},
    {FieldType::kNumber, "number", "数字"},       {FieldType::kMoney, "money", "金额"},
    {FieldType::kChoice, "choice", "选项"},       {FieldType::kPerson, "person", "人员"},
    {FieldType::kSignature, "signature", "签字"}, {FieldType::kSerial, "serial", "序号"},
};

// Thrown inside the loader only; turned into a Status at the boundary.
struct TemplateError {
  int line;
  std::string reason;
};

[[noreturn]] void Fail(const YAML::Node& at, std::string reason) {
  throw TemplateError{at.Mark().line + 1, std::move(reason)};
}

std::string Scalar(const YAML::Node& node, const char* what) {
  if (!node.IsScalar()) Fail(node, std::string("「") + what + "」应为文字");
  return node.Scalar();
}

std::string RequiredScalar(const YAML::Node& map, const char* key) {
  YAML::Node node = map[key];
  if (!node) Fail(map, std::string("缺少必填项「") + key + "」");
  std::string value = Scalar(node, key);
  if (value.empty()) Fail(node, std::string("「") + key + "」不能为空");
  return value;
}

std::string OptionalScalar(const YAML::Node& map, const char* key) {
  YAML::Node node = map[key];
  return node ? Scalar(node, key) : std::string();
}

double Number(const YAML::Node& node, const char* what) {
  double value = 0;
  try {
    value = node.as<double>();
  } catch (const YAML::Exception&) {
    Fail(node, std::string("「") + what + "」应为数字，而不是「" + node.Scalar() + "」");
  }
  // YAML's .nan and .inf are numbers to yaml-cpp, not to a template.
  if (!std::isfinite(value))
    Fail(node, std::string("「") + what + "」应为数字，而不是「" + node.Scalar() + "」");
  return value;
}

// A whole number from lo to hi: a count or a size the layout uses as an int.
int WholeNumber(const YAML::Node& node, const char* what, int lo, int hi) {
  const double n = Number(node, what);
  if (n < lo || n > hi || n != std::floor(n)) {
    Fail(node, std::string("「") + what + "」应为 " + std::to_string(lo) + " 到 " +
                   std::to_string(hi) + " 之间的整数，而不是「" + node.Scalar() + "」");
  }
  return static_cast<int>(n);
}

bool Boolean(const YAML::Node& node, const char* what) {
  std::string v = Scalar(node, what);
  if (v == "true" || v == "是" || v == "yes") return true;
  if (v == "false" || v == "否" || v == "no") return false;
  Fail(node, std::string("「") + what + "」应为 true 或 false");
}

void CheckKeys(const YAML::Node& map, std::initializer_list<const char*> allowed,
               const char* where) {
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    bool known =
        std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
    if (!known) Fail(kv.first, std::string(where) + "中有未知的键「" + key + "」");
  }
}

FieldType ParseFieldType(const YAML::Node& node) {
  std::string name = Scalar(node, "type");
  for (const auto& info : kFieldTypes) {
    if (name == info.english || name == info.chinese) return info.type;
  }
  std::string all;
  for (const auto& info : kFieldTypes) all += std::string(all.empty() ? "" : "、") + info.chinese;
  Fail(node, "类型「" + name + "」不存在（可用：" + all + "）");
}

Align ParseAlign(const YAML::Node& node) {
  std::string v = Scalar(node, "align");
  if (v == "left" || v == "左") return Align::kLeft;
  if (v == "center" || v == "中") return Align::kCenter;
  if (v == "right" || v == "右") return Align::kRight;
  Fail(node, "对齐方式「" + v + "」不存在（可用：left、center、right）");
}

Field ParseField(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "字段应写成 {name: …, type: …}");
  CheckKeys(node,
            {"name", "type", "required", "max_length", "min", "max", "options", "lines", "compute",
             "note", "width", "align"},
            "字段");
  Field f;
  f.line = node.Mark().line + 1;
  f.name = RequiredScalar(node, "name");
  if (!node["type"]) Fail(node, "字段「" + f.name + "」缺少类型 type");
  f.type = ParseFieldType(node["type"]);
  if (node["required"]) f.required = Boolean(node["required"], "required");
  if (node["max_length"]) {
    f.max_length = static_cast<size_t>(WholeNumber(node["max_length"], "max_length", 1, 1000000));
  } else if (f.type == FieldType::kPerson) {
    f.max_length = 20;
  }
  if (node["min"]) f.min = Number(node["min"], "min");
  if (node["max"]) f.max = Number(node["max"], "max");
  if (f.min && f.max && *f.min > *f.max) Fail(node, "字段「" + f.name + "」的 min 大于 max");
  if ((f.min || f.max) && f.type != FieldType::kNumber && f.type != FieldType::kMoney) {
    Fail(node, "字段「" + f.name + "」不是数字或金额，不能设 min/max");
  }
  if (YAML::Node options = node["options"]) {
    if (!options.IsSequence() || options.size() == 0) Fail(options, "options 应为非空列表");
    for (const auto& o : options) f.options.push_back(Scalar(o, "options"));
  }
  if (f.type == FieldType::kChoice && f.options.empty()) {
    Fail(node, "选项字段「" + f.name + "」缺少 options");
  }
  if (!f.options.empty() && f.type != FieldType::kChoice) {
    Fail(node, "字段「" + f.name + "」不是选项类型，不能设 options");
  }
  f.lines = f.type == FieldType::kMultiline ? 3 : 1;
  if (node["lines"]) {
    double n = Number(node["lines"], "lines");
    if (n < 1 || n > 60) Fail(node["lines"], "lines 应在 1 到 60 之间");
    f.lines = static_cast<int>(n);
  }
  f.compute = OptionalScalar(node, "compute");
  f.note = OptionalScalar(node, "note");
  return f;
}

// "$字段:大写*3" / "标签*2" / {field: …, span: …, rows: …}
LayoutCell ParseLayoutCell(const YAML::Node& node) {
  LayoutCell cell;
  cell.line = node.Mark().line + 1;
  if (node.IsScalar()) {
    std::string text = node.Scalar();
    size_t star = text.rfind('*');
    if (star != std::string::npos && star + 1 < text.size() &&
        text.find_first_not_of("0123456789", star + 1) == std::string::npos) {
      // "标题*3": spans 3 columns (more than 4 digits is no grid's width).
      if (text.size() - star - 1 > 4) Fail(node, "单元格「" + text + "」的跨列数过大");
      cell.col_span = std::stoi(text.substr(star + 1));
      text = text.substr(0, star);
    }
    if (!text.empty() && text[0] == '$') {
      text = text.substr(1);
      const std::string kCapitals = ":大写";
      if (text.size() > kCapitals.size() &&
          text.compare(text.size() - kCapitals.size(), kCapitals.size(), kCapitals) == 0) {
        cell.capitals = true;
        text.resize(text.size() - kCapitals.size());
      }
      cell.field = text;
    } else {
      cell.label = text;
    }
  } else if (node.IsMap()) {
    CheckKeys(node, {"label", "field", "span", "rows", "align", "capitals"}, "版面单元格");
    cell.label = OptionalScalar(node, "label");
    cell.field = OptionalScalar(node, "field");
    if (cell.label.empty() == cell.field.empty()) Fail(node, "单元格应有 label 或 field 之一");
    if (node["span"]) cell.col_span = WholeNumber(node["span"], "span", 1, 1000);
    if (node["rows"]) cell.row_span = WholeNumber(node["rows"], "rows", 1, 1000);
    if (node["capitals"]) cell.capitals = Boolean(node["capitals"], "capitals");
    if (node["align"]) {
      cell.align = ParseAlign(node["align"]);
      cell.align_set = true;
    }
  } else {
    Fail(node, "单元格应为文字或 {label/field: …}");
  }
  if (cell.col_span < 1 || cell.row_span < 1) Fail(node, "单元格的跨列、跨行数应至少为 1");
  return cell;
}

// A grid; in the tail a row written as the word `approvals` (or 审批栏) marks where the
// approval block goes, reported through `approvals_at`.
std::vector<std::vector<LayoutCell>> ParseGrid(const YAML::Node& node, const char* what,
                                               int* approvals_at = nullptr) {
  std::vector<std::vector<LayoutCell>> rows;
  if (!node) return rows;
  if (!node.IsSequence()) Fail(node, std::string(what) + " 应为行的列表");
  for (const auto& row : node) {
    if (approvals_at && row.IsScalar() &&
        (row.Scalar() == "approvals" || row.Scalar() == "审批栏")) {
      if (*approvals_at >= 0) Fail(row, "审批栏只能出现一次");
      *approvals_at = static_cast<int>(rows.size());
      continue;
    }
    if (!row.IsSequence()) Fail(row, std::string(what) + " 的每一行应为单元格列表 [ … ]");
    std::vector<LayoutCell> cells;
    for (const auto& c : row) cells.push_back(ParseLayoutCell(c));
    rows.push_back(std::move(cells));
  }
  return rows;
}

TableSpec ParseTable(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "table 应为 {columns: …}");
  CheckKeys(node, {"columns", "min_rows", "red_when"}, "table");
  TableSpec table;
  if (node["min_rows"]) table.min_rows = WholeNumber(node["min_rows"], "min_rows", 0, 1000);
  table.red_when_field = OptionalScalar(node, "red_when");
  YAML::Node columns = node["columns"];
  if (!columns || !columns.IsSequence() || columns.size() == 0) Fail(node, "table 缺少 columns");
  for (const auto& c : columns) {
    TableColumn col;
    col.field = ParseField(c);
    if (c["width"]) col.width = Number(c["width"], "width");
    if (col.width <= 0 || col.width > 200) Fail(c, "列宽应在 0 到 200 之间");
    if (c["align"]) col.align = ParseAlign(c["align"]);
    table.columns.push_back(std::move(col));
  }
  if (!table.red_when_field.empty()) {
    bool found = std::any_of(table.columns.begin(), table.columns.end(), [&](const TableColumn& c) {
      return c.field.name == table.red_when_field;
    });
    if (!found) Fail(node["red_when"], "red_when 指向的列「" + table.red_when_field + "」不存在");
  }
  return table;
}

ApprovalRule ParseApprovalTiers(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "approval_tiers 应为 {amount: …, tiers: …}");
  CheckKeys(node, {"amount", "aggregate", "tiers"}, "approval_tiers");
  ApprovalRule rule;
  rule.amount_field = RequiredScalar(node, "amount");
  std::string aggregate = OptionalScalar(node, "aggregate");
  if (!aggregate.empty() && aggregate != "sum" && aggregate != "max") {
    Fail(node["aggregate"], "aggregate 应为 sum 或 max");
  }
  rule.aggregate_max = aggregate == "max";
  YAML::Node tiers = node["tiers"];
  if (!tiers || !tiers.IsSequence() || tiers.size() == 0) Fail(node, "approval_tiers 缺少 tiers");
  for (size_t i = 0; i < tiers.size(); ++i) {
    const YAML::Node& t = tiers[i];
    CheckKeys(t, {"up_to", "chain"}, "审批档");
    ApprovalTier tier;
    bool last = i + 1 == tiers.size();
    if (t["up_to"]) {
      tier.up_to = Number(t["up_to"], "up_to");
      if (!rule.tiers.empty() && *tier.up_to <= *rule.tiers.back().up_to) {
        Fail(t, "审批档的 up_to 应逐档增大");
      }
    }
    if (last == tier.up_to.has_value()) {
      Fail(t, last ? "最后一档不应有 up_to（它承接所有更大的金额）"
                   : "除最后一档外，每档都要有 up_to");
    }
    YAML::Node chain = t["chain"];
    if (!chain || !chain.IsSequence() || chain.size() == 0) Fail(t, "审批档缺少 chain");
    for (const auto& step : chain) tier.chain.push_back(Scalar(step, "chain"));
    rule.tiers.push_back(std::move(tier));
  }
  return rule;
}

NoticeLine ParseNoticeLine(const YAML::Node& node) {
  NoticeLine line;
  line.line = node.Mark().line + 1;
  if (node.IsScalar()) {
    line.field = node.Scalar();
    return line;
  }
  if (!node.IsMap()) Fail(node, "notice.body 的每一项应为字段名、{label: 标签, field: 字段} 或 {text: 文字}");
  CheckKeys(node, {"label", "field", "text", "indent"}, "notice.body");
  line.label = OptionalScalar(node, "label");
  line.text = OptionalScalar(node, "text");
  line.field = line.text.empty() ? RequiredScalar(node, "field") : OptionalScalar(node, "field");
  if (!line.text.empty() && !line.field.empty()) Fail(node, "notice.body 的一项只能有 field 或 text 之一");
  if (node["indent"]) line.indent = Boolean(node["indent"], "indent");
  return line;
}

// `notice:` of a `style: notice` template: which field fills which part of the 公文.
NoticeSpec ParseNotice(const YAML::Node& root) {
  const YAML::Node node = root["notice"];
  if (!node) Fail(root, "style: notice 需要 notice: {to: …, body: […], signer: …, date: …}");
  if (!node.IsMap()) Fail(node, "notice 应为 {to: …, body: […], signer: …, date: …}");
  CheckKeys(node, {"number", "to", "body", "impressions", "attachment", "signer", "date", "cc",
                   "cut_line"},
            "notice");
  NoticeSpec n;
  n.number = OptionalScalar(node, "number");
  n.to = OptionalScalar(node, "to");
  YAML::Node body = node["body"];
  if (!body || !body.IsSequence() || body.size() == 0) Fail(node, "notice.body 应为正文字段的列表");
  for (const auto& b : body) n.body.push_back(ParseNoticeLine(b));
  if (YAML::Node impressions = node["impressions"]) {
    if (!impressions.IsSequence()) Fail(impressions, "notice.impressions 应为印模字段的列表");
    for (const auto& i : impressions) n.impressions.push_back(Scalar(i, "impressions"));
  }
  n.attachment = OptionalScalar(node, "attachment");
  n.signer = RequiredScalar(node, "signer");
  n.date = RequiredScalar(node, "date");
  n.cc = OptionalScalar(node, "cc");
  n.cut_line = OptionalScalar(node, "cut_line");
  return n;
}

ArchiveDefaults ParseArchive(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "archive 应为 {category: …, retention: …}");
  CheckKeys(node, {"category", "retention", "department", "secrecy", "title", "date", "people"},
            "archive");
  ArchiveDefaults a;
  a.category = RequiredScalar(node, "category");
  const std::string retention = RequiredScalar(node, "retention");
  const std::optional<Retention> period = ParseRetentionCode(retention);
  if (!period) {
    Fail(node["retention"],
         "保管期限「" + retention + "」应为 Y（永久）、D30（定期30年）或 D10（定期10年）");
  }
  a.retention = *period;
  a.department = RequiredScalar(node, "department");
  if (node["secrecy"]) {
    const std::string secrecy = Scalar(node["secrecy"], "secrecy");
    const std::optional<Secrecy> level = ParseSecrecy(secrecy);
    if (!level) Fail(node["secrecy"], "密级「" + secrecy + "」应为 公开、内部、秘密 或 机密");
    a.secrecy = *level;
  }
  a.title = RequiredScalar(node, "title");
  a.date_field = OptionalScalar(node, "date");
  if (YAML::Node people = node["people"]) {
    if (!people.IsSequence()) Fail(people, "people 应为字段名列表");
    for (const auto& p : people) a.people_fields.push_back(Scalar(p, "people"));
  }
  return a;
}

// Semantic checks that need the whole template: names unique, layout refers to real
// fields and covers the grid, computed fields are well-formed.
class TemplateChecker {
 public:
  TemplateChecker(const Template& t, const YAML::Node& root) : t_(t), root_(root) {}

  void Run() {
    CheckNamesUnique();
    CheckComputes();
    int columns = static_cast<int>(t_.columns.size());
    CheckGrid(t_.head, columns, "head");
    CheckGrid(t_.tail, columns, "tail");
    CheckArchiveFields();
    CheckApprovalAmount();
    CheckNoticeFields();
    CheckEveryFieldPrinted();
  }

 private:
  [[noreturn]] void FailAt(int line, const std::string& reason) {
    throw TemplateError{line, reason};
  }

  bool IsField(const std::string& name) const {
    return t_.FindField(name) != nullptr || t_.FindColumn(name) != nullptr;
  }

  void CheckNamesUnique() {
    std::set<std::string> seen;
    auto check = [&](const Field& f) {
      if (!seen.insert(f.name).second) FailAt(f.line, "字段名「" + f.name + "」重复");
      if (f.type == FieldType::kSerial && t_.FindField(f.name) == &f) {
        FailAt(f.line, "序号类型只能用在 table 的列中");
      }
    };
    for (const Field& f : t_.fields) check(f);
    if (t_.table) {
      int serials = 0;
      for (const TableColumn& c : t_.table->columns) {
        check(c.field);
        if (c.field.type == FieldType::kSerial && ++serials > 1) {
          FailAt(c.field.line, "table 只能有一个序号列");
        }
      }
    }
  }

  void CheckComputes() {
    for (const Field& f : t_.fields) {
      if (f.compute.empty()) continue;
      std::string fn, column;
      if (!ParseAggregate(f.compute, &fn, &column)) {
        FailAt(f.line, "字段「" + f.name + "」的 compute「" + f.compute +
                           "」应为 sum(列名) 或 count(列名)");
      }
      if (t_.FindColumn(column) == nullptr) {
        FailAt(f.line, "字段「" + f.name + "」的 compute 引用的列「" + column + "」不在 table 中");
      }
    }
    if (!t_.table) return;
    for (const TableColumn& c : t_.table->columns) {
      const Field& f = c.field;
      if (f.compute.empty()) continue;
      std::string a, b;
      if (!ParseProduct(f.compute, &a, &b) || !t_.FindColumn(a) || !t_.FindColumn(b)) {
        FailAt(f.line, "列「" + f.name + "」的 compute「" + f.compute +
                           "」应为 列名*列名（两列都在 table 中）");
      }
    }
  }

  void CheckGrid(const std::vector<std::vector<LayoutCell>>& grid, int columns, const char* what) {
    std::vector<int> covered_until(columns, 0);  // row index up to which a row span covers a column
    for (size_t r = 0; r < grid.size(); ++r) {
      int col = 0;
      int line = grid[r].empty() ? 0 : grid[r].front().line;
      if (&grid == &t_.tail && static_cast<int>(r) == t_.approvals_at &&
          *std::max_element(covered_until.begin(), covered_until.end()) > static_cast<int>(r)) {
        FailAt(line, "跨行的单元格不能跨过审批栏");
      }
      auto skip_spanned = [&] {
        while (col < columns && covered_until[col] > static_cast<int>(r)) ++col;
      };
      for (const LayoutCell& cell : grid[r]) {
        skip_spanned();
        if (!cell.field.empty() && !IsField(cell.field)) {
          FailAt(cell.line, std::string(what) + " 引用的字段「" + cell.field +
                                "」未在 fields 或 table 中定义");
        }
        if (cell.capitals) {
          const Field* f = t_.FindField(cell.field);
          if (f == nullptr || f->type != FieldType::kMoney) {
            FailAt(cell.line, "只有金额字段可以写成大写：「" + cell.field + "」");
          }
        }
        if (col + cell.col_span > columns) {
          FailAt(cell.line, std::string(what) + " 第 " + std::to_string(r + 1) + " 行超出了 " +
                                std::to_string(columns) + " 列");
        }
        if (r + cell.row_span > grid.size()) {
          FailAt(cell.line, "单元格跨行超出了 " + std::string(what) + " 的行数");
        }
        for (int c = col; c < col + cell.col_span; ++c)
          covered_until[c] = static_cast<int>(r) + cell.row_span;
        col += cell.col_span;
      }
      skip_spanned();
      if (col != columns) {
        FailAt(line, std::string(what) + " 第 " + std::to_string(r + 1) + " 行只占了 " +
                         std::to_string(col) + " 列，应占满 " + std::to_string(columns) + " 列");
      }
    }
  }

  void CheckArchiveFields() {
    const ArchiveDefaults& a = t_.archive;
    int line = root_["archive"].Mark().line + 1;
    if (!a.date_field.empty() && !t_.FindField(a.date_field)) {
      FailAt(line, "archive.date 引用的字段「" + a.date_field + "」不存在");
    }
    for (const std::string& p : a.people_fields) {
      if (!t_.FindField(p)) FailAt(line, "archive.people 引用的字段「" + p + "」不存在");
    }
    for (const std::string& name : PlaceholderNames(a.title)) {
      if (!t_.FindField(name)) FailAt(line, "archive.title 引用的字段「" + name + "」不存在");
    }
    for (const std::string& name : PlaceholderNames(t_.title)) {
      if (!t_.FindField(name)) {
        FailAt(root_["title"].Mark().line + 1, "title 引用的字段「" + name + "」不存在");
      }
    }
  }

  void CheckNoticeFields() {
    if (!t_.notice) return;
    const NoticeSpec& n = *t_.notice;
    const int line = root_["notice"].Mark().line + 1;
    auto check = [&](const std::string& name, int at) {
      if (!name.empty() && t_.FindField(name) == nullptr)
        FailAt(at, "notice 引用的字段「" + name + "」未在 fields 中定义");
    };
    for (const std::string* name : {&n.number, &n.to, &n.attachment, &n.signer, &n.date, &n.cc})
      check(*name, line);
    for (const NoticeLine& b : n.body) check(b.field, b.line);  // empty for a fixed text
    for (const std::string& name : n.impressions) {
      check(name, line);
      if (t_.FindField(name)->type != FieldType::kSignature)
        FailAt(line, "notice.impressions 的「" + name + "」应为签字类型（留给印模的方框）");
    }
    if (t_.FindField(n.date)->type != FieldType::kDate)
      FailAt(line, "notice.date 的「" + n.date + "」应为日期字段（成文日期）");
    if (t_.table) FailAt(line, "通知（style: notice）不能有 table");
  }

  // A header field the layout never shows would be asked for, checked, and then lost.
  void CheckEveryFieldPrinted() {
    std::set<std::string> printed;
    if (t_.notice) {
      const NoticeSpec& n = *t_.notice;
      for (const std::string* name : {&n.number, &n.to, &n.attachment, &n.signer, &n.date, &n.cc})
        printed.insert(*name);
      for (const NoticeLine& b : n.body) printed.insert(b.field);
      printed.insert(n.impressions.begin(), n.impressions.end());
    }
    for (const auto* grid : {&t_.head, &t_.tail}) {
      for (const auto& row : *grid) {
        for (const LayoutCell& c : row) printed.insert(c.field);
      }
    }
    for (const std::string& name : PlaceholderNames(t_.title)) printed.insert(name);
    for (const Field& f : t_.fields) {
      if (printed.count(f.name) == 0) {
        FailAt(f.line, "字段「" + f.name + "」没有出现在版面（head/tail）中，打印时会丢失");
      }
    }
  }

  void CheckApprovalAmount() {
    if (!t_.approval_rule) return;
    int line = root_["approval_tiers"].Mark().line + 1;
    const std::string& name = t_.approval_rule->amount_field;
    const Field* f = t_.FindField(name);
    const TableColumn* c = t_.FindColumn(name);
    const Field* numeric = f ? f : (c ? &c->field : nullptr);
    if (!numeric || (numeric->type != FieldType::kMoney && numeric->type != FieldType::kNumber)) {
      FailAt(line, "approval_tiers.amount「" + name + "」应为金额或数字字段");
    }
    if (!t_.approvals.empty()) FailAt(line, "approvals 与 approval_tiers 只能选一个");
  }

  const Template& t_;
  const YAML::Node& root_;
};

void ParseRoot(const YAML::Node& root, Template* t) {
  if (!root.IsMap()) Fail(root, "模板应为键值映射（id、title、fields …）");
  CheckKeys(
      root,
      {"id", "title", "source", "category", "kind", "paper", "orientation", "columns", "fields",
       "table", "head", "tail", "approvals", "approval_tiers", "approval_note", "archive",
       "style", "notice"},
      "模板");
  t->id = RequiredScalar(root, "id");
  t->title = RequiredScalar(root, "title");
  t->source = RequiredScalar(root, "source");
  t->category = RequiredScalar(root, "category");
  std::string kind = RequiredScalar(root, "kind");
  if (kind == "form" || kind == "表单") {
    t->kind = TemplateKind::kForm;
  } else if (kind == "register" || kind == "登记表") {
    t->kind = TemplateKind::kRegister;
  } else {
    Fail(root["kind"], "kind「" + kind + "」应为 form（表单）或 register（登记表）");
  }
  std::string paper = OptionalScalar(root, "paper");
  if (!paper.empty() && paper != "A4")
    Fail(root["paper"], "纸张「" + paper + "」不支持，只支持 A4");
  std::string orientation = OptionalScalar(root, "orientation");
  if (orientation == "landscape" || orientation == "横向") {
    t->orientation = Orientation::kLandscape;
  } else if (!orientation.empty() && orientation != "portrait" && orientation != "纵向") {
    Fail(root["orientation"],
         "方向「" + orientation + "」应为 portrait（纵向）或 landscape（横向）");
  }
  if (YAML::Node fields = root["fields"]) {
    if (!fields.IsSequence()) Fail(fields, "fields 应为字段列表");
    for (const auto& f : fields) t->fields.push_back(ParseField(f));
  }
  if (YAML::Node table = root["table"]) t->table = ParseTable(table);
  if (t->kind == TemplateKind::kRegister && !t->table) Fail(root, "登记表（register）必须有 table");
  const std::string style = OptionalScalar(root, "style");
  if (style == "notice" || style == "通知") {
    t->notice = ParseNotice(root);
  } else if (!style.empty()) {
    Fail(root["style"], "style「" + style + "」应为 notice（通知、公告等公文版式）");
  } else if (root["notice"]) {
    Fail(root["notice"], "notice 只用于 style: notice 的模板");
  }
  if (YAML::Node columns = root["columns"]) {
    if (t->table) Fail(columns, "有 table 时列宽由 table 的列给出，不要再写 columns");
    if (!columns.IsSequence() || columns.size() == 0) Fail(columns, "columns 应为列宽列表");
    for (const auto& c : columns) {
      t->columns.push_back(Number(c, "columns"));
      if (t->columns.back() <= 0 || t->columns.back() > 200) Fail(c, "列宽应在 0 到 200 之间");
    }
  } else if (t->table) {
    for (const TableColumn& c : t->table->columns) t->columns.push_back(c.width);
  } else if (t->notice) {
    t->columns = {16, 64};  // a notice's spreadsheet: caption and value
  } else {
    Fail(root, "没有 table 的模板需要 columns（列宽列表）");
  }
  t->head = ParseGrid(root["head"], "head");
  t->tail = ParseGrid(root["tail"], "tail", &t->approvals_at);
  if (YAML::Node approvals = root["approvals"]) {
    if (!approvals.IsSequence()) Fail(approvals, "approvals 应为审批步骤列表");
    for (const auto& a : approvals) t->approvals.push_back(Scalar(a, "approvals"));
  }
  if (YAML::Node tiers = root["approval_tiers"]) t->approval_rule = ParseApprovalTiers(tiers);
  t->approval_note = OptionalScalar(root, "approval_note");
  if (!root["archive"]) Fail(root, "缺少必填项「archive」（归档默认值）");
  t->archive = ParseArchive(root["archive"]);
}

}  // namespace

const char* FieldTypeName(FieldType type) {
  for (const auto& info : kFieldTypes) {
    if (info.type == type) return info.chinese;
  }
  return "?";
}

std::string Template::DisplayTitle() const {
  std::string out = title;
  for (const std::string& name : PlaceholderNames(title)) {
    size_t p = out.find("{" + name + "}");
    if (p != std::string::npos) out.replace(p, name.size() + 2, "××");
  }
  return out;
}

const Field* Template::FindField(const std::string& name) const {
  for (const Field& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const TableColumn* Template::FindColumn(const std::string& name) const {
  if (!table) return nullptr;
  for (const TableColumn& c : table->columns) {
    if (c.field.name == name) return &c;
  }
  return nullptr;
}

Status LoadTemplate(const std::string& path, Template* out) {
  Template t;
  t.path = path;
  try {
    YAML::Node root = YAML::LoadFile(path);
    ParseRoot(root, &t);
    if (t.approval_rule) {
      t.approval_rule->from_table = t.FindField(t.approval_rule->amount_field) == nullptr;
    }
    TemplateChecker(t, root).Run();
  } catch (const YAML::BadFile&) {
    return Status::NotFound("模板 " + path + "：文件不存在或无法读取");
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument("模板 " + path + " 第 " + std::to_string(e.mark.line + 1) +
                                   " 行：YAML 格式错误（" + e.msg + "）");
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("模板 " + path + " 第 " + std::to_string(e.mark.line + 1) +
                                   " 行：" + e.msg);
  } catch (const TemplateError& e) {
    return Status::InvalidArgument("模板 " + path + " 第 " + std::to_string(e.line) + " 行：" +
                                   e.reason);
  }
  *out = std::move(t);
  return Status::Ok();
}

Status LoadTemplateDir(const std::string& dir, std::vector<Template>* out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return Status::NotFound("模板目录 " + dir + " 不存在或无法读取");
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0) files.push_back(name);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  std::vector<Template> templates;
  for (const std::string& name : files) {
    Template t;
    DANGAN_RETURN_IF_ERROR(LoadTemplate(dir + "/" + name, &t));
    if (name != t.id + ".yaml") {
      return Status::InvalidArgument("模板 " + t.path + "：文件名应与 id 一致（" + t.id +
                                     ".yaml）");
    }
    templates.push_back(std::move(t));
  }
  *out = std::move(templates);
  return Status::Ok();
}

}  // namespace dangan
