// One 档号 normalisation for filing, look-up and import: a legacy 档号 filed by hand with "." is
// the same item as the catalogue row with "·", both ways round; and the pattern split/format.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "dangan/importers/import.h"
#include "dangan/records/danghao.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using test::ScratchDir;

const char kPattern[] = "{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}";

std::string WriteCatalogue(const std::string& dir, const std::string& danghao) {
  std::string path = dir + "/目录.csv";
  std::ofstream out(path, std::ios::binary);
  out << "档号,年度,保管期限,机构,题名,责任者,日期,页数,密级,备注\n"
      << danghao << ",2015,永久,BGS,关于印发《2015年度工作要点》的通知,华东精密机械有限公司,"
      << "2015-01-08,6,内部,\n";
  return path;
}

NewItem LegacyItem(const std::string& danghao) {
  NewItem item;
  item.category = "WS";
  item.year = 2015;
  item.retention = "Y";
  item.department = "BGS";
  item.title = "关于印发《2015年度工作要点》的通知";
  item.responsible = "华东精密机械有限公司";
  item.date = "2015-01-08";
  item.source = ItemSourceCode(ItemSource::kImport);
  item.danghao = danghao;
  item.pages = 6;
  return item;
}

ImportReport Import(const std::string& path, Archive* archive) {
  ImportOptions o;
  o.target = ImportTarget::kCatalogue;
  ImportReport r;
  Status st = ImportSpreadsheet(path, o, archive, &r);
  INFO(st.ToString());
  CHECK(st.ok());
  return r;
}

TEST_CASE("Danghao normalises look-alikes and splits by the pattern", "[records][danghao]") {
  CHECK(Danghao::Parse("Z109-WS.2015-Y-BGS-0005").text() == "Z109-WS·2015-Y-BGS-0005");
  CHECK(Danghao::Parse(" Ｚ109－ws・2015—y-BGS-0005 ").text() == "Z109-WS·2015-Y-BGS-0005");
  CHECK(Danghao::Parse("Z109-WS。2015-Y-BGS-0005") == Danghao::Parse("Z109-WS·2015-Y-BGS-0005"));
  DanghaoParts parts;
  int piece = 0;
  REQUIRE(Danghao::Parse("Z109-WS·2015-D30-BGS-0012").Split(kPattern, &parts, &piece));
  CHECK(parts.fonds == "Z109");
  CHECK(parts.category == "WS");
  CHECK(parts.year == 2015);
  CHECK(parts.retention == "D30");
  CHECK(parts.department == "BGS");
  CHECK(piece == 12);
  CHECK(Danghao::Format(kPattern, parts, 12).text() == "Z109-WS·2015-D30-BGS-0012");
  CHECK_FALSE(Danghao::Parse("Z109-WS·2015-长期-BGS-012").Split(kPattern, &parts, &piece));
  CHECK(ValidateDanghaoPattern("{全宗号}-{年份}-{件号}").problems().at(0).code ==
        "invalid_pattern");
}

TEST_CASE("a 档号 filed by hand with '.' is the catalogue row's 档号 with '·'",
          "[records][danghao][import]") {
  std::string dir = fx::NewArchive("danghao-file-then-import");
  auto archive = fx::OpenArchive(dir);
  ItemRecord filed;
  REQUIRE(archive->File(LegacyItem("Z109-WS.2015-Y-BGS-0005"), {}, &filed).ok());
  CHECK(filed.danghao == "Z109-WS·2015-Y-BGS-0005");
  CHECK(filed.piece == 5);

  ImportReport r = Import(WriteCatalogue(ScratchDir("danghao-file-then-import-src"),
                                         "Z109-WS·2015-Y-BGS-0005"),
                          archive.get());
  CHECK(r.rows_read == 1);
  CHECK(r.rows_added == 0);
  CHECK(r.rows_rejected == 0);
  CHECK(r.rows_unchanged + r.rows_changed == 1);
}

TEST_CASE("a catalogue row with '·' is found by '.' and full-width spellings",
          "[records][danghao][import]") {
  std::string dir = fx::NewArchive("danghao-import-then-file");
  auto archive = fx::OpenArchive(dir);
  ImportReport r = Import(WriteCatalogue(ScratchDir("danghao-import-then-file-src"),
                                         "Z109-WS·2015-Y-BGS-0005"),
                          archive.get());
  CHECK(r.rows_added == 1);

  ItemRecord got;
  REQUIRE(archive->Get("Z109-WS.2015-Y-BGS-0005", false, &got).ok());
  CHECK(got.danghao == "Z109-WS·2015-Y-BGS-0005");
  REQUIRE(archive->Get("Ｚ109-WS・2015-Y-BGS-0005", false, &got).ok());
  CHECK(got.danghao == "Z109-WS·2015-Y-BGS-0005");

  // Filing the same 档号 again by hand, spelt with '.', is refused as the item already there.
  ItemRecord again;
  Status st = archive->File(LegacyItem("Z109-WS.2015-Y-BGS-0005"), {}, &again);
  INFO(st.ToString());
  CHECK_FALSE(st.ok());
}

}  // namespace
}  // namespace dangan
