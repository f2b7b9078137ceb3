// Binding data to templates: checks, computed values, row numbers and approval chains.
#include <catch2/catch.hpp>

#include "dangan/generator/document.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::WriteFile;

namespace {

// True when `s` carries a problem with `code` about `field` at `row` (0: not about a row).
bool HasProblem(const Status& s, const std::string& code, const std::string& field,
                int64_t row = 0) {
  for (const Problem& p : s.problems()) {
    if (p.code == code && p.field == field && p.row == row) return true;
  }
  return false;
}

Template LoadTemplateOrDie(const std::string& id) {
  Template t;
  Status s = LoadTemplate(SourcePath("templates/" + id + ".yaml"), &t);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return t;
}

Status BindJson(const Template& t, const std::string& json, Document* doc) {
  std::string path = WriteFile(ScratchDir("bind") + "/data.json", json);
  std::vector<RawRecord> records;
  DANGAN_RETURN_IF_ERROR(ReadData(t, path, {}, &records));
  REQUIRE(records.size() == 1);
  return BindDocument(t, std::move(records[0]), doc);
}

// An office-supply application whose single line costs `amount`.
std::string SupplyApplication(const std::string& amount) {
  return R"({"申请部门": "市场部", "申请日期": "2024-03-05", "申请类别": "采购", "申请人": "王建国",
             "明细": [{"物品名称": "复印纸", "数量": 1, "单价": ")" +
         amount + R"("}]})";
}

std::vector<std::string> ChainFor(const Template& t, const std::string& amount) {
  Document doc;
  Status s = BindJson(t, SupplyApplication(amount), &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return doc.approval_chain;
}

}  // namespace

TEST_CASE("office-supply approval follows the amount tiers at and around their boundaries",
          "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  using Chain = std::vector<std::string>;
  CHECK(ChainFor(t, "0.01") == Chain{"办公室主任审批"});
  CHECK(ChainFor(t, "299.99") == Chain{"办公室主任审批"});
  CHECK(ChainFor(t, "300") == Chain{"办公室主任审批"});
  CHECK(ChainFor(t, "300.01") == Chain{"办公室主任审核", "行政副总审批"});
  CHECK(ChainFor(t, "2999.99") == Chain{"办公室主任审核", "行政副总审批"});
  CHECK(ChainFor(t, "3000") == Chain{"办公室主任审核", "行政副总审批"});
  CHECK(ChainFor(t, "3000.01") == Chain{"行政副总审核", "总经理审批"});
  CHECK(ChainFor(t, "¥12,500.00") == Chain{"行政副总审核", "总经理审批"});
}

TEST_CASE("approval boundaries are the template's to configure", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  t.approval_rule->tiers[0].up_to = 500;
  CHECK(ChainFor(t, "450") == std::vector<std::string>{"办公室主任审批"});
}

TEST_CASE("scrap approval follows the original unit value: >1000 deputy GM, >5000 GM", "[binder]") {
  Template t = LoadTemplateOrDie("O-17");
  REQUIRE(t.approval_rule);
  const auto& tiers = t.approval_rule->tiers;
  REQUIRE(tiers.size() == 3);
  CHECK(*tiers[0].up_to == 1000);
  CHECK(*tiers[1].up_to == 5000);
  CHECK(tiers[1].chain.back() == "副总经理审批");
  CHECK(tiers[2].chain.back() == "总经理审批");
  // The sample's item is worth between 1000 and 5000: the deputy GM approves.
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, SourcePath("samples/O-17.json"), {}, &records).ok());
  Document doc;
  Status s = BindDocument(t, std::move(records[0]), &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(doc.approval_chain == tiers[1].chain);
}

TEST_CASE("all problems of a record are listed at once, each naming its field", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  Document doc;
  Status s = BindJson(t, R"({"申请日期": "2024-02-30", "申请类别": "借用",
      "明细": [{"物品名称": "笔", "数量": "三", "单价": 2}, {"数量": 1, "单价": 1}]})",
                      &doc);
  REQUIRE_FALSE(s.ok());
  INFO(s.ToString());
  CHECK(HasProblem(s, problem_codes::kRequired, "申请部门"));
  CHECK(HasProblem(s, problem_codes::kRequired, "申请人"));
  CHECK(HasProblem(s, problem_codes::kInvalidDate, "申请日期"));
  CHECK(HasProblem(s, problem_codes::kNotAChoice, "申请类别"));
  CHECK(HasProblem(s, problem_codes::kInvalidNumber, "数量", 1));
  CHECK(HasProblem(s, problem_codes::kRequired, "物品名称", 2));
  // What the clerk reads: the place, the field, the value and the reason.
  const std::string msg = s.ToString();
  CHECK_THAT(msg, Catch::Contains("申请日期：值「2024-02-30」不是有效的日期"));
  CHECK_THAT(msg, Catch::Contains("第 1 行 数量：值「三」不是数字"));
  CHECK_THAT(msg, Catch::Contains("第 2 行 物品名称：必填"));
}

TEST_CASE("traditional and full-width input is understood", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  Document doc;
  Status s =
      BindJson(t, R"({"申請部門": "檔案室", "申请日期": "２０２４年３月５日", "申请类别": "領用",
      "申请人": "陳曉東", "明细": [{"物品名稱": "檔案盒", "数量": "１０", "单价": "¥１２.５"}]})",
               &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(doc.values.at("申请部门") == "檔案室");
  CHECK(doc.values.at("申请类别") == "领用");
  CHECK(doc.values.at("申请日期") == "2024年3月5日");
  CHECK(doc.values.at("合计金额") == "125.00");
}

TEST_CASE("a line amount that disagrees with quantity times price is refused", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  Document doc;
  Status s = BindJson(
      t, R"({"申请部门": "市场部", "申请日期": "2024-03-05", "申请类别": "采购", "申请人": "王建国",
      "明细": [{"物品名称": "复印纸", "数量": 4, "单价": 160, "金额": 600}]})",
      &doc);
  REQUIRE_FALSE(s.ok());
  CHECK(HasProblem(s, problem_codes::kComputedMismatch, "金额", 1));
  CHECK_THAT(s.ToString(), Catch::Contains("金额：应为 数量×单价 = 640.00，而数据中是 600.00"));
}

TEST_CASE("register rows are numbered without gaps, continuing from a given start", "[binder]") {
  std::string dir = ScratchDir("serial");
  std::string tpath = WriteFile(dir + "/T-02.yaml", R"(id: T-02
title: 测试登记表
source: 测试
category: 印章
kind: register
table:
  columns:
    - {name: 序号, type: 序号, width: 6}
    - {name: 事由, type: 文本, required: true, width: 20}
archive: {category: WS, retention: Y, department: BGS, title: 测试}
)");
  Template t;
  REQUIRE(LoadTemplate(tpath, &t).ok());
  std::string csv = WriteFile(dir + "/rows.csv", "事由\n合同盖章\n\n介绍信\n\"报表, 年度\"\n");
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, csv, {{"起始序号", "101"}}, &records).ok());
  Document doc;
  Status s = BindDocument(t, std::move(records[0]), &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  REQUIRE(doc.rows.rows() == 3);  // the blank line is not a row
  CHECK(doc.first_serial == 101);
  CHECK(doc.rows.at(2, 1) == "报表, 年度");
}

TEST_CASE("CSV quoting: doubled quotes, line breaks and quotes inside plain text", "[binder]") {
  std::string dir = ScratchDir("csv-quoting");
  std::string tpath = WriteFile(dir + "/T-03.yaml", R"(id: T-03
title: 测试登记表
source: 测试
category: 印章
kind: register
table:
  columns:
    - {name: 事由, type: 多行文本, width: 20}
    - {name: 备注, type: 文本, width: 20}
archive: {category: WS, retention: Y, department: BGS, title: 测试}
)");
  Template t;
  REQUIRE(LoadTemplate(tpath, &t).ok());
  std::string csv = WriteFile(dir + "/rows.csv",
                              "事由,备注\r\n\"他说\"\"好\"\"\",5\"寸\"\r\n\"第一行\n第二行\",\"\"\n"
                              "\"ab\"cd,\"\"\"x\"\n");
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, csv, {}, &records).ok());
  const RowTable& rows = records[0].rows;
  REQUIRE(rows.rows() == 3);
  CHECK(rows.at(0, 0) == "他说\"好\"");
  CHECK(rows.at(0, 1) == "5\"寸\"");
  CHECK(rows.at(1, 0) == "第一行\n第二行");
  CHECK(rows.at(1, 1) == "");
  CHECK(rows.at(2, 0) == "abcd");
  CHECK(rows.at(2, 1) == "\"x");
  std::string open_quote = WriteFile(dir + "/open.csv", "事由,备注\n\"没有闭合,1\n");
  records.clear();
  Status s = ReadData(t, open_quote, {}, &records);
  REQUIRE_FALSE(s.ok());
  CHECK(HasProblem(s, problem_codes::kInvalidData, "", 2));
  CHECK_THAT(s.ToString(), Catch::Contains("第 2 行：引号没有闭合"));
}

TEST_CASE("register dates, counts and numbers are checked in every spelling", "[binder]") {
  Template t = LoadTemplateOrDie("S-04");
  std::string dir = ScratchDir("csv-values");
  const std::string head = "用印日期,用印部门,经办人,文件名称,份数,印章名称,用印目的\n";
  auto bind = [&](const std::string& row, Document* doc) {
    std::string csv = WriteFile(dir + "/rows.csv", head + row + "\n");
    std::vector<RawRecord> records;
    DANGAN_RETURN_IF_ERROR(ReadData(t, csv,
                                    {{"保管部门", "行政管理部"},
                                     {"印章保管人", "李娜"},
                                     {"册号", "2024-01"},
                                     {"起始日期", "2024年1月2日"}},
                                    &records));
    return BindDocument(t, std::move(records[0]), doc);
  };
  Document doc;
  Status s = bind("２０２４年２月２９日,办公室,王建国,合同,３,合同专用章,对外", &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(doc.values.at("用印总份数") == "3");
  CHECK(doc.values.at("起始日期") == "2024年1月2日");
  s = bind("2023-02-29,办公室,王建国,合同,1,合同专用章,对外", &doc);
  CHECK_THAT(s.ToString(), Catch::Contains("不是有效的日期"));
  s = bind("2024-3,办公室,王建国,合同,1,合同专用章,对外", &doc);
  CHECK_THAT(s.ToString(), Catch::Contains("不是日期"));
  s = bind("2024-3-5-1,办公室,王建国,合同,1,合同专用章,对外", &doc);
  CHECK_THAT(s.ToString(), Catch::Contains("不是日期"));
  s = bind("2024年3月5号,办公室,王建国,合同,1,合同专用章,对外", &doc);
  CHECK_THAT(s.ToString(), Catch::Contains("不是日期"));
  s = bind("2024/3/5,办公室,王建国,合同,0,合同专用章,对外", &doc);
  CHECK(HasProblem(s, problem_codes::kOutOfRange, "份数", 2));
  CHECK_THAT(s.ToString(), Catch::Contains("份数：值「0」不能小于 1"));
  s = bind("2024.3.5,办公室,王建国,合同,2x,合同专用章,对外", &doc);
  CHECK_THAT(s.ToString(), Catch::Contains("不是数字"));
  s = bind("2024.3.5,办公室,王建国,合同,2,合同專用章,对外", &doc);
  INFO(s.ToString());
  CHECK(s.ok());
}

TEST_CASE("a register whose given numbers skip one is refused naming the row", "[binder]") {
  Template t = LoadTemplateOrDie("S-04");
  const std::string serial = t.table->columns[0].field.name;
  REQUIRE(t.table->columns[0].field.type == FieldType::kSerial);
  // Build rows with only the serial column and the required columns left empty: the serial
  // complaint must be among the problems.
  std::string json = "[{\"" + serial + "\": 1}, {\"" + serial + "\": 2}, {\"" + serial + "\": 4}]";
  Document doc;
  Status s = BindJson(t, json, &doc);
  REQUIRE_FALSE(s.ok());
  CHECK(HasProblem(s, problem_codes::kSerialGap, serial, 3));
  CHECK_THAT(s.ToString(), Catch::Contains("第 3 行 " + serial + "：应为 3，而不是 4"));
}

TEST_CASE("CSV data with an unknown column is refused naming the column", "[binder]") {
  Template t = LoadTemplateOrDie("S-04");
  std::string path =
      WriteFile(ScratchDir("csv") + "/bad.csv", "\xEF\xBB\xBF序号,不存在的列\n1,x\n");
  std::vector<RawRecord> records;
  Status s = ReadData(t, path, {}, &records);
  REQUIRE_FALSE(s.ok());
  CHECK(HasProblem(s, problem_codes::kUnknownField, "不存在的列", 1));
  CHECK_THAT(s.ToString(), Catch::Contains("不存在的列：表格中没有这一列"));
}

TEST_CASE("malformed JSON is refused with its line number", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  std::string path =
      WriteFile(ScratchDir("json") + "/bad.json", "{\n  \"申请部门\": \"市场部\",\n  oops\n}");
  std::vector<RawRecord> records;
  Status s = ReadData(t, path, {}, &records);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.ToString(), Catch::Contains("bad.json 第 3 行：JSON 格式错误"));
}

TEST_CASE("every generated document gets its own document number", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  std::string json = "[" + SupplyApplication("10") + "," + SupplyApplication("20") + "]";
  std::string path = WriteFile(ScratchDir("docno") + "/two.json", json);
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, path, {}, &records).ok());
  REQUIRE(records.size() == 2);
  Document a, b;
  REQUIRE(BindDocument(t, records[0], &a).ok());
  REQUIRE(BindDocument(t, records[1], &b).ok());
  CHECK(a.doc_number.rfind("O-09-", 0) == 0);
  CHECK(a.doc_number != b.doc_number);
}

TEST_CASE("an empty data file is refused as empty", "[binder]") {
  Template t = LoadTemplateOrDie("O-09");
  std::string path = WriteFile(ScratchDir("empty") + "/empty.json", "\n  \n");
  std::vector<RawRecord> records;
  Status s = ReadData(t, path, {}, &records);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.ToString(), Catch::Contains("empty.json：文件为空"));
}
