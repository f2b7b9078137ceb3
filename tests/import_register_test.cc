// Register import: the .xls 用印登记表 (LibreOffice BIFF8), the UTF-8-BOM CSV with other column
// names, the .xlsx 固定资产登记表 with merged title rows and two sheets. Rows numbered as in the
// source, checked by the generator's binding, all or nothing, run twice, changed rows reported,
// gaps filled from the report, and the stored register generated as XLSX and PDF.
#include <catch2/catch.hpp>
#include <filesystem>

#include "dangan/generator/generator.h"
#include "dangan/importers/import.h"
#include "support/archive_fixtures.h"
#include "support/import_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using import_test::CopySample;
using import_test::HasProblem;
using import_test::HasProblemCode;
using import_test::Problems;
using test::SourcePath;

Template LoadT(const std::string& id) {
  Template t;
  Status st = LoadTemplate(SourcePath("templates/" + id + ".yaml"), &t);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return t;
}

ImportOptions RegisterOptions(const Template& t, bool skip) {
  ImportOptions o;
  o.target = ImportTarget::kRegister;
  o.register_template = &t;
  o.skip_bad_rows = skip;
  return o;
}

std::vector<RegisterRow> Stored(Archive& a, const std::string& id) {
  std::vector<RegisterRow> rows;
  REQUIRE(a.ReadRegisterRows(id, "", 0, 0, &rows).ok());
  return rows;
}

const char kSeals2019[] = "samples/legacy/用印登记表2019.xls";

TEST_CASE("the .xls register is refused whole for two bad rows, named by row and column",
          "[import][register]") {
  Template t = LoadT("S-04");
  std::string dir = fx::NewArchive("import-reg-refused");
  auto archive = fx::OpenArchive(dir);
  ImportReport r;
  Status st =
      ImportSpreadsheet(SourcePath(kSeals2019), RegisterOptions(t, false), archive.get(), &r);
  INFO(Problems(r));
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(r.header_rows.begin()->second == 3);  // below the merged title and the 保管部门 line
  CHECK(r.rows_read == 40);
  CHECK(r.rows_rejected == 2);
  CHECK(HasProblemCode(r, 33, "B（用印日期）", "invalid_date"));
  CHECK(HasProblem(r, 33, "B（用印日期）", "2019.06.31"));
  CHECK(HasProblemCode(r, 35, "D（经办人）", "required"));
  CHECK(Stored(*archive, "S-04").empty());
}

TEST_CASE(
    "good rows are stored numbered as in the source; again adds nothing; the fixed report "
    "fills the gaps; the register then generates",
    "[import][register]") {
  Template t = LoadT("S-04");
  std::string dir = fx::NewArchive("import-reg-xls");
  auto archive = fx::OpenArchive(dir);
  std::string input = CopySample(dir, kSeals2019);
  ImportReport r;
  Status st = ImportSpreadsheet(input, RegisterOptions(t, true), archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.rows_added == 38);
  // The line above the table names the register's header, for --set when it is generated.
  CHECK(r.header_values.at("保管部门") == "行政管理部");
  CHECK(r.header_values.at("印章保管人") == "郭蕾");
  CHECK(r.header_values.at("册号") == "2019-01");
  std::vector<RegisterRow> rows = Stored(*archive, "S-04");
  REQUIRE(rows.size() == 38);
  CHECK(rows[0].row_no == 1);
  CHECK(rows[0].values.at("用印日期") == "2019-01-04");
  CHECK(rows[0].values.at("文件名称") == "与苏州恒达机电有限公司购销合同");
  CHECK(rows[2].values.at("用印日期") == "2019-01-09");  // a 2019年1月9日-formatted date cell
  CHECK(rows[29].row_no == 31);  // 30 was rejected: numbers stay the source's
  std::vector<AuditEntry> log;
  REQUIRE(archive->AuditLog("", Secrecy::kSecret, &log).ok());
  CHECK(log.back().action == "导入登记表");
  CHECK(log.back().detail.find("\"rows\":38") != std::string::npos);

  ImportReport again;
  REQUIRE(ImportSpreadsheet(input, RegisterOptions(t, true), archive.get(), &again).ok());
  CHECK(again.rows_added == 0);
  CHECK(again.rows_unchanged == 38);

  // With a gap the register cannot be generated, and the message says how to fill it.
  RawRecord record;
  st = RegisterRecordFromArchive(archive.get(), t, "", {}, 0, 0, &record);
  CHECK(st.message().find("缺少序号 30、32") != std::string::npos);

  std::string text = fx::ReadAll(r.report_file);
  text.replace(text.find("2019.06.31"), 10, "2019-06-28");
  text.replace(text.find("人力资源部,,"), std::string("人力资源部,,").size(), "人力资源部,刘洋,");
  test::WriteFile(r.report_file, text);
  ImportReport fixed;
  st = ImportSpreadsheet(r.report_file, RegisterOptions(t, false), archive.get(), &fixed);
  INFO(st.ToString() << "\n" << Problems(fixed));
  REQUIRE(st.ok());
  CHECK(fixed.rows_added == 2);

  std::map<std::string, std::string> header = {{"保管部门", "行政管理部"},
                                               {"印章保管人", "郭蕾"},
                                               {"册号", "2019-01"},
                                               {"起始日期", "2019-01-04"}};
  REQUIRE(RegisterRecordFromArchive(archive.get(), t, "", header, 0, 0, &record).ok());
  CHECK(record.rows.rows() == 40);
  std::vector<RawRecord> records;
  records.push_back(std::move(record));
  Generator generator;
  std::vector<GeneratedDocument> docs;
  st = generator.Generate(t, std::move(records), OutputFormat::kBoth, dir + "/out", &docs);
  INFO(st.ToString());
  REQUIRE(st.ok());
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].rows == 40);
  std::string xlsx, pdf;
  for (const GeneratedFile& f : docs[0].files) (f.format == "xlsx" ? xlsx : pdf) = f.path;
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(xlsx, &book).ok());
  bool found = false;
  for (const auto& [ref, cell] : book.sheets[0].cells) {
    found = found || cell.value == "关于端午节放假安排的通知";
  }
  CHECK(found);
  test::PdfContent content = test::ReadPdf(pdf);
  REQUIRE(content.loaded);
  std::string all;
  for (const std::string& page : content.pages) all += test::Squeeze(page);
  CHECK(all.find("与苏州恒达机电有限公司购销合同") != std::string::npos);
  CHECK(all.find("2019年上半年社会保险补缴申请") != std::string::npos);
}

TEST_CASE("the UTF-8 CSV's own column names map, the mapping file rewrites 公章",
          "[import][register]") {
  Template t = LoadT("S-04");
  std::string dir = fx::NewArchive("import-reg-csv");
  auto archive = fx::OpenArchive(dir);
  std::string csv = SourcePath("samples/legacy/用印登记2023.csv");
  ImportReport r;
  Status st = ImportSpreadsheet(csv, RegisterOptions(t, false), archive.get(), &r);
  INFO(Problems(r));
  CHECK_FALSE(st.ok());
  CHECK(HasProblemCode(r, 17, "H（印章）", "not_a_choice"));
  CHECK(HasProblemCode(r, 19, "G（份数）", "invalid_number"));
  CHECK(HasProblem(r, 19, "G（份数）", "两份"));
  for (const ColumnReport& c : r.columns) {
    if (c.header == "事由") CHECK(c.field == "用印目的");
    if (c.header == "日期") CHECK(c.field == "用印日期");
  }
  ImportOptions o = RegisterOptions(t, true);
  REQUIRE(LoadImportMapping(SourcePath("samples/legacy/mapping-example.yaml"), &o.mapping).ok());
  o.report_path = dir + "/rejected.csv";
  st = ImportSpreadsheet(csv, o, archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.rows_added == 19);  // 公章 → 公司章 by the mapping; 两份 stays rejected
  std::vector<RegisterRow> rows = Stored(*archive, "S-04");
  CHECK(rows[4].values.at("用印日期") == "2023-02-03");  // ２０２３年２月３日
  CHECK(rows[4].values.at("份数") == "1");               // full-width １
  CHECK(rows[15].values.at("印章名称") == "公司章");

  // A row changed in the source since is reported, and the stored row stays.
  std::string changed = test::WriteFile(
      dir + "/changed.csv",
      "序号,日期,部门,经办人,文件题名,编号,份数,印章,事由,备注\n"
      "1,2023/1/4,销售部,李娜,与苏州恒达机电有限公司2023年度购销合同（补充）,HJ-XS-2023-001,2,"
      "合同专用章,签订年度供货合同,\n");
  ImportReport third;
  REQUIRE(ImportSpreadsheet(changed, RegisterOptions(t, false), archive.get(), &third).ok());
  CHECK(third.rows_changed == 1);
  REQUIRE(third.changed.size() == 1);
  CHECK(third.changed[0].find("（补充）") != std::string::npos);
  CHECK(Stored(*archive, "S-04")[0].values.at("文件名称") ==
        "与苏州恒达机电有限公司2023年度购销合同");
}

TEST_CASE(
    "the .xlsx register: merged title rows skipped, the 合计 row left out, the second "
    "sheet's repeated numbers refused",
    "[import][register]") {
  Template t = LoadT("O-18");
  std::string dir = fx::NewArchive("import-reg-xlsx");
  auto archive = fx::OpenArchive(dir);
  std::string xlsx = SourcePath("samples/legacy/固定资产登记表2021.xlsx");
  ImportReport r;
  Status st = ImportSpreadsheet(xlsx, RegisterOptions(t, false), archive.get(), &r);
  INFO(Problems(r));
  CHECK_FALSE(st.ok());
  CHECK(r.header_rows.at("2021年度") == 3);
  CHECK(r.header_rows.at("已核销") == 2);
  CHECK(r.rows_read == 15);  // 12 + 3; the 合计 row is not a register row
  CHECK(HasProblemCode(r, 3, "A（序号）", "duplicate"));

  ImportOptions o = RegisterOptions(t, false);
  o.read.sheet = "2021年度";
  st = ImportSpreadsheet(xlsx, o, archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.rows_added == 12);
  CHECK(r.header_values.at("登记部门") == "办公室");
  CHECK(r.header_values.at("填表日期") == "2021-12-28");
  CHECK(r.header_values.at("登记人") == "何静");
  std::vector<RegisterRow> rows = Stored(*archive, "O-18");
  REQUIRE(rows.size() == 12);
  CHECK(rows[0].values.at("购置日期") == "2016-03-15");
  CHECK(rows[0].values.at("核销日期") == "2021-06-30");
  CHECK(rows[5].values.at("原值") == "18600.00");
  CHECK(rows[0].values.at("状态") == "已报废");
}

TEST_CASE("each year's register is its own volume: two years both numbered from 1",
          "[import][register]") {
  Template t = LoadT("S-04");
  std::string dir = fx::NewArchive("import-reg-volumes");
  auto archive = fx::OpenArchive(dir);
  const std::string header = "序号,日期,部门,经办人,文件题名,编号,份数,印章,事由,备注\n";
  std::string y2022 = test::WriteFile(
      dir + "/用印登记2022.csv",
      header +
          "1,2022/1/5,销售部,李娜,2022年度购销合同,HJ-XS-2022-001,2,合同专用章,签订合同,\n"
          "2,2022/1/9,办公室,何静,年度工作要点,,1,公司章,内部发文,\n");
  std::string y2023 = test::WriteFile(
      dir + "/用印登记2023.csv",
      header +
          "1,2023/1/4,销售部,李娜,2023年度购销合同,HJ-XS-2023-001,2,合同专用章,签订合同,\n"
          "2,2023/1/6,人力资源部,刘洋,社会保险缴费基数申报表,,1,公司章,报送社保中心,\n");
  ImportReport r2022;
  REQUIRE(ImportSpreadsheet(y2022, RegisterOptions(t, false), archive.get(), &r2022).ok());
  CHECK(r2022.rows_added == 2);

  // Without a volume the next year's rows collide with the stored 序号: reported, not written,
  // and the report says how to import them as a volume of their own.
  ImportReport collide;
  REQUIRE(ImportSpreadsheet(y2023, RegisterOptions(t, false), archive.get(), &collide).ok());
  CHECK(collide.rows_changed == 2);
  CHECK(collide.rows_added == 0);
  bool hint = false;
  for (const ImportProblem& p : collide.problems) {
    hint = hint || (!p.rejects && p.code == "other_volume" &&
                    p.reason.find("--volume") != std::string::npos);
  }
  CHECK(hint);

  ImportOptions o = RegisterOptions(t, false);
  o.volume = "2023";
  ImportReport r2023;
  REQUIRE(ImportSpreadsheet(y2023, o, archive.get(), &r2023).ok());
  CHECK(r2023.rows_added == 2);
  CHECK(r2023.rows_changed == 0);
  ImportReport again;
  REQUIRE(ImportSpreadsheet(y2023, o, archive.get(), &again).ok());
  CHECK(again.rows_added == 0);
  CHECK(again.rows_unchanged == 2);

  std::vector<RegisterVolume> volumes;
  REQUIRE(archive->ListRegisterVolumes("S-04", &volumes).ok());
  REQUIRE(volumes.size() == 2);
  CHECK(volumes[0].volume.empty());
  CHECK(volumes[1].volume == "2023");
  CHECK(volumes[1].rows == 2);
  CHECK(volumes[1].first_row == 1);
  CHECK(volumes[1].last_row == 2);
  CHECK(Stored(*archive, "S-04")[0].values.at("文件名称") == "2022年度购销合同");

  RawRecord record;
  REQUIRE(RegisterRecordFromArchive(archive.get(), t, "2023", {}, 0, 0, &record).ok());
  REQUIRE(record.rows.rows() == 2);
  Status st = RegisterRecordFromArchive(archive.get(), t, "2024", {}, 0, 0, &record);
  CHECK(st.code() == Status::Code::kNotFound);
  CHECK(st.message().find("2023") != std::string::npos);  // names the volumes there are
  CHECK(fx::SqlInt(dir, "SELECT count(*) FROM register_rows WHERE volume = '2023'") == 2);
}

}  // namespace
}  // namespace dangan
