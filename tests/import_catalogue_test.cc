// Catalogue import of the GBK 归档文件目录 sample: legacy 档号 kept, values normalised, bad rows
// named with row and column, all or nothing, 长期/短期 reported unless the mapping decides them,
// run twice, a changed row, the report of rejected rows imported again, scans attached.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "dangan/importers/import.h"
#include "support/archive_fixtures.h"
#include "support/import_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using import_test::CopySample;
using import_test::HasProblem;
using import_test::HasProblemCode;
using import_test::Problems;
using test::ScratchDir;
using test::SourcePath;

const char kCatalogue[] = "samples/legacy/归档文件目录2015-2016.csv";

ImportOptions CatalogueOptions(bool with_mapping, bool skip) {
  ImportOptions o;
  o.target = ImportTarget::kCatalogue;
  if (with_mapping) {
    REQUIRE(LoadImportMapping(SourcePath("samples/legacy/mapping-example.yaml"), &o.mapping).ok());
  }
  o.skip_bad_rows = skip;
  return o;
}

size_t ItemCount(Archive& a) {
  std::vector<ItemRecord> items;
  size_t total = 0;
  ListFilter all;
  all.limit = 0;
  REQUIRE(a.List(all, &items, &total).ok());
  return total;
}

TEST_CASE("a catalogue with bad rows is refused whole, each row named with its column",
          "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-refused");
  auto archive = fx::OpenArchive(dir);
  ImportReport r;
  Status st =
      ImportSpreadsheet(SourcePath(kCatalogue), CatalogueOptions(false, false), archive.get(), &r);
  INFO(Problems(r));
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().find("未作任何改动") != std::string::npos);
  CHECK(r.encoding.find("GB") != std::string::npos);
  CHECK(r.rows_read == 30);
  CHECK_FALSE(r.written);
  CHECK(ItemCount(*archive) == 0);
  // 长期 / 短期 are not converted: each such row is a problem until someone decides.
  CHECK(HasProblemCode(r, 8, "C（保管期限）", "legacy_retention"));
  CHECK(HasProblemCode(r, 14, "C（保管期限）", "legacy_retention"));
  CHECK(HasProblemCode(r, 18, "G（日期）", "invalid_date"));
  CHECK(HasProblemCode(r, 19, "E（题名）", "required"));
  CHECK(HasProblemCode(r, 20, "I（密级）", "invalid_secrecy"));
  CHECK(HasProblemCode(r, 21, "A（档号）", "duplicate"));
  // The clerk is told which value was refused.
  CHECK(HasProblem(r, 18, "G（日期）", "2015-02-30"));
  CHECK(HasProblem(r, 20, "I（密级）", "「一般」"));
  CHECK(r.rows_rejected == 16);
}

TEST_CASE("with the mapping's decisions and skip_bad_rows the good rows go in as catalogued",
          "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-good");
  auto archive = fx::OpenArchive(dir);
  std::string input = CopySample(dir, kCatalogue);
  ImportReport r;
  Status st = ImportSpreadsheet(input, CatalogueOptions(true, true), archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.rows_added == 26);
  CHECK(r.rows_rejected == 4);
  CHECK(ItemCount(*archive) == 26);
  ItemRecord item;
  // The full-width and ASCII dots of old 档号 read as ·, the rest kept as given.
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0005", false, &item).ok());
  CHECK(item.source == "import");
  CHECK(item.date == "2015-03-18");
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0006", false, &item).ok());
  CHECK(item.secrecy == "机密");
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0004", false, &item).ok());
  CHECK(item.date == "2015-03-18");  // 二〇一五年三月十八日
  CHECK(item.piece == 4);
  CHECK(item.pages == 5);  // the catalogue's 页数, no scan
  CHECK(item.files.empty());
  REQUIRE(archive->Get("Z109-WS·2016-Y-BGS-0002", false, &item).ok());
  CHECK(item.date == "2016-01-22");  // full-width digits
  // 长期 decided as D30 by the mapping file; the old 档号 is kept, not renumbered.
  REQUIRE(archive->Get("Z109-WS·2015-长期-BGS-0007", false, &item).ok());
  CHECK(item.retention == "D30");
  CHECK(item.piece == 0);
  CHECK(HasProblemCode(r, 8, "C（保管期限）", "legacy_retention_mapped"));
  CHECK(HasProblem(r, 8, "C（保管期限）", "定为 D30"));
  // The rejected rows are in the report, which Excel opens (BOM).
  REQUIRE(!r.report_file.empty());
  std::string report = fx::ReadAll(r.report_file);
  CHECK(report.rfind("\xEF\xBB\xBF档号,", 0) == 0);
  CHECK(report.find("第 18 行") != std::string::npos);
  CHECK(report.find("导入问题") != std::string::npos);
  // Items filed without files pass the archive's own check (页数 and 件号 as catalogued).
  CheckReport check;
  REQUIRE(archive->Check(fx::CountTestPages, &check).ok());
  INFO(fx::Describe(check));
  CHECK(check.ok());
}

TEST_CASE("importing again adds nothing, and a changed row is reported, not written",
          "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-twice");
  auto archive = fx::OpenArchive(dir);
  std::string input = CopySample(dir, kCatalogue);
  ImportReport first, second;
  REQUIRE(ImportSpreadsheet(input, CatalogueOptions(true, true), archive.get(), &first).ok());
  REQUIRE(ImportSpreadsheet(input, CatalogueOptions(true, true), archive.get(), &second).ok());
  CHECK(second.rows_added == 0);
  CHECK(second.rows_unchanged == 26);
  CHECK_FALSE(second.written);
  CHECK(ItemCount(*archive) == 26);

  std::string changed = test::WriteFile(
      dir + "/changed.csv",
      "档号,年度,保管期限,机构,题名,责任者,日期,页数,密级,备注\n"
      "Z109-WS·2015-Y-BGS-0002,2015,永久,BGS,2014年度工作总结（修订）,华东精密机械有限公司,"
      "2015.1.20,18,内部,\n");
  ImportReport third;
  REQUIRE(ImportSpreadsheet(changed, CatalogueOptions(false, false), archive.get(), &third).ok());
  CHECK(third.rows_changed == 1);
  REQUIRE(third.changed.size() == 1);
  CHECK(third.changed[0].find("2014年度工作总结（修订）") != std::string::npos);
  ItemRecord item;
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0002", false, &item).ok());
  CHECK(item.title == "2014年度工作总结");
}

TEST_CASE("the report of rejected rows, fixed, imports", "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-fixed");
  auto archive = fx::OpenArchive(dir);
  std::string input = CopySample(dir, kCatalogue);
  ImportReport r;
  REQUIRE(ImportSpreadsheet(input, CatalogueOptions(true, true), archive.get(), &r).ok());
  std::string text = fx::ReadAll(r.report_file);
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("2015-02-30", "2015-12-30");
  replace(",,人力资源部", ",2015年度招聘计划,人力资源部");
  replace(",一般,", ",内部,");
  replace("Z109-WS·2015-D30-BGS-0019,2015,定期30年,BGS,2015年度员工考核办法",
          "Z109-WS·2015-D30-BGS-0020,2015,定期30年,BGS,2015年度员工考核办法");
  test::WriteFile(r.report_file, text);
  ImportReport again;
  Status st =
      ImportSpreadsheet(r.report_file, CatalogueOptions(true, false), archive.get(), &again);
  INFO(st.ToString() << "\n" << Problems(again));
  REQUIRE(st.ok());
  CHECK(again.rows_added == 4);
  CHECK(ItemCount(*archive) == 30);
  ItemRecord item;
  REQUIRE(archive->Get("Z109-WS·2015-D30-BGS-0018", false, &item).ok());
  CHECK(item.title == "2015年度招聘计划");
}

TEST_CASE("cells a spreadsheet program would run as formulas are neutralised in the report",
          "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-injection");
  auto archive = fx::OpenArchive(dir);
  const std::string input = dir + "/目录.csv";
  test::WriteFile(input,
                  "档号,年度,保管期限,机构,题名,责任者,日期,页数,密级,备注\n"
                  "Z109-WS·2015-Y-BGS-0001,2015,永久,BGS,=HYPERLINK(\"http://x\"),甲,2015-01-08,"
                  "-3,内部,+1+1\n"
                  "Z109-WS·2015-Y-BGS-0002,2015,永久,BGS,@SUM(A1),乙,2015-02-30,2,内部,"
                  "=cmd|' /C calc'!A0\n");
  ImportReport r;
  REQUIRE(ImportSpreadsheet(input, CatalogueOptions(false, true), archive.get(), &r).ok());
  const std::string text = fx::ReadAll(r.report_file);
  INFO(text);
  CHECK(text.find("'=HYPERLINK") != std::string::npos);
  CHECK(text.find(",'+1+1") != std::string::npos);
  CHECK(text.find(",'@SUM(A1)") != std::string::npos);
  CHECK(text.find("'=cmd|") != std::string::npos);
  CHECK(text.find(",-3,") != std::string::npos);  // a negative number stays a number
  for (const char* raw : {",=HYPERLINK", ",+1+1", ",@SUM", ",=cmd"}) {
    CHECK(text.find(raw) == std::string::npos);
  }
}

TEST_CASE("scans in --files join their rows by 档号, the others are listed",
          "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-scans");
  auto archive = fx::OpenArchive(dir);
  ImportOptions o = CatalogueOptions(true, true);
  o.files_dir = SourcePath("samples/legacy/scans");
  o.report_path = dir + "/report.csv";
  ImportReport r;
  Status st = ImportSpreadsheet(SourcePath(kCatalogue), o, archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.scans_attached == 4);
  REQUIRE(r.unmatched_scans.size() == 1);
  CHECK(r.unmatched_scans[0] == "会议照片2016.pdf");
  CHECK(std::find(r.rows_without_scan.begin(), r.rows_without_scan.end(),
                  "Z109-WS·2015-Y-BGS-0002") != r.rows_without_scan.end());
  ItemRecord item;
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0001", false, &item).ok());
  REQUIRE(item.files.size() == 1);
  CHECK(item.pages == 6);
  CHECK(item.files[0].text.find("工作要点") != std::string::npos);
  // Named with an ASCII dot, the scan still finds Z109-WS·2016-Y-BGS-0002.
  REQUIRE(archive->Get("Z109-WS·2016-Y-BGS-0002", false, &item).ok());
  CHECK(item.files.size() == 1);
  SearchRequest q;
  q.query = "安全检查";
  SearchResults found;
  REQUIRE(archive->Search(q, &found).ok());
  REQUIRE(found.total == 1);
  CHECK(found.hits[0].item.danghao == "Z109-WS·2016-D10-BGS-0008");
}

TEST_CASE("catalogue rows without 档号 get new ones with --assign-danghao, and only once",
          "[import][catalogue]") {
  std::string dir = fx::NewArchive("import-cat-assign");
  auto archive = fx::OpenArchive(dir);
  const std::string header = "档号,门类,年度,保管期限,机构,题名,责任者,日期,备注\n";
  const std::string rows =
      "Z109-WS·2015-Y-BGS-0001,WS,2015,Y,BGS,关于印章管理的通知,办公室,2015-03-05,\n"
      ",WS,2015,Y,BGS,关于办公用品采购的请示,行政部,2015-04-01,\n"
      ",WS,2015,Y,BGS,会议纪要（第3期）,办公室,2015-04-20,\n";
  std::string csv = test::WriteFile(dir + "/目录.csv", header + rows);

  ImportReport refused;
  Status st = ImportSpreadsheet(csv, CatalogueOptions(false, false), archive.get(), &refused);
  INFO(Problems(refused));
  CHECK_FALSE(st.ok());
  CHECK(HasProblemCode(refused, 3, "A（档号）", "required"));
  CHECK(HasProblem(refused, 3, "A（档号）", "--assign-danghao"));
  CHECK(ItemCount(*archive) == 0);

  ImportOptions o = CatalogueOptions(false, false);
  o.assign_danghao = true;
  ImportOptions dry = o;
  dry.dry_run = true;
  ImportReport preview;
  REQUIRE(ImportSpreadsheet(csv, dry, archive.get(), &preview).ok());
  REQUIRE(preview.added.size() == 3);
  CHECK(preview.added[0] == "Z109-WS·2015-Y-BGS-0001");
  CHECK(preview.added[1].find("（新编档号）") == 0);
  CHECK(ItemCount(*archive) == 0);
  ImportReport r;
  st = ImportSpreadsheet(csv, o, archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.rows_added == 3);
  ItemRecord second, third;
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0002", false, &second).ok());
  CHECK(second.title == "关于办公用品采购的请示");
  CHECK(second.source == "import");
  REQUIRE(archive->Get("Z109-WS·2015-Y-BGS-0003", false, &third).ok());
  CHECK(third.title == "会议纪要（第3期）");

  // Again: every row is found, the two without 档号 by their import key.
  ImportReport again;
  REQUIRE(ImportSpreadsheet(csv, o, archive.get(), &again).ok());
  CHECK(again.rows_added == 0);
  CHECK(again.rows_unchanged == 3);
  CHECK(ItemCount(*archive) == 3);

  // An entry imported with its 档号 is found again by a listing that lacks it.
  std::string without = test::WriteFile(
      dir + "/目录-无档号.csv", header + ",WS,2015,Y,BGS,关于印章管理的通知,办公室,2015-03-05,\n");
  ImportReport found;
  REQUIRE(ImportSpreadsheet(without, o, archive.get(), &found).ok());
  CHECK(found.rows_unchanged == 1);
  CHECK(found.rows_added == 0);

  // A 备注 added since is reported under the 档号 assigned then, and not written.
  std::string edited = test::WriteFile(
      dir + "/目录-改.csv", header + ",WS,2015,Y,BGS,会议纪要（第3期）,办公室,2015-04-20,补登\n");
  ImportReport changed;
  REQUIRE(ImportSpreadsheet(edited, o, archive.get(), &changed).ok());
  CHECK(changed.rows_changed == 1);
  REQUIRE(changed.changed.size() == 1);
  CHECK(changed.changed[0].find("Z109-WS·2015-Y-BGS-0003") != std::string::npos);
  CHECK(ItemCount(*archive) == 3);

  // Two alike rows without 档号 would be one entry twice: refused, naming the first.
  std::string twice =
      test::WriteFile(dir + "/目录-重.csv", header +
                                                ",WS,2016,Y,BGS,年度总结,办公室,2016-12-30,\n"
                                                ",WS,2016,Y,BGS,年度总结,办公室,2016-12-30,\n");
  ImportReport dup;
  CHECK_FALSE(ImportSpreadsheet(twice, o, archive.get(), &dup).ok());
  CHECK(HasProblemCode(dup, 3, "F（题名）", "duplicate"));
  CHECK(HasProblem(dup, 3, "F（题名）", "第 2 行"));
  CHECK(ItemCount(*archive) == 3);
}

}  // namespace
}  // namespace dangan
