// Streamed imports: rows are filed in chunks inside one transaction, so a rejected row (even the
// last of thousands, after earlier chunks were filed), a dry run, an I/O error or a killed
// process leave the archive exactly as it was; the report of rejected rows still holds every
// one of them while the problems kept in memory are capped. Uses the archive's fault points
// (archive/src/archive_util.h, a private part tested on purpose) to count and to kill.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "archive/src/archive_util.h"  // private part, tested on purpose: the fault points
#include "dangan/generator/template.h"
#include "dangan/importers/import.h"
#include "dangan/jobs/json.h"
#include "support/archive_fixtures.h"
#include "support/import_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using import_test::Problems;

const char kHeader[] = "档号,年度,保管期限,机构,题名,责任者,日期,页数,密级,备注\n";

// `good` rows of class 2020-Y-BGS from piece `first`, then `bad` rows without a title.
std::string Catalogue(const std::string& path, int first, int good, int bad) {
  std::string text = kHeader;
  char line[256];
  for (int i = 0; i < good + bad; ++i) {
    std::snprintf(line, sizeof line, "Z109-WS·2020-Y-BGS-%04d,2020,永久,BGS,%s,办公室,2020-03-05,2,内部,\n",
                  first + i, i < good ? ("流式导入第" + std::to_string(first + i) + "号").c_str() : "");
    text += line;
  }
  return test::WriteFile(path, text);
}

ImportOptions Options(bool skip, bool dry_run = false) {
  ImportOptions o;
  o.target = ImportTarget::kCatalogue;
  o.skip_bad_rows = skip;
  o.dry_run = dry_run;
  return o;
}

// What must not change when an import is refused, rolled back or only tried.
struct Snapshot {
  size_t items = 0, audit = 0, hits = 0;
  bool operator==(const Snapshot& o) const {
    return items == o.items && audit == o.audit && hits == o.hits;
  }
};

Snapshot Take(Archive& a) {
  Snapshot s;
  std::vector<ItemRecord> items;
  ListFilter all;
  all.limit = 0;
  REQUIRE(a.List(all, &items, &s.items).ok());
  std::vector<AuditEntry> log;
  REQUIRE(a.AuditLog("", Secrecy::kSecret, &log).ok());
  s.audit = log.size();
  SearchRequest q;
  q.query = "流式导入";
  q.exact_total = true;
  SearchResults found;
  REQUIRE(a.Search(q, &found).ok());
  s.hits = found.total;
  AuditReport audit;
  REQUIRE(a.VerifyAudit(&audit).ok());
  CHECK(audit.intact);
  CheckReport check;
  REQUIRE(a.Check(fx::CountTestPages, &check).ok());
  INFO(fx::Describe(check));
  CHECK(check.ok());
  return s;
}

std::string NewArchiveWithItems(const std::string& name) {
  std::string dir = fx::NewArchive(name);
  auto archive = fx::OpenArchive(dir);
  ImportReport r;
  std::string first = Catalogue(dir + "/first.csv", 1, 3, 0);
  REQUIRE(ImportSpreadsheet(first, Options(false), archive.get(), &r).ok());
  REQUIRE(r.rows_added == 3);
  return dir;
}

int chunks_filed = 0;
void CountChunks(const char* point) {
  if (std::strcmp(point, "filing: committed") == 0) ++chunks_filed;
}

TEST_CASE("a rejected last row of thousands leaves the archive as it was, chunks filed before it "
          "rolled back", "[import][stream]") {
  std::string dir = NewArchiveWithItems("import-stream-last-bad");
  auto archive = fx::OpenArchive(dir);
  Snapshot before = Take(*archive);
  CHECK(before.items == 3);
  CHECK(before.hits == 3);
  std::string input = Catalogue(dir + "/big.csv", 4, 3500, 1);
  chunks_filed = 0;
  archive::SetFaultHook(CountChunks);
  ImportReport r;
  Status st = ImportSpreadsheet(input, Options(false), archive.get(), &r);
  archive::SetFaultHook(nullptr);
  INFO(Problems(r));
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().find("未作任何改动") != std::string::npos);
  CHECK(chunks_filed == 3);  // 3,000 rows were filed inside the transaction before the bad one
  CHECK(r.rows_read == 3501);
  CHECK(r.rows_rejected == 1);
  CHECK(r.rows_added == 0);
  CHECK(r.added.empty());
  CHECK_FALSE(r.written);
  CHECK(import_test::HasProblemCode(r, 3502, "E（题名）", "required"));
  CHECK(Take(*archive) == before);
  // The same file, its bad row left out, goes in whole.
  ImportReport ok;
  REQUIRE(ImportSpreadsheet(input, Options(true), archive.get(), &ok).ok());
  CHECK(ok.rows_added == 3500);
  CHECK(Take(*archive).items == 3503);
}

TEST_CASE("a dry run leaves the archive untouched, byte for byte", "[import][stream]") {
  std::string dir = NewArchiveWithItems("import-stream-dry");
  auto archive = fx::OpenArchive(dir);
  Snapshot before = Take(*archive);
  archive.reset();
  std::string input = Catalogue(dir + "/big.csv", 4, 2500, 2);
  std::string bytes = fx::ReadAll(dir + "/catalogue.sqlite");
  archive = fx::OpenArchive(dir);
  for (bool skip : {false, true}) {
    ImportReport r;
    Status st = ImportSpreadsheet(input, Options(skip, true), archive.get(), &r);
    CHECK(st.ok() == skip);
    CHECK(r.added.size() == 2500);  // listed as they would be added
    CHECK(r.rows_rejected == 2);
    CHECK_FALSE(r.written);
    CHECK(r.report_file.empty());
  }
  archive.reset();
  CHECK(fx::ReadAll(dir + "/catalogue.sqlite") == bytes);
  archive = fx::OpenArchive(dir);
  CHECK(Take(*archive) == before);
}

TEST_CASE("every rejected row is in the report file, the problems kept in memory are capped",
          "[import][stream]") {
  std::string dir = fx::NewArchive("import-stream-cap");
  auto archive = fx::OpenArchive(dir);
  std::string input = Catalogue(dir + "/mixed.csv", 1, 2500, 1200);
  ImportReport r;
  REQUIRE(ImportSpreadsheet(input, Options(true), archive.get(), &r).ok());
  CHECK(r.rows_added == 2500);
  CHECK(r.rows_rejected == 1200);
  CHECK(r.problems.size() == ImportReport::kKeptProblems);
  CHECK(r.problems_truncated == 200);
  jobs::Json json = jobs::ImportReportJson(r);
  CHECK(json["problems"].size() == ImportReport::kKeptProblems);
  CHECK(json["problems_truncated"] == 200);
  CHECK(json["problems"][0]["code"] == "required");
  REQUIRE_FALSE(r.report_file.empty());
  std::string report = fx::ReadAll(r.report_file);
  size_t lines = 0;
  for (char c : report) lines += c == '\n' ? 1 : 0;
  CHECK(lines == 1201);  // the header and every rejected row
  CHECK(report.find("第 3701 行") != std::string::npos);  // the last one
  CHECK(Take(*archive).items == 2500);
}

TEST_CASE("an I/O error in the middle of an import leaves nothing written", "[import][stream]") {
  std::string dir = NewArchiveWithItems("import-stream-io");
  auto archive = fx::OpenArchive(dir);
  Snapshot before = Take(*archive);
  // 2,500 good rows go in (two chunks filed), then the report of the bad row cannot be written.
  std::string input = Catalogue(dir + "/big.csv", 4, 2500, 1);
  ImportOptions o = Options(true);
  o.report_path = dir + "/no-such-folder/report.csv";
  ImportReport r;
  Status st = ImportSpreadsheet(input, o, archive.get(), &r);
  CHECK(st.code() == Status::Code::kIoError);
  CHECK_FALSE(r.written);  // the report says what the archive holds
  CHECK(r.rows_added == 0);
  CHECK(r.added.empty());
  CHECK(r.report_file.empty());
  CHECK(Take(*archive) == before);
}

// A 用印登记表 of `rows` rows; the last has a date that is no date when `bad_last`.
std::string Register(const std::string& path, int rows, bool bad_last) {
  std::string text = "序号,日期,部门,经办人,文件题名,编号,份数,印章,事由,备注\n";
  for (int i = 1; i <= rows; ++i) {
    std::string date = bad_last && i == rows ? "2023-02-30" : "2023-03-05";
    text += std::to_string(i) + "," + date + ",办公室,何静,流式导入登记第" + std::to_string(i) +
            "号,,1,公司章,公司内部发文,\n";
  }
  return test::WriteFile(path, text);
}

TEST_CASE("a register is stored in chunks inside one transaction: a rejected last row leaves "
          "nothing", "[import][stream]") {
  std::string dir = fx::NewArchive("import-stream-register");
  auto archive = fx::OpenArchive(dir);
  Template t;
  REQUIRE(LoadTemplate(test::SourcePath("templates/S-04.yaml"), &t).ok());
  ImportOptions o;
  o.target = ImportTarget::kRegister;
  o.register_template = &t;
  o.volume = "2023";
  std::vector<AuditEntry> log;
  REQUIRE(archive->AuditLog("", Secrecy::kSecret, &log).ok());
  const size_t audit_before = log.size();
  ImportReport refused;
  Status st = ImportSpreadsheet(Register(dir + "/bad.csv", 2501, true), o, archive.get(), &refused);
  INFO(Problems(refused));
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(refused.rows_rejected == 1);
  CHECK(refused.rows_added == 0);
  CHECK(refused.added.empty());
  std::vector<RegisterRow> rows;
  REQUIRE(archive->ReadRegisterRows("S-04", "2023", 0, 0, &rows).ok());
  CHECK(rows.empty());
  REQUIRE(archive->AuditLog("", Secrecy::kSecret, &log).ok());
  CHECK(log.size() == audit_before);

  ImportReport r;
  REQUIRE(ImportSpreadsheet(Register(dir + "/good.csv", 2501, false), o, archive.get(), &r).ok());
  CHECK(r.rows_added == 2501);
  CHECK(r.added.size() == 2501);
  REQUIRE(archive->ReadRegisterRows("S-04", "2023", 0, 0, &rows).ok());
  CHECK(rows.size() == 2501);
  REQUIRE(archive->AuditLog("", Secrecy::kSecret, &log).ok());
  CHECK(log.size() == audit_before + 3);  // one entry for each chunk stored
  AuditReport audit;
  REQUIRE(archive->VerifyAudit(&audit).ok());
  CHECK(audit.intact);
}

[[noreturn]] void KillAt(const char* point) {
  (void)point;
  raise(SIGKILL);
  _exit(9);
}

const char* kill_point = nullptr;
int kill_hits = 0;
void KillAtPoint(const char* point) {
  if (std::strcmp(point, kill_point) == 0 && --kill_hits == 0) KillAt(point);
}

TEST_CASE("an import killed after chunks were filed, or while committing, leaves nothing",
          "[import][stream]") {
  struct Case {
    const char* point;
    int hits;
  };
  for (Case c : {Case{"filing: committed", 2}, Case{"import: committing", 1}}) {
    INFO(c.point);
    std::string dir = NewArchiveWithItems(std::string("import-stream-kill-") +
                                          (c.hits == 2 ? "chunk" : "commit"));
    std::string input = Catalogue(dir + "/big.csv", 4, 2500, 0);
    Snapshot before;
    {
      auto archive = fx::OpenArchive(dir);
      before = Take(*archive);
    }
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      std::unique_ptr<Archive> a;
      if (!Archive::Open(dir, "崩溃测试", &a).ok()) _exit(2);
      kill_point = c.point;
      kill_hits = c.hits;
      archive::SetFaultHook(KillAtPoint);
      ImportReport r;
      Status st = ImportSpreadsheet(input, Options(false), a.get(), &r);
      _exit(st.ok() ? 3 : 1);  // not killed: the point was never reached
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    auto archive = fx::OpenArchive(dir);
    CHECK(Take(*archive) == before);
    // And the import, run again, goes in whole.
    ImportReport r;
    REQUIRE(ImportSpreadsheet(input, Options(false), archive.get(), &r).ok());
    CHECK(r.rows_added == 2500);
  }
}

}  // namespace
}  // namespace dangan
