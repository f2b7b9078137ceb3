// The statistics over real HTTP (issue 16 §2): /api/stats for the roles that may see it, within
// the account's clearance; the /stats page with its year picker and tables; the GD-03 table as
// PDF and XLSX downloads read back.
#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "support/pdf_text.h"
#include "support/server_fixture.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

std::string ThisYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return std::to_string(tm.tm_year + 1900);
}

TEST_CASE("the stats API gives an archivist the year's figures within the clearance",
          "[stats][server]") {
  ServerFixture f("stats_api");
  WebClient secret(f.port);
  REQUIRE(secret.Login("档案机密") == 200);
  Json j = JsonBody(secret.Get("/api/stats?year=" + ThisYear()));
  INFO(j.dump());
  CHECK(j["年度"] == std::stoi(ThisYear()));
  CHECK(j["馆藏"]["件数"] == 3);  // the fixture's 公开, 内部 and 机密 items, all of 2010
  REQUIRE(j["按年度"].size() == 1);
  CHECK(j["按年度"][0]["年度"] == "2010");
  CHECK(j["按年度"][0]["件数"] == 3);
  CHECK(j["按保管期限"][0]["名称"] == "定期10年");

  WebClient internal(f.port);
  REQUIRE(internal.Login("审计内部") == 200);
  j = JsonBody(internal.Get("/api/stats?year=" + ThisYear()));
  CHECK(j["馆藏"]["件数"] == 2);
  CHECK(j["密级范围"] == "内部");

  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  auto r = clerk.Get("/api/stats");
  REQUIRE(r);
  CHECK(r->status == 403);
  r = clerk.Get("/stats");
  REQUIRE(r);
  CHECK(r->status == 403);
  r = clerk.Get("/search");
  REQUIRE(r);
  CHECK(r->body.find("href=\"/stats\"") == std::string::npos);

  r = secret.Get("/api/stats?year=20x5");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK_THAT(r->body, Catch::Contains("20x5"));
}

TEST_CASE("the stats page shows the tables and downloads the table as PDF and XLSX",
          "[stats][server]") {
  ServerFixture f("stats_page");
  WebClient admin(f.port);
  REQUIRE(admin.Login("管理员甲") == 200);
  auto r = admin.Get("/stats?year=" + ThisYear());
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK_THAT(r->body, Catch::Contains("href=\"/stats\" aria-current=\"page\">统计</a>"));
  CHECK_THAT(r->body, Catch::Contains("<select name=\"year\">"));
  CHECK_THAT(r->body, Catch::Contains("按保管期限"));
  CHECK_THAT(r->body, Catch::Contains("2010年"));
  CHECK_THAT(r->body, Catch::Contains("/stats/table.pdf?year=" + ThisYear()));

  r = admin.Get("/stats/table.pdf?year=" + ThisYear());
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/pdf");
  const std::string dir = ScratchDir("stats-page-out");
  WriteFile(dir + "/t.pdf", r->body);
  PdfContent pdf = ReadPdf(dir + "/t.pdf");
  REQUIRE(pdf.loaded);
  const std::string text = Squeeze(pdf.pages[0]);
  CHECK_THAT(text, Catch::Contains("档案工作基本情况统计表"));
  CHECK_THAT(text, Catch::Contains("管理员甲"));  // 填报人: the account that downloaded it
  CHECK_THAT(text, Catch::Contains("2010年"));

  r = admin.Get("/stats/table.xlsx?year=" + ThisYear());
  REQUIRE(r);
  REQUIRE(r->status == 200);
  WriteFile(dir + "/t.xlsx", r->body);
  XlsxWorkbook book;
  REQUIRE(XlsxWorkbook::Open(dir + "/t.xlsx", &book).ok());
  bool found = false;
  for (const auto& [ref, cell] : book.sheets[0].cells) {
    if (cell.value != "2010年") continue;
    const std::string row = ref.substr(ref.find_first_of("0123456789"));
    found = book.sheets[0].Text("D" + row) == "2";  // 管理员甲 is cleared for 内部
  }
  CHECK(found);
}

}  // namespace
}  // namespace dangan::test
