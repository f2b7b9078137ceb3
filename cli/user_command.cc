// dangan user add|list|passwd|disable: the archive owner's tool for accounts. The first
// administrator is made here; later ones also in the browser.
#include <iostream>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "dangan/jobs/account_jobs.h"

namespace dangan::cli {
namespace {

const char kUserHelp[] =
    "用法：dangan user add 用户名 --role 经办人|档案员|审计员|管理员 --clearance "
    "公开|内部|秘密|机密\n"
    "                     [--dept 机构代码]\n"
    "      dangan user list [--json]\n"
    "      dangan user passwd 用户名\n"
    "      dangan user disable 用户名          停用账户并结束它的全部会话\n"
    "密码从标准输入的第一行读入（标准输入不是终端时），否则提示输入两次；至少 10 个字符。\n"
    "账户用于 dangan serve 的登录；命令行记下的操作人是操作系统用户（或 --as 账户名）。\n";

int AddUser(const Args& args, const JobContext& ctx) {
  if (args.positional.size() != 2 || !args.Has("--role") || !args.Has("--clearance")) {
    return Fail(args,
                Status::InvalidArgument(
                    "用法：dangan user add 用户名 --role 角色 --clearance 密级 [--dept 机构]"));
  }
  std::string password;
  Status s = ReadNewPassword(&password);
  if (s.ok()) {
    s = jobs::AddAccount(ctx,
                         {args.positional[1], args.Option("--role"), args.Option("--clearance"),
                          args.Option("--dept")},
                         password);
  }
  if (!s.ok()) return Fail(args, s);
  std::cout << "已新建账户「" << args.positional[1] << "」（" << args.Option("--role") << "，"
            << args.Option("--clearance") << "）\n";
  return 0;
}

int ListUsers(const Args& args, const JobContext& ctx) {
  std::vector<accounts::Account> list;
  Status s = jobs::ListAccounts(ctx, &list);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json out = Json::array();
    for (const accounts::Account& a : list) out.push_back(jobs::AccountJson(a));
    std::cout << jobs::DumpJson(Json{{"accounts", out}}) << "\n";
    return 0;
  }
  for (const accounts::Account& a : list) {
    std::cout << a.name << "\t" << accounts::RoleName(a.role) << "\t" << SecrecyName(a.clearance)
              << "\t" << (a.dept.empty() ? "-" : a.dept) << (a.disabled ? "\t已停用" : "") << "\n";
  }
  std::cout << "共 " << list.size() << " 个账户\n";
  return 0;
}

int ChangeUserPassword(const Args& args, const JobContext& ctx) {
  if (args.positional.size() != 2) {
    return Fail(args, Status::InvalidArgument("用法：dangan user passwd 用户名"));
  }
  std::string password;
  Status s = ReadNewPassword(&password);
  if (s.ok()) s = jobs::ChangePassword(ctx, args.positional[1], password);
  if (!s.ok()) return Fail(args, s);
  std::cout << "已修改账户「" << args.positional[1] << "」的密码，它的会话已全部结束\n";
  return 0;
}

int DisableUser(const Args& args, const JobContext& ctx) {
  if (args.positional.size() != 2) {
    return Fail(args, Status::InvalidArgument("用法：dangan user disable 用户名"));
  }
  Status s = jobs::DisableAccount(ctx, args.positional[1]);
  if (!s.ok()) return Fail(args, s);
  std::cout << "已停用账户「" << args.positional[1] << "」，它的会话已全部结束\n";
  return 0;
}

}  // namespace

int UserCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kUserHelp;
    return 0;
  }
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  if (sub == "add") return AddUser(args, ctx);
  if (sub == "list") return ListUsers(args, ctx);
  if (sub == "passwd") return ChangeUserPassword(args, ctx);
  if (sub == "disable") return DisableUser(args, ctx);
  std::cerr << kUserHelp;
  return 2;
}

}  // namespace dangan::cli
