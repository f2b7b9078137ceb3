// dangan user add|list|passwd|disable and --as: accounts made and changed from the command line
// (the archive owner's tool), passwords from standard input, the OS user as who.
#include <pwd.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"

using dangan::archive_test::NewArchive;
using dangan::archive_test::SqlInt;
using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::RunDanganWithInput;
using dangan::test::WithOptions;
using Json = nlohmann::json;

namespace {

const char kPassword[] = "档案室的密码0123";

std::string OsUser() { return getpwuid(geteuid())->pw_name; }

struct AccountsArchive {
  std::string dir = NewArchive("user_cli");
  CliRun Run(const std::string& args, const std::string& input = "") const {
    return RunDanganWithInput(WithOptions(args, "--archive " + dir), input);
  }
  CliRun Add(const std::string& name, const std::string& role, const std::string& clearance,
             const std::string& password = kPassword) const {
    return Run("user add " + name + " --role " + role + " --clearance " + clearance,
               password + "\n");
  }
  long long Count(const std::string& sql) const { return SqlInt(dir, sql); }
};

}  // namespace

TEST_CASE("user add reads the password from standard input and stores only an Argon2id hash",
          "[accounts][cli]") {
  AccountsArchive a;
  CliRun run = a.Add("王管理", "管理员", "机密");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(a.Count("SELECT count(*) FROM accounts WHERE name = '王管理' AND password_hash LIKE "
                "'$argon2id$%'") == 1);
  CHECK(a.Count("SELECT count(*) FROM accounts WHERE instr(password_hash, '的密码') > 0") == 0);
  CliRun list = a.Run("user list --json");
  const Json accounts = Json::parse(list.out)["accounts"];
  REQUIRE(accounts.size() == 1);
  CHECK(accounts[0]["name"] == "王管理");
  CHECK(accounts[0]["role"] == "管理员");
  CHECK(accounts[0]["clearance"] == "机密");
  CHECK(accounts[0].count("password_hash") == 0);
}

TEST_CASE("user add refuses a short password, an unknown role or clearance, naming what is wrong",
          "[accounts][cli]") {
  AccountsArchive a;
  CliRun run = a.Add("李经办", "经办人", "内部", "短密码123");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("密码至少 10 个字符"));
  run = a.Add("李经办", "老板", "内部");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("角色"));
  CHECK_THAT(run.out, Catch::Contains("老板"));
  run = a.Add("李经办", "经办人", "绝密");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("绝密"));
  run = a.Run("user add 李经办 --role 经办人 --clearance 内部", "");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("没有密码"));
  CHECK(a.Count("SELECT count(*) FROM accounts") == 0);
}

TEST_CASE("the command line records the OS user as who, and the account too with --as",
          "[accounts][cli]") {
  AccountsArchive a;
  REQUIRE(a.Add("张档案", "档案员", "秘密").exit_code == 0);
  CHECK(a.Count("SELECT count(*) FROM audit_log WHERE action = '新建账户' AND who = '" + OsUser() +
                "'") == 1);
  CliRun run = a.Run("list --as 张档案", std::string(kPassword) + "\n");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  run = a.Run("user disable 张档案 --as 张档案", std::string(kPassword) + "\n");
  CHECK(run.exit_code == 0);
  CHECK(a.Count("SELECT count(*) FROM audit_log WHERE action = '停用账户' AND who = '" + OsUser() +
                "（账户 张档案）'") == 1);
}

TEST_CASE("a wrong password given with --as does nothing, and five failures lock the account",
          "[accounts][cli]") {
  AccountsArchive a;
  REQUIRE(a.Add("张档案", "档案员", "秘密").exit_code == 0);
  for (int i = 0; i < 5; ++i) {
    CliRun run = a.Run("user add 新人 --role 经办人 --clearance 内部 --as 张档案",
                       "错误的密码错误的密码\n" + std::string(kPassword) + "\n");
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.out, Catch::Contains("用户名或密码错误"));
  }
  CHECK(a.Count("SELECT count(*) FROM accounts WHERE name = '新人'") == 0);
  CHECK(a.Count("SELECT count(*) FROM audit_log WHERE action = '账户锁定'") == 1);
  CliRun locked = a.Run("list --as 张档案", std::string(kPassword) + "\n");
  CHECK(locked.exit_code == 6);
  CHECK_THAT(locked.out, Catch::Contains("账户已锁定"));
}

TEST_CASE(
    "user passwd replaces the password and ends the sessions, and a disabled account cannot act "
    "with --as",
    "[accounts][cli]") {
  AccountsArchive a;
  REQUIRE(a.Add("张档案", "档案员", "秘密").exit_code == 0);
  CliRun run = a.Run("user passwd 张档案", "新的档案室密码456\n");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(a.Run("list --as 张档案", std::string(kPassword) + "\n").exit_code == 2);
  CHECK(a.Run("list --as 张档案", "新的档案室密码456\n").exit_code == 0);
  CHECK(a.Run("user passwd 没有这人", "新的档案室密码456\n").exit_code == 3);
  REQUIRE(a.Run("user disable 张档案").exit_code == 0);
  CliRun refused = a.Run("list --as 张档案", "新的档案室密码456\n");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(a.Run("user list").out, Catch::Contains("已停用"));
}

TEST_CASE("account changes keep the audit chain and check clean", "[accounts][cli]") {
  AccountsArchive a;
  REQUIRE(a.Add("张档案", "档案员", "秘密").exit_code == 0);
  REQUIRE(a.Run("user passwd 张档案", "新的档案室密码456\n").exit_code == 0);
  REQUIRE(a.Run("list --as 张档案", "错误的密码错误的密码\n").exit_code == 2);
  REQUIRE(a.Run("user disable 张档案").exit_code == 0);
  CliRun verify = a.Run("audit verify --clearance 机密");
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  CliRun check = a.Run("check --clearance 机密");
  INFO(check.out);
  CHECK(check.exit_code == 0);
}
