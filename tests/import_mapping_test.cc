// Import mapping: finding the header row below merged title rows, columns mapped by field name,
// synonym, traditional spelling and mapping file, values normalised, the mapping file's format.
#include <catch2/catch.hpp>

#include "dangan/importers/import.h"
#include "dangan/importers/import_values.h"
#include "dangan/records/danghao.h"
#include "importers/src/import_internal.h"  // private part, tested on purpose
#include "support/test_paths.h"

namespace dangan {
namespace {

using import::FieldSpec;
using import::SheetData;
using import::SheetLayout;
using test::ScratchDir;
using test::SourcePath;
using test::WriteFile;

SheetCell Text(const std::string& s) { return {SheetCellType::kText, s, 0}; }
SheetCell Number(double n, const std::string& shown) { return {SheetCellType::kNumber, shown, n}; }

SheetRow Row(int number, std::vector<SheetCell> cells) {
  SheetRow r;
  r.number = number;
  r.cells = std::move(cells);
  return r;
}

SheetData CatalogueSheet() {
  SheetData s;
  s.name = "归档文件目录";
  s.rows.push_back(Row(1, {Text("华东精密机械有限公司归档文件目录")}));
  s.rows.push_back(Row(2, {Text("（2015年度）"), Text(""), Text("制表：档案室")}));
  s.rows.push_back(Row(3, {Text("檔號"), Text("年度"), Text("期限"), Text("部門"), Text("文件題名"),
                           Text("發文單位"), Text("成文日期"), Text("页数（页）"), Text("密級"),
                           Text("档案馆代码")}));
  s.rows.push_back(
      Row(4, {Text("Z109-WS．2015-Y-BGS-0001"), Number(2015, "2015"), Text("永久"), Text("BGS"),
              Text("关于印发工作要点的通知"), Text("华东精密"), Text("二〇一五年三月十八日"),
              Number(6, "6"), Text("內部"), Text("X1")}));
  s.rows.push_back(Row(5, {}));
  s.rows.push_back(Row(6, {Text("合计"), Text(""), Text(""), Text(""), Text(""), Text(""), Text(""),
                           Number(6, "6")}));
  s.merged.push_back({1, 1, 1, 10});
  return s;
}

int FieldIndex(const std::vector<FieldSpec>& fields, const std::string& name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

TEST_CASE("the header row is found below title rows and mapped by names and synonyms",
          "[import][mapping]") {
  SheetData sheet = CatalogueSheet();
  std::vector<FieldSpec> fields = import::CatalogueFields();
  SheetLayout layout = import::MapSheet(sheet, fields, ImportMapping());
  REQUIRE(layout.header_index == 2);
  // Traditional headers and synonyms: 檔號 → 档号, 期限 → 保管期限, 部門 → 机构, 文件題名 → 题名,
  // 發文單位 → 责任者, 成文日期 → 日期, 页数（页） → 页数, 密級 → 密级.
  const char* expected[] = {"档号",   "年度", "保管期限", "机构", "题名",
                            "责任者", "日期", "页数",     "密级"};
  for (int c = 0; c < 9; ++c) {
    INFO("column " << c);
    CHECK(layout.field_of[c] == FieldIndex(fields, expected[c]));
  }
  CHECK(layout.field_of[9] == -1);
  CHECK(layout.columns[0].how == "字段名");  // 檔號 folds to the field's own name
  CHECK(layout.columns[2].how == "同义词");
  CHECK(layout.columns[9].how == "未识别");
  // The blank row and the 合计 row are not data.
  std::vector<import::MappedRow> rows = import::DataRows(sheet, layout, fields.size());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].row->number == 4);
}

TEST_CASE("a mapping file maps columns by name or letter and can ignore them",
          "[import][mapping]") {
  SheetData sheet = CatalogueSheet();
  sheet.rows[2].cells[4] = Text("案卷标题XX");
  ImportMapping mapping;
  mapping.columns["案卷标题XX"] = "题名";
  mapping.columns["J"] = "备注";
  std::vector<FieldSpec> fields = import::CatalogueFields();
  SheetLayout layout = import::MapSheet(sheet, fields, mapping);
  REQUIRE(layout.header_index == 2);
  CHECK(layout.field_of[4] == FieldIndex(fields, "题名"));
  CHECK(layout.columns[4].how == "映射文件");
  CHECK(layout.field_of[9] == FieldIndex(fields, "备注"));
  mapping.columns["J"] = "忽略";
  layout = import::MapSheet(sheet, fields, mapping);
  CHECK(layout.field_of[9] == -1);
  CHECK(layout.columns[9].how == "忽略");
}

TEST_CASE("register columns map through the shared synonym table", "[import][mapping]") {
  Template t;
  REQUIRE(LoadTemplate(SourcePath("templates/S-04.yaml"), &t).ok());
  std::vector<FieldSpec> fields = import::RegisterFields(t);
  SheetData sheet;
  sheet.name = "用印";
  sheet.rows.push_back(
      Row(1, {Text("序号"), Text("日期"), Text("部门"), Text("經手人"), Text("文件题名"),
              Text("编号"), Text("份数"), Text("印章"), Text("事由"), Text("备注")}));
  SheetLayout layout = import::MapSheet(sheet, fields, ImportMapping());
  REQUIRE(layout.header_index == 0);
  const char* expected[] = {"序号",     "用印日期", "用印部门", "经办人",   "文件名称",
                            "文件编号", "份数",     "印章名称", "用印目的", "备注"};
  for (int c = 0; c < 10; ++c) {
    INFO("column " << c);
    CHECK(layout.field_of[c] == FieldIndex(fields, expected[c]));
  }
}

TEST_CASE("values are normalised as old catalogues write them", "[import][mapping]") {
  std::string iso;
  for (const char* text : {"2015-03-18", "2015.3.18", "2015/3/18", "2015年3月18日",
                           "二〇一五年三月十八日", "２０１５年３月１８日"}) {
    INFO(text);
    CHECK(ImportDate(Text(text), &iso).empty());
    CHECK(iso == "2015-03-18");
  }
  CHECK(ImportDate(Number(45356, "45356"), &iso).empty());
  CHECK(iso == "2024-03-05");
  CHECK(ImportDate(Number(59, "59"), &iso).empty());
  CHECK(iso == "1900-02-28");
  CHECK(ImportDate(Number(61, "61"), &iso).empty());
  CHECK(iso == "1900-03-01");
  CHECK_FALSE(ImportDate(Number(60, "60"), &iso).empty());  // Lotus' 1900-02-29
  CHECK_FALSE(ImportDate(Text("2015-02-30"), &iso).empty());

  std::string code;
  bool old_code = false;
  CHECK(import::NormalizeRetention("定期30年", {}, &code, &old_code).empty());
  CHECK(code == "D30");
  CHECK(import::NormalizeRetention("永久", {}, &code, &old_code).empty());
  CHECK(code == "Y");
  std::string reason = import::NormalizeRetention("长期", {}, &code, &old_code);
  CHECK(old_code);
  CHECK(reason.find("不会自动换算") != std::string::npos);
  CHECK(reason.find("映射文件") != std::string::npos);
  CHECK(import::NormalizeRetention("長期", {{"长期", "D30"}}, &code, &old_code).empty());
  CHECK(code == "D30");

  std::string secrecy;
  CHECK(import::NormalizeSecrecy("祕密", &secrecy).empty());
  CHECK(secrecy == "秘密");
  CHECK_FALSE(import::NormalizeSecrecy("一般", &secrecy).empty());
  CHECK(NormalizeDanghao("Z109-WS．2015-Y-BGS-0005") == "Z109-WS·2015-Y-BGS-0005");
  CHECK(NormalizeDanghao("Z109-WS.2015-Y-BGS-0006") == "Z109-WS·2015-Y-BGS-0006");
}

TEST_CASE("the mapping file example loads, and a bad decision is refused naming the line",
          "[import][mapping]") {
  ImportMapping m;
  Status st = LoadImportMapping(SourcePath("samples/legacy/mapping-example.yaml"), &m);
  INFO(st.ToString());
  REQUIRE(st.ok());
  CHECK(m.retention.at("长期") == "D30");
  CHECK(m.retention.at("短期") == "D10");
  CHECK(m.fixed.at("门类") == "WS");

  std::string dir = ScratchDir("import-mapping");
  WriteFile(dir + "/bad.yaml", "retention:\n  长期: 30年\n");
  st = LoadImportMapping(dir + "/bad.yaml", &m);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().find("D30") != std::string::npos);
  WriteFile(dir + "/typo.yaml", "colums:\n  a: b\n");
  st = LoadImportMapping(dir + "/typo.yaml", &m);
  CHECK(st.message().find("colums") != std::string::npos);
  CHECK(st.message().find("第 1 行") != std::string::npos);
  WriteFile(dir + "/map.json",
            R"({"columns": {"案卷题名": "题名"}, "retention": {"短期": "D10"}})");
  REQUIRE(LoadImportMapping(dir + "/map.json", &m).ok());
  CHECK(m.columns.at("案卷题名") == "题名");
}

}  // namespace
}  // namespace dangan
