// Clearance on every read path: list, show, copy, audit show, retention due and their --json
// output leave out items above the reader's clearance, as if they did not exist.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/intake/intake.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/filing.h"
#include "dangan/jobs/use_copy.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/scan_fixtures.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::archive_test;
using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;
using Json = nlohmann::json;

namespace {

// An archive holding one 内部 and one 机密 item of 2010 (D10: due for appraisal since 2021).
struct TwoLevels {
  std::string dir;
  std::string internal, secret;  // their 档号

  explicit TwoLevels(const std::string& name) : dir(NewArchive(name)) {
    std::unique_ptr<Archive> a = OpenArchive(dir);
    internal = FileSampleScanAt(*a, "内部通知", "内部", "Z109-WS·2015-Y-BGS-0001.pdf");
    secret = FileSampleScanAt(*a, "机密合同", "机密", "Z109-WS·2015-Y-BGS-0004.pdf");
  }


  jobs::JobContext Reader(Secrecy clearance) const {
    jobs::JobContext ctx;
    ctx.archive_dir = dir;
    ctx.user = "读者";
    ctx.clearance = clearance;
    return ctx;
  }

  CliRun Run(const std::string& args) const {
    return RunDangan(dangan::test::WithOptions(args, "--archive " + dir + ""));
  }

  Json RunJson(const std::string& args) const {
    CliRun run = Run(args + " --json");
    INFO(args << "\n" << run.out);
    REQUIRE(run.exit_code == 0);
    return Json::parse(run.out);
  }
};

std::vector<std::string> Danghaos(const std::vector<ItemRecord>& items) {
  std::vector<std::string> out;
  for (const ItemRecord& i : items) out.push_back(i.danghao);
  return out;
}

}  // namespace

TEST_CASE("an item above the reader's clearance is in no list, count or page",
          "[archive][clearance]") {
  TwoLevels t("clearance-list");
  ListFilter filter;
  std::vector<ItemRecord> items;
  size_t total = 0;
  REQUIRE(jobs::List(t.Reader(Secrecy::kInternal), filter, &items, &total).ok());
  CHECK(Danghaos(items) == std::vector<std::string>{t.internal});
  CHECK(total == 1);
  filter.offset = 1;  // a second page is empty, not the hidden item
  REQUIRE(jobs::List(t.Reader(Secrecy::kInternal), filter, &items, &total).ok());
  CHECK(items.empty());
  CHECK(total == 1);
  filter.offset = 0;
  filter.secrecy = "机密";
  REQUIRE(jobs::List(t.Reader(Secrecy::kInternal), filter, &items, &total).ok());
  CHECK(items.empty());
  CHECK(total == 0);
  REQUIRE(jobs::List(t.Reader(Secrecy::kSecret), filter, &items, &total).ok());
  CHECK(Danghaos(items) == std::vector<std::string>{t.secret});
}

TEST_CASE("show and copy of an item above the clearance answer as for one that does not exist",
          "[archive][clearance]") {
  TwoLevels t("clearance-show");
  const std::string missing = "Z109-WS·2010-D10-BGS-0099";
  CliRun hidden = t.Run("show " + t.secret);
  CliRun absent = t.Run("show " + missing);
  CHECK(hidden.exit_code == 3);
  CHECK(absent.exit_code == 3);
  CHECK(hidden.out.find("机密合同") == std::string::npos);
  std::string expected = absent.out;
  expected.replace(expected.find(missing), missing.size(), t.secret);
  CHECK(hidden.out == expected);

  const std::string out = ScratchDir("clearance-copy") + "/copy.pdf";
  CliRun hidden_copy = t.Run("copy " + t.secret + " -o " + out);
  CliRun absent_copy = t.Run("copy " + missing + " -o " + out);
  CHECK(hidden_copy.exit_code == 3);
  std::string expected_copy = absent_copy.out;
  expected_copy.replace(expected_copy.find(missing), missing.size(), t.secret);
  CHECK(hidden_copy.out == expected_copy);

  CliRun json = dangan::test::RunDanganStdout(dangan::test::WithOptions(
      "show " + t.secret + " --json", "--archive " + t.dir));
  CHECK(json.exit_code == 3);
  CHECK(json.out.find("机密合同") == std::string::npos);

  // The refused look leaves nothing about the item in the audit log.
  std::vector<AuditEntry> log;
  REQUIRE(OpenArchive(t.dir)->AuditLog(t.secret, Secrecy::kSecret, &log).ok());
  for (const AuditEntry& e : log) CHECK(e.who != "读者");
}

TEST_CASE("list, show and copy honour the clearance given with --clearance",
          "[archive][clearance]") {
  TwoLevels t("clearance-option");
  CHECK(t.RunJson("list")["total"] == 1);
  CHECK(t.RunJson("list --clearance 公开")["total"] == 0);
  Json all = t.RunJson("list --clearance 机密");
  CHECK(all["total"] == 2);
  CHECK(t.RunJson("show " + t.secret + " --clearance 机密")["题名"] == "机密合同");
  CHECK(t.Run("show " + t.internal + " --clearance 公开").exit_code == 3);
  const std::string out = ScratchDir("clearance-option-copy") + "/copy.pdf";
  CliRun copy = t.Run("copy " + t.secret + " -o " + out + " --clearance 机密");
  INFO(copy.out);
  CHECK(copy.exit_code == 0);
  CHECK(t.Run("copy " + t.internal + " -o " + out + " --clearance 公开").exit_code == 3);
}

TEST_CASE("audit show and retention due leave out items above the clearance",
          "[archive][clearance]") {
  TwoLevels t("clearance-audit");
  Json entries = t.RunJson("audit show " + t.secret)["entries"];
  CHECK(entries.empty());
  CHECK(t.RunJson("audit show " + t.internal)["entries"].size() == 1);
  CHECK(t.RunJson("audit show " + t.secret + " --clearance 机密")["entries"].size() == 1);

  std::vector<AuditEntry> log;
  REQUIRE(jobs::AuditShow(t.Reader(Secrecy::kInternal), "", &log).ok());
  for (const AuditEntry& e : log) CHECK(e.danghao != t.secret);

  Json due = t.RunJson("retention due --as-of 2024-06-30");
  CHECK(due["total"] == 1);
  CHECK(due["items"][0]["档号"] == t.internal);
  CHECK(t.RunJson("retention due --as-of 2024-06-30 --clearance 机密")["total"] == 2);
  CliRun text = t.Run("retention due --as-of 2024-06-30");
  CHECK(text.out.find("机密合同") == std::string::npos);
  CHECK(text.out.find(t.secret) == std::string::npos);
}

TEST_CASE("check and audit verify need the highest clearance", "[archive][clearance]") {
  TwoLevels t("clearance-tools");
  CliRun check = t.Run("check --clearance 秘密");
  CHECK(check.exit_code == 2);
  CHECK(check.out.find("机密") != std::string::npos);
  CHECK(t.Run("audit verify").exit_code == 2);
  CHECK(t.Run("check --clearance 机密").exit_code == 0);
  CHECK(t.Run("audit verify --clearance 机密").exit_code == 0);
}

TEST_CASE("a scan cannot join an item above the clerk's clearance", "[archive][clearance]") {
  TwoLevels t("clearance-join");
  jobs::FileScansRequest request;
  request.paths = {
      dangan::test::SourcePath("samples/legacy/scans/Z109-WS·2016-D10-BGS-0008.pdf")};
  request.ocr = false;
  request.join_item = t.secret;
  jobs::FileScansResult result;
  Status hidden = jobs::FileScans(t.Reader(Secrecy::kInternal), request, &result);
  request.join_item = "Z109-WS·2010-D10-BGS-0099";
  Status absent = jobs::FileScans(t.Reader(Secrecy::kInternal), request, &result);
  CHECK(hidden.code() == Status::Code::kNotFound);
  std::string expected = absent.message();
  expected.replace(expected.find(request.join_item), request.join_item.size(), t.secret);
  CHECK(hidden.message() == expected);
  request.join_item = t.secret;
  REQUIRE(jobs::FileScans(t.Reader(Secrecy::kSecret), request, &result).ok());
  CHECK(result.item.files.size() == 2);
}

TEST_CASE("a scan whose QR code belongs to an item above the clearance is refused unnamed",
          "[archive][clearance]") {
  TwoLevels t("clearance-qr");
  Json docs = t.RunJson("generate O-09 --data " + dangan::test::SourcePath("samples/O-09.json") +
                        " --format pdf --out " + t.dir + "/../forms --file")["documents"];
  const std::string danghao = docs[0]["档号"];
  REQUIRE(t.Run("edit " + danghao + " --secrecy 机密 --clearance 机密").exit_code == 0);
  const std::string scan = dangan::test::WritePageImage(docs[0]["files"][0]["path"], 0, 200,
                                                        t.dir + "/../签字扫描.png");
  CliRun refused = t.Run("file " + scan + " --no-ocr");
  INFO(refused.out);
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.find(danghao) == std::string::npos);
  CHECK(refused.out.find("高于你密级") != std::string::npos);
  CHECK(t.RunJson("list --clearance 机密")["total"] == 3);  // no new item was made
  CliRun joined = t.Run("file " + scan + " --no-ocr --clearance 机密");
  INFO(joined.out);
  CHECK(joined.exit_code == 0);
  CHECK(joined.out.find(danghao) != std::string::npos);
}
