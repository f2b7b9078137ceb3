// Accounts in a real catalogue: passwords, sign-in, lockout, sessions and their audit entries.
#include "dangan/accounts/accounts.h"

#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "support/archive_fixtures.h"

using namespace dangan;
using namespace dangan::accounts;
namespace fx = dangan::archive_test;

namespace {

struct Env {
  std::string dir;
  std::unique_ptr<Archive> archive;
  int64_t now = 1'700'000'000;
  Accounts accounts;
  explicit Env(const std::string& name)
      : dir(fx::NewArchive(name)),
        archive(fx::OpenArchive(dir)),
        accounts(*archive, "张档案", [this] { return now; }) {}
};

const std::string kPassword = "正确的密码abc123";

std::vector<std::string> AuditActions(Archive& a) {
  std::vector<AuditEntry> log;
  REQUIRE(a.AuditLog("", Secrecy::kSecret, &log).ok());
  std::vector<std::string> actions;
  for (const AuditEntry& e : log) actions.push_back(e.action);
  return actions;
}

// The password hash as stored, read through a connection of the test's own.
std::string StoredHash(const std::string& dir) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((dir + "/catalogue.sqlite").c_str(), &db, SQLITE_OPEN_READONLY,
                          nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT password_hash FROM accounts", -1, &st, nullptr) ==
          SQLITE_OK);
  std::string hash;
  if (sqlite3_step(st) == SQLITE_ROW) {
    hash = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return hash;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("an added account is listed with its role, clearance and department", "[accounts]") {
  Env e("accounts_add");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "BGS", kPassword).ok());
  std::vector<Account> list;
  REQUIRE(e.accounts.ListAccounts(&list).ok());
  REQUIRE(list.size() == 1);
  CHECK(list[0].name == "王经办");
  CHECK(list[0].role == Role::kClerk);
  CHECK(list[0].clearance == Secrecy::kInternal);
  CHECK(list[0].dept == "BGS");
  CHECK_FALSE(list[0].disabled);
}

TEST_CASE("a password shorter than 10 characters is refused naming the minimum", "[accounts]") {
  Env e("accounts_short");
  Status st =
      e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", "密码九个字符abc");
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("至少 10 个字符"));
  // Ten Chinese characters are 30 bytes but only ten characters: enough.
  CHECK(
      e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", "一二三四五六七八九十")
          .ok());
}

TEST_CASE("a name already taken is refused", "[accounts]") {
  Env e("accounts_dup");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  Status st = e.accounts.AddAccount("王经办", Role::kAuditor, Secrecy::kPublic, "", kPassword);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("「王经办」已被使用"));
}

TEST_CASE("a name with a control character is refused by the text rule", "[accounts]") {
  Env e("accounts_badname");
  Status st = e.accounts.AddAccount("王\x1b经办", Role::kClerk, Secrecy::kInternal, "", kPassword);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("用户名"));
}

TEST_CASE("the catalogue keeps an Argon2id hash, never the password", "[accounts]") {
  Env e("accounts_hash");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string hash = StoredHash(e.dir);
  CHECK_THAT(hash, Catch::StartsWith("$argon2id$"));
  CHECK(hash.find(kPassword) == std::string::npos);
  CHECK(IsArgon2idHash(hash));
}

TEST_CASE("a right password signs in and the session resumes", "[accounts]") {
  Env e("accounts_signin");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "BGS", kPassword).ok());
  std::string token;
  REQUIRE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  CHECK(token.size() == 64);
  CHECK(fx::SqlInt(e.dir, "SELECT count(*) FROM sessions WHERE token_sha256 = '" + token + "'") ==
        0);
  e.now += 60;
  Account who;
  REQUIRE(e.accounts.ResumeSession(token, &who).ok());
  CHECK(who.name == "王经办");
  CHECK(who.dept == "BGS");
  REQUIRE(e.accounts.SignOut(token).ok());
  CHECK_FALSE(e.accounts.ResumeSession(token, &who).ok());
}

TEST_CASE("a wrong password and an unknown name get the same message", "[accounts]") {
  Env e("accounts_wrong");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  Status wrong = e.accounts.SignIn("王经办", "错误的密码错误的密码", &token);
  Status unknown = e.accounts.SignIn("无此人", kPassword, &token);
  REQUIRE_FALSE(wrong.ok());
  REQUIRE_FALSE(unknown.ok());
  CHECK(wrong.message() == "用户名或密码错误");
  CHECK(unknown.message() == wrong.message());
}

TEST_CASE("five failed sign-ins lock the account for 15 minutes", "[accounts]") {
  Env e("accounts_lock");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(e.accounts.SignIn("王经办", "错误的密码错误的密码", &token).ok());
    e.now += 10;
  }
  Status locked = e.accounts.SignIn("王经办", kPassword, &token);
  REQUIRE_FALSE(locked.ok());
  CHECK_THAT(locked.message(), Catch::Contains("锁定"));
  e.now += 14 * 60;
  CHECK_FALSE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  e.now += 60;
  CHECK(e.accounts.SignIn("王经办", kPassword, &token).ok());
  auto actions = AuditActions(*e.archive);
  CHECK(std::count(actions.begin(), actions.end(), "登录失败") == 4);
  CHECK(Has(actions, "账户锁定"));
}

TEST_CASE("failures spread over more than 15 minutes do not lock", "[accounts]") {
  Env e("accounts_nolock");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  for (int i = 0; i < 6; ++i) {
    CHECK_FALSE(e.accounts.SignIn("王经办", "错误的密码错误的密码", &token).ok());
    e.now += 5 * 60;
  }
  CHECK(e.accounts.SignIn("王经办", kPassword, &token).ok());
}

TEST_CASE("disabling an account ends its sessions and forbids signing in", "[accounts]") {
  Env e("accounts_disable");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  REQUIRE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  REQUIRE(e.accounts.DisableAccount("王经办").ok());
  Account who;
  CHECK_FALSE(e.accounts.ResumeSession(token, &who).ok());
  CHECK(fx::SqlInt(e.dir, "SELECT count(*) FROM sessions") == 0);
  Status st = e.accounts.SignIn("王经办", kPassword, &token);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message() == "用户名或密码错误");
}

TEST_CASE("a session unused for 30 minutes expires", "[accounts]") {
  Env e("accounts_idle");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  REQUIRE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  Account who;
  e.now += 29 * 60;
  REQUIRE(e.accounts.ResumeSession(token, &who).ok());  // refreshes last-seen
  e.now += 29 * 60;
  REQUIRE(e.accounts.ResumeSession(token, &who).ok());
  e.now += 30 * 60;
  Status st = e.accounts.ResumeSession(token, &who);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("30 分钟"));
}

TEST_CASE("changing a password ends sessions and the new one signs in", "[accounts]") {
  Env e("accounts_passwd");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  REQUIRE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  CHECK_FALSE(e.accounts.ChangePassword("王经办", "短").ok());
  REQUIRE(e.accounts.ChangePassword("王经办", "新的密码新的密码新的").ok());
  Account who;
  CHECK_FALSE(e.accounts.ResumeSession(token, &who).ok());
  CHECK_FALSE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  CHECK(e.accounts.SignIn("王经办", "新的密码新的密码新的", &token).ok());
}

TEST_CASE("every account event is in the audit log and the chain stays intact", "[accounts]") {
  Env e("accounts_audit");
  REQUIRE(e.accounts.AddAccount("王经办", Role::kClerk, Secrecy::kInternal, "", kPassword).ok());
  std::string token;
  REQUIRE(e.accounts.SignIn("王经办", kPassword, &token).ok());
  for (int i = 0; i < 5; ++i) (void)e.accounts.SignIn("王经办", "错误的密码错误的密码", &token);
  REQUIRE(e.accounts.ChangePassword("王经办", "新的密码新的密码新的").ok());
  REQUIRE(e.accounts.DisableAccount("王经办").ok());
  auto actions = AuditActions(*e.archive);
  for (const char* a : {"新建账户", "登录", "登录失败", "账户锁定", "修改密码", "停用账户"}) {
    CHECK(Has(actions, a));
  }
  AuditReport report;
  REQUIRE(e.archive->VerifyAudit(&report).ok());
  CHECK(report.intact);
}

TEST_CASE("each role is allowed exactly its actions", "[accounts]") {
  using A = Action;
  struct Row {
    A action;
    bool clerk, archivist, auditor, admin;
  } table[] = {
      {A::kSearchAndRead, true, true, false, false},
      {A::kGenerateForms, true, true, false, false},
      {A::kFileOwnGenerated, true, true, false, false},
      {A::kFileAny, false, true, false, false},
      {A::kEditRecords, false, true, false, false},
      {A::kRetention, false, true, false, false},
      {A::kHolds, false, true, false, false},
      {A::kIssueCopies, false, true, false, false},
      {A::kImport, false, true, false, false},
      {A::kReadAuditLog, false, false, true, false},
      {A::kRunChecks, false, false, true, false},
      {A::kManageAccounts, false, false, false, true},
      {A::kAppraise, false, true, false, false},
  };
  for (const Row& r : table) {
    INFO("action " << static_cast<int>(r.action));
    CHECK(Allows(Role::kClerk, r.action) == r.clerk);
    CHECK(Allows(Role::kArchivist, r.action) == r.archivist);
    CHECK(Allows(Role::kAuditor, r.action) == r.auditor);
    CHECK(Allows(Role::kAdministrator, r.action) == r.admin);
  }
  CHECK(ParseRole(" 档案员 ") == Role::kArchivist);
  CHECK_FALSE(ParseRole("超级用户"));
  CHECK(std::string(RoleName(Role::kAuditor)) == "审计员");
}
