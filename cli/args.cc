#include "args.h"

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <set>

#include "dangan/jobs/account_jobs.h"
#include "dangan/records/secrecy.h"

namespace dangan::cli {
namespace {

// Options that take a value; everything else starting with -- is a flag.
const std::set<std::string> kWithValue = {
    "--data",     "--format",      "--out",        "--templates",    "--set",     "--header",
    "--archive",  "--as",          "--fonds",      "--company",      "--pattern", "--item",
    "--title",    "--year",        "--retention",  "--dept",         "--secrecy", "--category",
    "--date",     "--responsible", "--doc-ref",    "--notes",        "--as-of",   "--reason",
    "--source",   "--form",        "--limit",      "--offset",       "-o",        "--danghao",
    "--ocr-lang", "--from",        "--to",         "--clearance",    "--into",    "--mapping",
    "--files",    "--sheet",       "--encoding",   "--report",       "--rows",    "--volume",
    "--group",    "--key",         "--checkpoint", "--max-pages",    "--role",    "--listen",
    "--voids",  // dangan register add: the 序号 a correction voids
    "--decision", "--members", "--opinion", "--approver", "--witness", "--method", "--place", "--at", "--name",  // dangan appraisal (issue 16)
    "--person", "--account", "--unit", "--contact", "--letter", "--id-card", "--purpose",  // dangan use (issue 17)
    "--kind", "--until", "--due", "--note", "--text", "--state",  // dangan use (issue 17)
    "--status",  // dangan open-review decide: 开放 or 控制 (issue 17)
    "--clamav-db",  // dangan check --four-properties: ClamAV signatures (issue 17)
    "--tls-cert", "--tls-key",     "--threads",    "--max-upload-mb"};
const std::set<std::string> kFlags = {
    "--json",          "--count",        "--help",   "-h",
    "--verify",  // dangan backup: re-read the files already in the backup (issue 16)
    "--file",          "--release",      "--no-ocr", "--dry-run",
    "--skip-bad-rows", "--from-archive", "--ocr",    "--assign-danghao",
    "--refuse",  // dangan appraisal approve: the leader sends it back
    "--damaged", "--incomplete",  // dangan use return: the return check (issue 17)
    "--all",  // dangan open-review list: decided items too (issue 17)
    "--four-properties",  // dangan check: the 四性检测 of DA/T 70 (issue 17)
};

bool IsDirectory(const std::string& path) { return access((path + "/.").c_str(), F_OK) == 0; }

}  // namespace

bool Args::Flag(const std::string& name) const {
  for (const std::string& f : flags) {
    if (f == name) return true;
  }
  return false;
}

std::string Args::Option(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

std::vector<std::string> Args::All(const std::string& name) const {
  auto it = all_values.find(name);
  return it == all_values.end() ? std::vector<std::string>() : it->second;
}

// "-印章 管理" is a search query that excludes 印章, not an option: options are ASCII.
bool LooksLikeOption(const std::string& a) {
  if (a.size() < 2 || a[0] != '-') return false;
  const size_t name = a[1] == '-' ? 2 : 1;
  return name < a.size() && static_cast<unsigned char>(a[name]) < 0x80;
}

Status ParseArgs(int argc, char** argv, Args* args) {
  args->command = argc > 1 ? argv[1] : "";
  bool options_ended = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (options_ended) {
      args->positional.push_back(a);
    } else if (a == "--") {
      options_ended = true;  // everything after is an argument, even "-x" or "--json"
    } else if (a == "--user") {
      return Status::InvalidArgument(
          "选项 --user 已取消：命令行记下运行它的操作系统用户；要以某个账户的名义操作，"
          "用 --as 账户名（该账户的密码从标准输入读入）");
    } else if (kFlags.count(a)) {
      args->flags.push_back(a == "-h" ? "--help" : a);
    } else if (kWithValue.count(a)) {
      if (i + 1 >= argc) return Status::InvalidArgument("选项 " + a + " 缺少值");
      if (a == "--set") {
        args->sets.push_back(argv[++i]);
      } else {
        args->options[a] = argv[++i];
        args->all_values[a].push_back(args->options[a]);
      }
    } else if (LooksLikeOption(a)) {
      return Status::InvalidArgument("未知选项 " + a + "（用 --help 查看用法）");
    } else {
      args->positional.push_back(a);
    }
  }
  return Status::Ok();
}

int Fail(const Status& s) {
  std::cerr << "错误：" << s.ToString() << "\n";
  return ExitStatusOf(s);
}

int Fail(const Args& args, const Status& s) {
  if (args.Flag("--json")) std::cout << jobs::DumpJson(jobs::StatusJson(s)) << "\n";
  return Fail(s);
}

// Templates live in the source tree; the build tree's binary finds them two levels up.
std::string TemplateDir(const Args& args) {
  if (args.Has("--templates")) return args.Option("--templates");
  if (const char* env = std::getenv("DANGAN_TEMPLATES")) return env;
  if (IsDirectory("templates")) return "templates";
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::string dir(exe, static_cast<size_t>(n));
    for (int up = 0; up < 3; ++up) {
      dir = dir.substr(0, dir.rfind('/'));
      if (IsDirectory(dir + "/templates")) return dir + "/templates";
    }
  }
  return "templates";
}

std::string ArchiveDir(const Args& args) {
  if (args.Has("--archive")) return args.Option("--archive");
  if (const char* env = std::getenv("DANGAN_ARCHIVE")) return env;
  return "dangan-archive";
}

std::string OsUserName() {
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  return "uid " + std::to_string(geteuid());
}

Status ReadPassword(const std::string& prompt, std::string* out) {
  out->clear();
  if (!isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, *out)) return Status::InvalidArgument("标准输入中没有密码");
    if (!out->empty() && out->back() == '\r') out->pop_back();
    return Status::Ok();
  }
  std::cerr << prompt << std::flush;
  termios old{};
  const bool quiet = tcgetattr(STDIN_FILENO, &old) == 0;
  if (quiet) {
    termios silent = old;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
  }
  const bool got = static_cast<bool>(std::getline(std::cin, *out));
  if (quiet) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << "\n";
  if (!got) return Status::InvalidArgument("没有输入密码");
  return Status::Ok();
}

Status ReadNewPassword(std::string* out) {
  DANGAN_RETURN_IF_ERROR(ReadPassword("新密码（至少 10 个字符）：", out));
  if (!isatty(STDIN_FILENO)) return Status::Ok();
  std::string again;
  DANGAN_RETURN_IF_ERROR(ReadPassword("再输入一次：", &again));
  if (again != *out) return Status::InvalidArgument("两次输入的密码不一致");
  return Status::Ok();
}

Status ContextFromArgs(const Args& args, JobContext* ctx) {
  ctx->archive_dir = ArchiveDir(args);
  ctx->user = OsUserName();
  ctx->templates_dir = TemplateDir(args);
  const char* env = std::getenv("DANGAN_CLEARANCE");
  std::string clearance = args.Option("--clearance", env ? env : "内部");
  if (args.Has("--as")) {
    const std::string name = args.Option("--as");
    std::string password;
    DANGAN_RETURN_IF_ERROR(ReadPassword("账户「" + name + "」的密码：", &password));
    accounts::Account account;
    DANGAN_RETURN_IF_ERROR(jobs::Authenticate(*ctx, name, password, &account));
    ctx->user += "（账户 " + account.name + "）";
    if (!args.Has("--clearance")) clearance = SecrecyName(account.clearance);
  }
  const auto level = ParseSecrecy(clearance);
  if (!level) {
    return Status::InvalidArgument("密级「" + clearance + "」无效：应为公开、内部、秘密或机密");
  }
  ctx->clearance = *level;
  return Status::Ok();
}

Status SetsFromArgs(const Args& args, std::map<std::string, std::string>* out) {
  for (const std::string& s : args.sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--set 应写作 字段=值，而不是「" + s + "」");
    }
    (*out)[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return Status::Ok();
}

}  // namespace dangan::cli
