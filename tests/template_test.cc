// Templates: every shipped template loads, and a broken one is refused with file, line, reason.
#include "dangan/generator/template.h"

#include <catch2/catch.hpp>

#include "support/test_paths.h"

using namespace dangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::WriteFile;

namespace {

const char kGoodTemplate[] = R"(id: T-01
title: 测试登记表
source: 《测试制度》第一条
category: 文书档案
kind: register
fields:
  - {name: 年度, type: 数字, required: true}
table:
  columns:
    - {name: 序号, type: 序号, width: 6}
    - {name: 姓名, type: 人员, required: true, width: 10}
    - {name: 日期, type: 日期, width: 12}
head:
  - [年度, $年度*2]
archive: {category: WS, retention: Y, department: BGS, title: "{年度}年测试登记表"}
)";

std::string Load(const std::string& text, Template* t) {
  std::string path = WriteFile(ScratchDir("tmpl") + "/T-01.yaml", text);
  Status s = LoadTemplate(path, t);
  return s.ok() ? "" : s.ToString();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t p = text.find(from);
  REQUIRE(p != std::string::npos);
  return text.replace(p, from.size(), to);
}

}  // namespace

TEST_CASE("every shipped template loads and lists its fields", "[template]") {
  std::vector<Template> templates;
  Status s = LoadTemplateDir(SourcePath("templates"), &templates);
  INFO(s.ToString());
  REQUIRE(s.ok());
  REQUIRE(templates.size() >= 60);
  for (const Template& t : templates) {
    INFO(t.id);
    CHECK(!t.title.empty());
    CHECK(!t.source.empty());
    CHECK((t.fields.size() + (t.table ? t.table->columns.size() : 0)) >= 3);
    CHECK(!t.archive.category.empty());
  }
}

TEST_CASE("the issue's required forms are all present", "[template]") {
  for (const char* id :
       {"M-01", "M-04", "M-07", "M-08", "M-10",  "M-12",  "O-04", "O-09",  "O-06",  "O-07",
        "O-15", "O-17", "O-18", "O-01", "O-02",  "S-01",  "S-04", "S-07",  "S-08",  "S-11",
        "D-01", "D-02", "D-03", "D-06", "GD-01", "GD-02", "C-01", "F-B01", "F-A04", "F-A05"}) {
    Template t;
    Status s = LoadTemplate(SourcePath(std::string("templates/") + id + ".yaml"), &t);
    INFO(id << ": " << s.ToString());
    CHECK(s.ok());
  }
}

// Issue 18 §1 names these forms one by one; each must load and name its regulation.
TEST_CASE("every form the regulations name for issue 18 has a template", "[template]") {
  for (const char* id :
       {"M-05",  "M-09",  "O-03",   "O-05",   "O-08",  "O-10A", "O-10B",  "O-11",   "O-12",
        "S-02",  "S-03",  "S-05",   "S-10",   "D-07",  "F-A02", "F-A03",  "F-A06",  "F-A08",
        "F-A10", "F-A14", "F-B02",  "F-B03",  "F-B05", "F-B06", "F-B08A", "F-B08B", "F-B09",
        "F-B10", "F-B11", "F-B13A", "F-B13B", "F-B15", "F-G06", "F-G07"}) {
    Template t;
    Status s = LoadTemplate(SourcePath(std::string("templates/") + id + ".yaml"), &t);
    INFO(id << ": " << s.ToString());
    REQUIRE(s.ok());
    CHECK(t.id == id);
    CHECK_THAT(t.source, Catch::Contains("《"));
  }
}

TEST_CASE("a well-formed template loads with its grid taken from the table", "[template]") {
  Template t;
  REQUIRE(Load(kGoodTemplate, &t) == "");
  CHECK(t.kind == TemplateKind::kRegister);
  CHECK(t.columns.size() == 3);
  REQUIRE(t.table);
  CHECK(t.table->columns[0].field.type == FieldType::kSerial);
  CHECK(t.head[0][1].col_span == 2);
}

TEST_CASE("an unknown field type is refused naming file, line and the allowed types",
          "[template]") {
  Template t;
  std::string err = Load(Replace(kGoodTemplate, "type: 日期", "type: 货币"), &t);
  CHECK_THAT(err, Catch::Contains("T-01.yaml 第 12 行"));
  CHECK_THAT(err, Catch::Contains("类型「货币」不存在"));
  CHECK_THAT(err, Catch::Contains("金额"));
}

TEST_CASE("a layout row that does not fill the grid is refused with its line", "[template]") {
  Template t;
  std::string err = Load(Replace(kGoodTemplate, "[年度, $年度*2]", "[年度, $年度]"), &t);
  CHECK_THAT(err, Catch::Contains("第 14 行"));
  CHECK_THAT(err, Catch::Contains("应占满 3 列"));
}

TEST_CASE("a layout cell naming an undefined field is refused", "[template]") {
  Template t;
  std::string err = Load(Replace(kGoodTemplate, "$年度*2", "$年份*2"), &t);
  CHECK_THAT(err, Catch::Contains("字段「年份」未在 fields 或 table 中定义"));
}

TEST_CASE("broken YAML is refused with the line of the syntax error", "[template]") {
  Template t;
  std::string err = Load(Replace(kGoodTemplate, "kind: register", "kind: [register"), &t);
  CHECK_THAT(err, Catch::Contains("YAML 格式错误"));
  CHECK_THAT(err, Catch::Contains("T-01.yaml 第"));
}

TEST_CASE("a retention code outside Y/D30/D10 is refused", "[template]") {
  Template t;
  std::string err = Load(Replace(kGoodTemplate, "retention: Y", "retention: 长期"), &t);
  CHECK_THAT(err, Catch::Contains("保管期限「长期」"));
}

TEST_CASE("missing archive defaults are refused", "[template]") {
  Template t;
  std::string text = kGoodTemplate;
  text = text.substr(0, text.find("archive:"));
  std::string err = Load(text, &t);
  CHECK_THAT(err, Catch::Contains("缺少必填项「archive」"));
}

TEST_CASE("approval tiers must rise and end with an open tier", "[template]") {
  Template t;
  std::string tiers = R"(approval_tiers:
  amount: 年度
  tiers:
    - {up_to: 3000, chain: [甲]}
    - {up_to: 300, chain: [乙]}
    - {chain: [丙]}
)";
  std::string err = Load(std::string(kGoodTemplate) + tiers, &t);
  CHECK_THAT(err, Catch::Contains("逐档增大"));
}

TEST_CASE("a missing template file is reported as not found", "[template]") {
  Template t;
  Status s = LoadTemplate(ScratchDir("none") + "/X-99.yaml", &t);
  CHECK(s.code() == Status::Code::kNotFound);
  CHECK_THAT(s.ToString(), Catch::Contains("X-99.yaml"));
}

TEST_CASE("a field the layout never prints is refused", "[template]") {
  Template t;
  std::string text =
      Replace(kGoodTemplate, "  - {name: 年度, type: 数字, required: true}",
              "  - {name: 年度, type: 数字, required: true}\n  - {name: 备注, type: 文本}");
  std::string err = Load(text, &t);
  CHECK_THAT(err, Catch::Contains("第 8 行"));
  CHECK_THAT(err, Catch::Contains("字段「备注」没有出现在版面"));
}

// Found by fuzzing (fuzz/regressions/template_loader): sizes and counts that do not fit the int
// or size_t the layout keeps them in were converted anyway (undefined behaviour), and a span
// written as "标题*99999999999" threw std::out_of_range past the loader.
TEST_CASE("sizes and counts out of range are refused naming the key and the line", "[template]") {
  Template t;
  std::string err = Load(Replace(kGoodTemplate, "type: 人员, required: true",
                                 "type: 人员, required: true, max_length: 4.4e53"),
                         &t);
  CHECK_THAT(err, Catch::Contains("T-01.yaml 第 11 行"));
  CHECK_THAT(err, Catch::Contains("「max_length」应为 1 到 1000000 之间的整数"));
  err = Load(Replace(kGoodTemplate, "width: 12}", "width: .nan}"), &t);
  CHECK_THAT(err, Catch::Contains("「width」应为数字，而不是「.nan」"));
  err = Load(Replace(kGoodTemplate, "[年度, $年度*2]", "[年度, $年度*99999999999]"), &t);
  CHECK_THAT(err, Catch::Contains("跨列数过大"));
  err = Load(Replace(kGoodTemplate, "columns:\n", "min_rows: -3\n  columns:\n"), &t);
  CHECK_THAT(err, Catch::Contains("「min_rows」应为 0 到 1000 之间的整数"));
}
