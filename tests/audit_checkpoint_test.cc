// Signed audit checkpoints, through the dangan command: a checkpoint kept outside the archive
// proves that the log still holds every entry it had when the checkpoint was signed, unchanged,
// even against someone who can write catalogue.sqlite (drop the triggers, delete the newest
// entries, re-hash every row and reset the head).
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "archive/src/audit_log.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using test::CliRun;
using test::RunDangan;
using test::ScratchDir;
using test::SourcePath;

const char kScan[] = "samples/legacy/scans/Z109-WS·2016-D10-BGS-0008.pdf";
const char kDanghao[] = "Z109-WS·2016-D10-BGS-0008";

// An archive at DIR/archive whose checkpoint key lives at DIR/keys/audit.key (outside it), with
// one scan filed and looked at twice: 4 entries (key recorded, filed, two looks).
class SignedArchive {
 public:
  explicit SignedArchive(const std::string& name, const std::string& fonds = "Z109")
      : dir_(ScratchDir(name)) {
    CliRun init = Run("init --fonds " + fonds + " --company 华东精密机械有限公司 --key " + key());
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
    CliRun filed = Run(std::string("file ") + SourcePath(kScan) +
                       " --title 旧会议纪要 --year 2016 --retention D10 --dept BGS --no-ocr"
                       " --danghao " +
                       kDanghao);
    INFO(filed.out);
    REQUIRE(filed.exit_code == 0);
    Look(2);
  }

  CliRun Run(const std::string& args) const {
    return RunDangan(test::WithOptions(args, "--archive " + archive() + ""));
  }
  // stdout only: the JSON a front end reads (the Chinese message goes to stderr).
  nlohmann::json VerifyJson(const std::string& checkpoints) const {
    CliRun run = test::RunDanganStdout(
        test::WithOptions("audit verify --clearance 机密 --json " + checkpoints,
                          "--archive " + archive() + ""));
    INFO(run.out);
    return nlohmann::json::parse(run.out);
  }
  void Look(int times) const {
    for (int i = 0; i < times; ++i) REQUIRE(Run(std::string("show ") + kDanghao).exit_code == 0);
  }
  // Signs a checkpoint of the log as it is now into DIR/NAME; returns its path.
  std::string Checkpoint(const std::string& name) const {
    const std::string path = dir_ + "/" + name;
    CliRun run = Run("audit checkpoint --clearance 机密 -o " + path);
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    return path;
  }
  CliRun Verify(const std::string& checkpoints) const {
    return Run("audit verify --clearance 机密 " + checkpoints);
  }
  long long Entries() const { return fx::SqlInt(archive(), "SELECT count(*) FROM audit_log"); }

  std::string archive() const { return dir_ + "/archive"; }
  std::string key() const { return dir_ + "/keys/audit.key"; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

const char kDropGuards[] =
    "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; ";

// What someone with write access to the catalogue can do to cut the log: drop the triggers,
// delete the newest entries and point the head at the last one left.
void CutLogAfter(const std::string& archive, int64_t keep) {
  const std::string k = std::to_string(keep);
  REQUIRE(fx::Sql(archive, std::string(kDropGuards) + "DELETE FROM audit_log WHERE id > " + k +
                               "; UPDATE config SET value = '" + k +
                               " ' || (SELECT hash FROM audit_log WHERE id = " + k +
                               ") WHERE key = 'audit_head';") == "");
}

// Rewrites the whole log consistently after changing who did entry `id`: every hash recomputed
// from the rows' fields, the head reset. Without a copy of the head kept elsewhere this is
// indistinguishable from an honest log.
void RewriteWho(const std::string& archive, int64_t id, const std::string& who) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((archive + "/catalogue.sqlite").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, kDropGuards, nullptr, nullptr, nullptr) == SQLITE_OK);
  std::vector<AuditEntry> log;
  sqlite3_stmt* read = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT id, at, who, action, danghao, detail FROM audit_log "
                             "ORDER BY id",
                             -1, &read, nullptr) == SQLITE_OK);
  while (sqlite3_step(read) == SQLITE_ROW) {
    AuditEntry e;
    e.id = sqlite3_column_int64(read, 0);
    auto text = [&](int col) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(read, col)));
    };
    e.at = text(1);
    e.who = e.id == id ? who : text(2);
    e.action = text(3);
    e.danghao = text(4);
    e.detail = text(5);
    log.push_back(e);
  }
  sqlite3_finalize(read);
  std::string prev(64, '0');
  sqlite3_stmt* write = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "UPDATE audit_log SET who = ?, prev_hash = ?, hash = ? WHERE id = ?",
                             -1, &write, nullptr) == SQLITE_OK);
  for (AuditEntry& e : log) {
    e.prev_hash = prev;
    e.hash = archive::AuditHash(prev, e);
    sqlite3_bind_text(write, 1, e.who.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(write, 2, e.prev_hash.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(write, 3, e.hash.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(write, 4, e.id);
    REQUIRE(sqlite3_step(write) == SQLITE_DONE);
    sqlite3_reset(write);
    prev = e.hash;
  }
  sqlite3_finalize(write);
  const std::string head = std::to_string(log.back().id) + " " + prev;
  REQUIRE(sqlite3_exec(
              db, ("UPDATE config SET value = '" + head + "' WHERE key = 'audit_head'").c_str(),
              nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

// Replaces the value of the line starting with `label` in a checkpoint file.
void EditLine(const std::string& path, const std::string& label, const std::string& value) {
  std::string text = fx::ReadAll(path);
  const size_t start = text.find(label);
  REQUIRE(start != std::string::npos);
  const size_t end = text.find('\n', start);
  text.replace(start, end - start, label + value);
  test::WriteFile(path, text);
}

std::string LineValue(const std::string& text, const std::string& label) {
  const size_t start = text.find("\n" + label);
  if (start == std::string::npos) return "";
  const size_t value = start + 1 + label.size();
  return text.substr(value, text.find('\n', value) - value);
}

}  // namespace

TEST_CASE("init --key writes the signing key outside the archive, readable by its owner only",
          "[audit-checkpoint]") {
  SignedArchive a("checkpoint-key");
  struct stat st;
  REQUIRE(stat(a.key().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(fx::ReadAll(a.key()).find("PRIVATE KEY") != std::string::npos);
  // The catalogue knows the public key only.
  CHECK(fx::SqlInt(a.archive(),
                   "SELECT count(*) FROM config WHERE key = 'audit_public_key' AND "
                   "length(value) = 64") == 1);
}

TEST_CASE("a signing key inside the archive folder is refused and no archive is made",
          "[audit-checkpoint]") {
  const std::string dir = ScratchDir("checkpoint-key-inside");
  CliRun inside =
      RunDangan("init --archive " + dir + "/archive --fonds Z109 --company 某公司 --key " + dir +
                "/archive/keys/audit.key");
  INFO(inside.out);
  CHECK(inside.exit_code == 2);
  CHECK(inside.out.find("档案库目录") != std::string::npos);
  struct stat st;
  CHECK(stat((dir + "/archive/catalogue.sqlite").c_str(), &st) != 0);
  CHECK(stat((dir + "/archive/keys/audit.key").c_str(), &st) != 0);
  // Nor by a way round through a folder that does not exist yet.
  CliRun round = RunDangan("init --archive " + dir + "/archive --fonds Z109 --company 某公司 --key " +
                           dir + "/elsewhere/../archive/audit.key");
  INFO(round.out);
  CHECK(round.exit_code == 2);
  CHECK(stat((dir + "/archive/audit.key").c_str(), &st) != 0);
}

TEST_CASE("a key can be added to an archive made without one", "[audit-checkpoint]") {
  const std::string dir = ScratchDir("checkpoint-key-later");
  const std::string opts = "--archive " + dir + "/archive";
  REQUIRE(RunDangan("init " + opts + " --fonds Z109 --company 某公司").exit_code == 0);
  CliRun no_key = RunDangan("audit checkpoint " + opts + " --clearance 机密 -o " + dir + "/c.txt");
  CHECK(no_key.exit_code == 2);
  CHECK(no_key.out.find("audit key") != std::string::npos);
  CliRun added = RunDangan("audit key " + opts + " --key " + dir + "/audit.key");
  INFO(added.out);
  REQUIRE(added.exit_code == 0);
  CliRun signed_ = RunDangan("audit checkpoint " + opts + " --clearance 机密 -o " + dir + "/c.txt");
  INFO(signed_.out);
  CHECK(signed_.exit_code == 0);
  CHECK(RunDangan("audit verify " + opts + " --clearance 机密 --checkpoint " + dir + "/c.txt")
            .exit_code == 0);
}

TEST_CASE("a checkpoint is a printable text with the archive, count, head, time, key, signature",
          "[audit-checkpoint]") {
  SignedArchive a("checkpoint-text");
  const long long entries = a.Entries();
  const std::string text = fx::ReadAll(a.Checkpoint("checkpoint.txt"));
  INFO(text);
  for (unsigned char c : text) CHECK((c >= 0x20 || c == '\n'));
  CHECK(LineValue(text, "全宗号：") == "Z109");
  CHECK(LineValue(text, "立档单位：") == "华东精密机械有限公司");
  CHECK(LineValue(text, "条数：") == std::to_string(entries));
  CHECK(LineValue(text, "链尾哈希：").size() == 64);
  CHECK(LineValue(text, "时间：").size() == 25);
  CHECK(LineValue(text, "公钥：").size() == 64);
  CHECK(LineValue(text, "签名：").size() == 128);
  // Signing is itself logged, after the entries it covers.
  CHECK(a.Entries() == entries + 1);
}

TEST_CASE("audit verify accepts checkpoints of an untouched log, also after more filings",
          "[audit-checkpoint]") {
  SignedArchive a("checkpoint-untouched");
  const std::string first = a.Checkpoint("first.txt");
  CliRun now = a.Verify("--checkpoint " + first);
  INFO(now.out);
  CHECK(now.exit_code == 0);
  CHECK(now.out.find("检查点") != std::string::npos);
  a.Look(3);
  const std::string second = a.Checkpoint("second.txt");
  a.Look(1);
  CliRun later = a.Verify("--checkpoint " + first + " --checkpoint " + second);
  INFO(later.out);
  CHECK(later.exit_code == 0);
  auto report = a.VerifyJson("--checkpoint " + first + " --checkpoint " + second);
  CHECK(report["intact"] == true);
  CHECK(report["checkpoints"].size() == 2);
}

TEST_CASE("a log cut at its end is found against a checkpoint, naming the first missing entry",
          "[audit-checkpoint]") {
  SignedArchive a("checkpoint-cut");
  a.Look(4);                                                      // entries 1..8
  const std::string checkpoint = a.Checkpoint("checkpoint.txt");  // covers 8, logs 9
  CutLogAfter(a.archive(), 5);
  // The chain and the head inside the file agree with each other: alone they cannot tell.
  CHECK(a.Verify("").exit_code == 0);
  CliRun cut = a.Verify("--checkpoint " + checkpoint);
  INFO(cut.out);
  CHECK(cut.exit_code == 1);
  CHECK(cut.out.find("第 6 条") != std::string::npos);
  CHECK(cut.out.find("缺失") != std::string::npos);
  auto report = a.VerifyJson("--checkpoint " + checkpoint);
  CHECK(report["intact"] == false);
  CHECK(report["problems"][0]["entry"] == 6);
  CHECK(report["problems"][0]["code"] == "audit_entries_missing");
}

TEST_CASE("a log re-hashed whole after changing who did an entry is found against checkpoints",
          "[audit-checkpoint]") {
  SignedArchive a("checkpoint-rewrite");
  const std::string early = a.Checkpoint("early.txt");  // covers 1..4, logs 5
  a.Look(10);                                           // 6..15
  const std::string late = a.Checkpoint("late.txt");    // covers 1..15
  RewriteWho(a.archive(), 2, "王某");
  CHECK(fx::SqlInt(a.archive(), "SELECT count(*) FROM audit_log WHERE who = '王某'") == 1);
  CHECK(a.Verify("").exit_code == 0);  // consistent inside the file

  CliRun one = a.Verify("--checkpoint " + late);
  INFO(one.out);
  CHECK(one.exit_code == 1);
  CHECK(one.out.find("改写") != std::string::npos);
  // The late checkpoint's intermediate hashes already pin it to entries 2..2 (positions 2, 4, …).
  CHECK(one.out.find("第 2 条") != std::string::npos);

  CliRun both = a.Verify("--checkpoint " + late + " --checkpoint " + early);
  INFO(both.out);
  CHECK(both.exit_code == 1);
  CHECK(both.out.find("第 2 条") != std::string::npos);
}

TEST_CASE("a checkpoint whose count or signature was edited is refused", "[audit-checkpoint]") {
  SignedArchive a("checkpoint-forged");
  a.Look(2);
  const std::string path = a.Checkpoint("checkpoint.txt");
  const std::string original = fx::ReadAll(path);
  CutLogAfter(a.archive(), 3);

  EditLine(path, "条数：", "3");  // to match the cut log
  CliRun count = a.Verify("--checkpoint " + path);
  INFO(count.out);
  CHECK(count.exit_code == 1);
  CHECK(count.out.find("签名") != std::string::npos);
  CHECK(count.out.find(path) != std::string::npos);

  test::WriteFile(path, original);
  std::string signature = LineValue(original, "签名：");
  signature[0] = signature[0] == 'a' ? 'b' : 'a';
  EditLine(path, "签名：", signature);
  CliRun sig = a.Verify("--checkpoint " + path);
  INFO(sig.out);
  CHECK(sig.exit_code == 1);
  CHECK(sig.out.find("签名") != std::string::npos);
}

TEST_CASE("a checkpoint of another archive or key is refused", "[audit-checkpoint]") {
  SignedArchive a("checkpoint-ours");
  SignedArchive other("checkpoint-theirs");
  const std::string theirs = other.Checkpoint("theirs.txt");
  CliRun run = a.Verify("--checkpoint " + theirs);
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("公钥") != std::string::npos);
  // Signing with a key that is not the archive's is refused too.
  CliRun wrong_key =
      a.Run("audit checkpoint --clearance 机密 -o " + a.dir() + "/x.txt --key " + other.key());
  INFO(wrong_key.out);
  CHECK(wrong_key.exit_code == 2);
  CHECK(wrong_key.out.find("公钥") != std::string::npos);
}

}  // namespace dangan
