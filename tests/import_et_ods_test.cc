// What Chinese offices save today imports as the .xls does: the 用印登记表 as a WPS .et (BIFF8
// inside; here the .xls under that name) and as LibreOffice's .ods (tests/data/spreadsheets,
// made by make_files.sh there) give the same rows read, the same two bad rows named by row and
// column, and the same good rows stored.
#include <catch2/catch.hpp>
#include <filesystem>

#include "dangan/archive/archive.h"
#include "dangan/generator/template.h"
#include "dangan/importers/import.h"
#include "support/archive_fixtures.h"
#include "support/import_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using import_test::HasProblem;
using import_test::Problems;
using test::SourcePath;

void CheckSealRegisterImports(const std::string& source, const std::string& name) {
  Template t;
  REQUIRE(LoadTemplate(SourcePath("templates/S-04.yaml"), &t).ok());
  const std::string dir = fx::NewArchive("import-" + name);
  auto archive = fx::OpenArchive(dir);
  const std::string input = dir + "/" + name;
  std::filesystem::copy_file(SourcePath(source), input);
  ImportOptions o;
  o.target = ImportTarget::kRegister;
  o.register_template = &t;
  o.skip_bad_rows = true;
  ImportReport r;
  const Status st = ImportSpreadsheet(input, o, archive.get(), &r);
  INFO(st.ToString() << "\n" << Problems(r));
  REQUIRE(st.ok());
  CHECK(r.header_rows.begin()->second == 3);
  CHECK(r.rows_read == 40);
  CHECK(r.rows_rejected == 2);
  CHECK(HasProblem(r, 33, "B（用印日期）", "2019.06.31"));
  CHECK(HasProblem(r, 35, "D（经办人）", "必填"));
  std::vector<RegisterRow> rows;
  REQUIRE(archive->ReadRegisterRows("S-04", "", 0, 0, &rows).ok());
  CHECK(rows.size() == 38);
}

TEST_CASE("a WPS .et register imports as the .xls does", "[import][register][et]") {
  CheckSealRegisterImports("samples/legacy/用印登记表2019.xls", "用印登记表2019.et");
}

TEST_CASE("a LibreOffice .ods register imports as the .xls does", "[import][register][ods]") {
  CheckSealRegisterImports("tests/data/spreadsheets/用印登记表2019.ods", "用印登记表2019.ods");
}

}  // namespace
}  // namespace dangan
