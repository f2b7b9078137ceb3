// Annual statistics (issue 16 §2): the figures for a year match a catalogue built here (items and
// pages by 年度, 保管期限, 门类, 机构; filed, destroyed and copied in the year; holds; storage),
// the clearance leaves higher items out, and the GD-03 table comes out as PDF and XLSX holding
// those figures (read back with Poppler and from the workbook's cells).
#include "dangan/jobs/stats.h"

#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using Json = nlohmann::json;
using test::ScratchDir;

int ThisYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

struct Built {
  std::string dir;
  std::string held, copied_twice, copied_once, secret;
};

// Six items this year and two filed last year (filed_at set back, as an archive a year old has
// them); one of them 机密; two items share one file's content; one held; copies issued of two.
Built BuildArchive(const std::string& name) {
  Built b;
  b.dir = fx::NewArchive(name);
  const std::string src = ScratchDir(name + "-src");
  auto a = fx::OpenArchive(b.dir);
  struct Spec {
    const char* title;
    int year;
    const char* retention;
    const char* category;
    const char* department;
    int pages;
    const char* secrecy;
    const char* seed;
  };
  const Spec specs[] = {
      {"董事会决议", 2024, "Y", "WS", "BGS", 3, "内部", "a"},
      {"年度工作要点", 2024, "Y", "WS", "BGS", 5, "公开", "b"},
      {"采购合同", 2025, "D30", "KJ", "CWB", 7, "内部", "c"},
      {"记账凭证", 2025, "D30", "KJ", "CWB", 2, "内部", "d"},
      {"记账凭证副本", 2025, "D10", "KJ", "CWB", 2, "内部", "d"},  // same file as 记账凭证
      {"并购协议", 2025, "Y", "WS", "BGS", 11, "机密", "e"},
      {"招聘通知", 2023, "D10", "WS", "RLB", 1, "公开", "f"},
      {"培训记录", 2023, "D10", "WS", "RLB", 4, "内部", "g"},
  };
  std::vector<std::string> danghao;
  for (const Spec& s : specs) {
    NewItem item = fx::SampleItem(s.title);
    item.year = s.year;
    item.retention = s.retention;
    item.category = s.category;
    item.department = s.department;
    item.secrecy = s.secrecy;
    item.date = std::to_string(s.year) + "-06-01";
    const std::string pdf = fx::WritePdf(src + "/" + s.seed + ".pdf", s.seed, s.pages);
    ItemRecord rec;
    REQUIRE(a->File(item, {fx::PdfFile(pdf, s.pages)}, &rec).ok());
    danghao.push_back(rec.danghao);
  }
  b.secret = danghao[5];
  b.held = danghao[0];
  REQUIRE(a->SetHold(b.held, true, "涉诉").ok());
  ItemRecord rec;
  b.copied_twice = danghao[2];
  REQUIRE(a->Get(b.copied_twice, false, &rec).ok());
  REQUIRE(a->IssueCopy(b.copied_twice, rec.files[0], "审计查阅").ok());
  REQUIRE(a->IssueCopy(b.copied_twice, rec.files[0], "再次查阅").ok());
  b.copied_once = danghao[6];
  REQUIRE(a->Get(b.copied_once, false, &rec).ok());
  REQUIRE(a->IssueCopy(b.copied_once, rec.files[0], "人事核查").ok());
  // 招聘通知 and 培训记录 were filed last year.
  const std::string last = std::to_string(ThisYear() - 1);
  REQUIRE(fx::Sql(b.dir, "UPDATE items SET filed_at = '" + last +
                             "-11-20T10:00:00+08:00' WHERE department = 'RLB'")
              .empty());
  return b;
}

const jobs::StatsLine* Line(const std::vector<jobs::StatsLine>& lines, const std::string& key) {
  for (const jobs::StatsLine& l : lines) {
    if (l.key == key) return &l;
  }
  return nullptr;
}

void CheckLine(const std::vector<jobs::StatsLine>& lines, const std::string& key, int64_t items,
               int64_t pages) {
  const jobs::StatsLine* l = Line(lines, key);
  INFO(key);
  REQUIRE(l != nullptr);
  CHECK(l->items == items);
  CHECK(l->pages == pages);
}

TEST_CASE("The year's statistics match the catalogue they are computed from", "[stats]") {
  Built b = BuildArchive("stats-figures");
  jobs::AnnualStats s;
  REQUIRE(jobs::ComputeStats(test::SecretClerk(b.dir), ThisYear(), &s).ok());
  CHECK(s.fonds == "Z109");
  CHECK(s.items == 8);
  CHECK(s.pages == 3 + 5 + 7 + 2 + 2 + 11 + 1 + 4);
  CheckLine(s.by_year, "2023", 2, 5);
  CheckLine(s.by_year, "2024", 2, 8);
  CheckLine(s.by_year, "2025", 4, 22);
  CheckLine(s.by_retention, "Y", 3, 19);
  CheckLine(s.by_retention, "D30", 2, 9);
  CheckLine(s.by_retention, "D10", 3, 7);
  REQUIRE(s.by_retention.size() == 3);
  CHECK(s.by_retention[0].label == "永久");  // longest period first, as the rules list them
  CHECK(s.by_retention[2].label == "定期10年");
  CheckLine(s.by_category, "WS", 5, 24);
  CheckLine(s.by_category, "KJ", 3, 11);
  CHECK(Line(s.by_category, "KJ")->label == "KJ 会计");
  CheckLine(s.by_department, "BGS", 3, 19);
  CheckLine(s.by_department, "CWB", 3, 11);
  CheckLine(s.by_department, "RLB", 2, 5);
  CHECK(s.filed_items == 6);  // the two RLB items were filed last year
  CHECK(s.filed_pages == 30);
  CHECK(s.destroyed_items == 0);  // destruction (schema 11) is not on this branch yet
  CHECK(s.copies_issued == 3);
  CHECK(s.items_copied == 2);
  CHECK(s.held_items == 1);
  CHECK(s.stored_files == 7);  // 记账凭证 and its copy share one stored file
  CHECK(s.stored_bytes ==
        static_cast<uint64_t>(
            fx::SqlInt(b.dir, "SELECT sum(size) FROM (SELECT DISTINCT sha256, size FROM files)")));

  // Last year: only what was filed by its 31 December, nothing copied then.
  jobs::AnnualStats last;
  REQUIRE(jobs::ComputeStats(test::SecretClerk(b.dir), ThisYear() - 1, &last).ok());
  CHECK(last.as_of == std::to_string(ThisYear() - 1) + "-12-31");
  CHECK(last.items == 2);
  CHECK(last.pages == 5);
  CHECK(last.filed_items == 2);
  CHECK(last.copies_issued == 0);
  REQUIRE(last.by_department.size() == 1);
  CHECK(last.by_department[0].key == "RLB");

  Json j = jobs::StatsJson(s);
  CHECK(j["馆藏"]["件数"] == 8);
  CHECK(j["本年利用"]["利用副本"] == 3);
  CHECK(j["按保管期限"][0]["名称"] == "永久");
}

TEST_CASE("Statistics leave out the items above the reader's clearance", "[stats]") {
  Built b = BuildArchive("stats-clearance");
  jobs::JobContext ctx = test::SecretClerk(b.dir);
  ctx.clearance = Secrecy::kInternal;
  jobs::AnnualStats s;
  REQUIRE(jobs::ComputeStats(ctx, ThisYear(), &s).ok());
  CHECK(s.items == 7);
  CHECK(s.pages == 35 - 11);
  CheckLine(s.by_department, "BGS", 2, 8);
  CHECK(s.clearance == "内部");
}

TEST_CASE("A year that has not begun, or before 1900, is refused naming it", "[stats]") {
  const std::string dir = fx::NewArchive("stats-bad-year");
  jobs::AnnualStats s;
  Status st = jobs::ComputeStats(test::SecretClerk(dir), ThisYear() + 1, &s);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains(std::to_string(ThisYear() + 1)));
  CHECK_FALSE(jobs::ComputeStats(test::SecretClerk(dir), 1899, &s).ok());
}

TEST_CASE("The statistics table prints the year's figures as PDF and XLSX", "[stats]") {
  Built b = BuildArchive("stats-table");
  const jobs::JobContext ctx = test::SecretClerk(b.dir);
  jobs::AnnualStats s;
  REQUIRE(jobs::ComputeStats(ctx, ThisYear(), &s).ok());
  const std::string out = ScratchDir("stats-table-out");
  const std::map<std::string, std::string> header = {{"填报人", "赵雪梅"}, {"审核人", "王建国"}};
  REQUIRE(jobs::RenderStats(ctx, s, header, out + "/统计.pdf", nullptr).ok());
  test::PdfContent pdf = test::ReadPdf(out + "/统计.pdf");
  REQUIRE(pdf.loaded);
  CHECK(pdf.errors.empty());
  std::string text;
  for (const std::string& p : pdf.pages) text += test::Squeeze(p);
  CHECK_THAT(text, Catch::Contains("档案工作基本情况统计表"));
  CHECK_THAT(text, Catch::Contains("按保管期限"));
  CHECK_THAT(text, Catch::Contains("定期30年"));
  CHECK_THAT(text, Catch::Contains("KJ会计"));
  CHECK_THAT(text, Catch::Contains("赵雪梅"));
  CHECK_THAT(text, Catch::Contains(std::to_string(ThisYear())));

  REQUIRE(jobs::RenderStats(ctx, s, header, out + "/统计.xlsx", nullptr).ok());
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(out + "/统计.xlsx", &book).ok());
  REQUIRE(!book.sheets.empty());
  const test::XlsxSheet& sheet = book.sheets[0];
  // The row of 按机构 BGS holds 3 items and 19 pages, in the cells to its right.
  bool found = false;
  for (const auto& [ref, cell] : sheet.cells) {
    if (cell.value != "BGS") continue;
    const std::string row = ref.substr(ref.find_first_of("0123456789"));
    found = sheet.Text("D" + row) == "3" && sheet.Text("E" + row) == "19" &&
            sheet.Text("B" + row) == "按机构";
  }
  CHECK(found);
  bool total = false;
  for (const auto& [ref, cell] : sheet.cells) total |= cell.value == "8" || cell.value == "8.0";
  CHECK(total);

  // The figures are the catalogue's: a --set of one of them is refused, naming it.
  Status st = jobs::RenderStats(ctx, s, {{"年末馆藏件数", "9999"}}, out + "/x.pdf", nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("年末馆藏件数"));
}

TEST_CASE("dangan stats prints the year's figures and writes the table", "[stats][cli]") {
  Built b = BuildArchive("stats-cli");
  const std::string year = std::to_string(ThisYear());
  test::CliRun run = test::RunDanganStdout("stats --year " + year + " --json --archive " + b.dir +
                                           " --clearance 机密");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  Json j = Json::parse(run.out);
  CHECK(j["馆藏"]["件数"] == 8);
  CHECK(j["本年归档"]["件数"] == 6);
  CHECK(j["冻结件数"] == 1);

  const std::string out = ScratchDir("stats-cli-out") + "/统计表.pdf";
  run = test::RunDangan("stats --year " + year + " -o " + out + " --set 填报人=赵雪梅 --archive " +
                        b.dir + " --clearance 机密");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("馆藏：8 件，35 页"));
  CHECK_THAT(run.out, Catch::Contains("本年出具利用副本：3 次，涉及 2 件"));
  test::PdfContent pdf = test::ReadPdf(out);
  REQUIRE(pdf.loaded);
  CHECK_THAT(test::Squeeze(pdf.pages[0]), Catch::Contains("赵雪梅"));

  run = test::RunDangan("stats --year 二〇二五 --archive " + b.dir);
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("二〇二五"));
  run = test::RunDangan("stats --archive " + b.dir);
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("--year"));
}

}  // namespace
}  // namespace dangan
