// The audit log: every change is recorded with who, when and what; the hash chain shows any
// entry edited, deleted or moved.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;

const char kDropGuards[] = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; ";

// An archive with one item that has been through every kind of change: 8 entries.
std::string BusyArchive(const std::string& name) {
  std::string dir = fx::NewArchive(name);
  auto a = fx::OpenArchive(dir, "李文书");
  std::string src = ScratchDir(name + "-src");
  ItemRecord rec;
  REQUIRE(a->File(fx::SampleItem(), {fx::PdfFile(fx::WritePdf(src + "/a.pdf", "a"))}, &rec).ok());
  NewFile scan = fx::PdfFile(fx::WritePdf(src + "/s.pdf", "s"), 1, FileRole::kSignedScan);
  REQUIRE(a->AddFiles(rec.danghao, {scan}, nullptr).ok());
  REQUIRE(a->UpdateMetadata(rec.danghao, {{"题名", "改后的题名"}, {"备注", "补记"}}).ok());
  REQUIRE(a->SetHold(rec.danghao, true, "诉讼").ok());
  REQUIRE(a->SetHold(rec.danghao, false, "诉讼结束").ok());
  REQUIRE(a->Get(rec.danghao, true, nullptr).ok());
  NewItem d10 = fx::SampleItem("短期件");
  d10.retention = "D10";
  REQUIRE(a->File(d10, {}, &rec).ok());
  REQUIRE(a->SetRetention(rec.danghao, "D30").ok());
  return dir;
}

AuditReport Verify(const std::string& dir) {
  auto a = fx::OpenArchive(dir);
  AuditReport r;
  REQUIRE(a->VerifyAudit(&r).ok());
  return r;
}

TEST_CASE("Every change is in the audit log with who, when and what", "[archive]") {
  std::string dir = BusyArchive("audit-log");
  auto a = fx::OpenArchive(dir);
  std::vector<AuditEntry> log;
  REQUIRE(a->AuditLog("Z109-WS·2024-Y-BGS-0001", Secrecy::kSecret, &log).ok());
  std::vector<std::string> actions;
  for (const AuditEntry& e : log) actions.push_back(e.action);
  CHECK(actions ==
        std::vector<std::string>{"归档", "增加文件", "修改著录", "冻结", "解除冻结", "查看"});
  for (const AuditEntry& e : log) {
    CHECK(e.who == "李文书");
    CHECK(e.at.size() == 25);
    CHECK(e.hash.size() == 64);
  }
  auto filed = nlohmann::json::parse(log[0].detail);
  CHECK(filed["files"][0]["sha256"].get<std::string>().size() == 64);
  CHECK(filed["files"][0]["role"] == "原件");
  auto changed = nlohmann::json::parse(log[2].detail);
  CHECK(changed["old"]["title"] == "关于加强印章管理的通知");
  CHECK(changed["new"]["title"] == "改后的题名");
  CHECK(changed["old"]["notes"] == "");
  CHECK(changed["new"]["notes"] == "补记");
  CHECK(nlohmann::json::parse(log[3].detail)["reason"] == "诉讼");
  CHECK(log[1].prev_hash == log[0].hash);

  REQUIRE(a->AuditLog("", Secrecy::kSecret, &log).ok());
  REQUIRE(log.size() == 8);
  CHECK(log[7].action == "调整保管期限");
  auto period = nlohmann::json::parse(log[7].detail);
  CHECK(period["old"] == "D10");
  CHECK(period["new"] == "D30");
  // An unchanged value writes nothing.
  REQUIRE(a->UpdateMetadata("Z109-WS·2024-D10-BGS-0001", {{"题名", "短期件"}}).ok());
  REQUIRE(a->AuditLog("", Secrecy::kSecret, &log).ok());
  CHECK(log.size() == 8);

  AuditReport r = Verify(dir);
  CHECK(r.intact);
  CHECK(r.entries == 8);
  CHECK(r.first_broken_id == 0);
}

TEST_CASE("The catalogue refuses changes to the audit log", "[archive]") {
  std::string dir = BusyArchive("audit-guard");
  CHECK(fx::Sql(dir, "UPDATE audit_log SET who = 'x'").find("只能追加") != std::string::npos);
  CHECK(fx::Sql(dir, "DELETE FROM audit_log").find("只能追加") != std::string::npos);
}

TEST_CASE("An edited audit entry breaks the chain there", "[archive]") {
  std::string dir = BusyArchive("audit-edit");
  REQUIRE(fx::Sql(dir, std::string(kDropGuards) +
                           "UPDATE audit_log SET detail = '{\"old\":{},\"new\":{}}' WHERE id = 3")
              .empty());
  AuditReport r = Verify(dir);
  CHECK_FALSE(r.intact);
  CHECK(r.first_broken_id == 3);
  CHECK(r.problem.find("第 3 条") != std::string::npos);
  CHECK(r.problem.find("改动") != std::string::npos);
}

TEST_CASE("A deleted audit entry breaks the chain at the next one", "[archive]") {
  std::string dir = BusyArchive("audit-delete");
  REQUIRE(fx::Sql(dir, std::string(kDropGuards) + "DELETE FROM audit_log WHERE id = 4").empty());
  AuditReport r = Verify(dir);
  CHECK_FALSE(r.intact);
  CHECK(r.first_broken_id == 5);
  CHECK(r.entries == 7);
}

TEST_CASE("Reordered audit entries break the chain", "[archive]") {
  std::string dir = BusyArchive("audit-reorder");
  REQUIRE(fx::Sql(dir, std::string(kDropGuards) + "UPDATE audit_log SET id = 100 WHERE id = 5;"
                                                  "UPDATE audit_log SET id = 5 WHERE id = 6;"
                                                  "UPDATE audit_log SET id = 6 WHERE id = 100;")
              .empty());
  AuditReport r = Verify(dir);
  CHECK_FALSE(r.intact);
  CHECK(r.first_broken_id == 5);
}

TEST_CASE("Entries cut off the end of the audit log are noticed", "[archive]") {
  std::string dir = BusyArchive("audit-tail");
  REQUIRE(fx::Sql(dir, std::string(kDropGuards) + "DELETE FROM audit_log WHERE id >= 8").empty());
  AuditReport r = Verify(dir);
  CHECK_FALSE(r.intact);
  CHECK(r.first_broken_id == 8);
  CHECK(r.problem.find("末尾缺少") != std::string::npos);
}

TEST_CASE("An entry slipped into the audit log with a forged hash is noticed", "[archive]") {
  std::string dir = BusyArchive("audit-forge");
  REQUIRE(fx::Sql(dir,
                  "INSERT INTO audit_log SELECT 9, at, 'x', '查看', danghao, '{}', hash, "
                  "hash FROM audit_log WHERE id = 8")
              .empty());
  AuditReport r = Verify(dir);
  CHECK_FALSE(r.intact);
  CHECK(r.first_broken_id == 9);
}

}  // namespace
}  // namespace dangan
