// Template: one regulation form or register, loaded from a YAML file in templates/.
// The file format is documented in templates/README.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dangan/generator/sheet.h"
#include "dangan/base/status.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"

namespace dangan {

enum class FieldType {
  kText,       // 文本
  kMultiline,  // 多行文本
  kDate,       // 日期
  kTime,       // 时间
  kNumber,     // 数字
  kMoney,      // 金额
  kChoice,     // 选项
  kPerson,     // 人员
  kSignature,  // 签字 (left blank for the pen unless a name is given)
  kSerial,     // 序号: register row number, gap-free
};

// Chinese and English names of a type, as written in templates ("date" or "日期").
const char* FieldTypeName(FieldType type);

struct Field {
  std::string name;  // Chinese field name; also the key in data files
  FieldType type = FieldType::kText;
  bool required = false;
  std::optional<size_t> max_length;  // characters
  std::optional<double> min, max;    // number / money
  std::vector<std::string> options;  // choice
  int lines = 1;                     // multiline: lines reserved on the printed form
  std::string compute;  // "数量*单价" (row) or "sum(金额)" (header); empty = entered
  std::string note;     // hint shown by `dangan forms show`
  int line = 0;         // line in the template file, for messages
};

// One cell of a layout row: a printed caption, a field's value, or a field's amount in capitals.
struct LayoutCell {
  std::string label;  // caption (when field is empty)
  std::string field;
  bool capitals = false;  // money printed in Chinese capitals (大写金额)
  int col_span = 1;
  int row_span = 1;
  Align align = Align::kLeft;
  bool align_set = false;
  int line = 0;
};

struct TableColumn {
  Field field;
  double width = 10;
  Align align = Align::kCenter;
};

// The table of a register (rows running over pages) or the line items of a form.
struct TableSpec {
  std::vector<TableColumn> columns;
  int min_rows = 0;            // printed blank rows a form offers for handwriting
  std::string red_when_field;  // a row whose field `red_when_field` is non-empty prints in red
};

// Approval chain chosen by an amount: the first tier whose `up_to` is >= the amount applies.
struct ApprovalTier {
  std::optional<double> up_to;  // inclusive upper bound; empty = no bound (last tier)
  std::vector<std::string> chain;
};

struct ApprovalRule {
  std::string amount_field;  // header field, or a table column (then `aggregate` applies)
  bool from_table = false;
  bool aggregate_max = false;  // table column: max instead of sum
  std::vector<ApprovalTier> tiers;
};

struct ArchiveDefaults {
  std::string category;                    // 门类, e.g. WS
  Retention retention = Retention::kPermanent;
  std::string department;                  // 机构 code, e.g. BGS
  Secrecy secrecy = kDefaultSecrecy;       // 密级
  std::string title;                       // 题名 pattern with {字段} placeholders
  std::string date_field;                  // field giving the item's date
  std::vector<std::string> people_fields;  // 责任者
};

enum class TemplateKind { kForm, kRegister };

// A line of a notice's body: a field's value as its own paragraph(s), "caption：value", or a
// fixed text (a letter's 此致 / 敬礼).
struct NoticeLine {
  std::string label;  // empty: the value alone
  std::string field;  // empty: `text` is printed
  std::string text;
  bool indent = true;  // first line two characters in; false for 敬礼, flush left
  int line = 0;
};

// `style: notice`: a 公文 laid out as GB/T 9704-2012 asks (title, 主送, 正文, 落款, 成文日期)
// instead of a grid. Each member names a header field; empty = not printed.
struct NoticeSpec {
  std::string number;                   // 发文字号, centred above the red separator line
  std::string to;                       // 主送机关
  std::vector<NoticeLine> body;         // 正文, in order
  std::vector<std::string> impressions; // 印模 boxes (signature fields) under the body
  std::string attachment;               // 附件说明
  std::string signer;                   // 发文机关署名
  std::string date;                     // 成文日期
  std::string cc;                       // 抄送 (版记)
  // The head/tail grid, when given, is a counterfoil (存根) above this cut line (介绍信).
  std::string cut_line;
};

struct Template {
  std::string path;  // file it was loaded from
  std::string id;
  std::string title;
  std::string source;
  std::string category;  // 会议 / 办公用品 / 印章 / 文书档案 / 客户服务 (for listings)
  TemplateKind kind = TemplateKind::kForm;
  Orientation orientation = Orientation::kPortrait;
  std::vector<double> columns;  // grid column widths
  std::vector<Field> fields;    // header fields (outside the table)
  std::optional<TableSpec> table;
  std::vector<std::vector<LayoutCell>> head;  // grid rows above the table
  std::vector<std::vector<LayoutCell>> tail;  // grid rows below the table
  int approvals_at = -1;  // tail row before which the approval block goes; -1 = after the tail
  std::vector<std::string> approvals;         // fixed approval chain
  std::optional<ApprovalRule> approval_rule;  // chain chosen by amount
  std::string approval_note;                  // printed under the approval block
  ArchiveDefaults archive;
  std::optional<NoticeSpec> notice;  // `style: notice`

  // The title for listings: {字段} placeholders shown as ××, as the regulation names the form.
  std::string DisplayTitle() const;

  const Field* FindField(const std::string& name) const;  // header fields only
  const TableColumn* FindColumn(const std::string& name) const;
};

// Loads and checks one template. Errors name the file, the line and the reason.
Status LoadTemplate(const std::string& path, Template* out);

// Loads every *.yaml in `dir`, sorted by id. The first broken template stops the load.
Status LoadTemplateDir(const std::string& dir, std::vector<Template>* out);

}  // namespace dangan
