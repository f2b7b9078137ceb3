// dangan: the command line. A thin layer: parse arguments, call the libraries, print results.
#include <iostream>
#include <string>

#include "args.h"
#include "commands.h"

namespace {

const char kMainHelp[] =
    "dangan 档案：按公司制度生成表单、登记表，归档并保管\n"
    "\n"
    "用法：dangan 子命令 [选项]   （dangan 子命令 --help 显示该子命令的用法）\n"
    "\n"
    "表单：\n"
    "  dangan forms [--json]                    列出全部表单模板（编号、名称、类型）\n"
    "  dangan forms show 编号 [--json]           显示一个模板的字段、类型、是否必填\n"
    "  dangan generate 编号 --data 文件 [--format pdf|xlsx|both] [--out 路径] [--file]\n"
    "                                           按数据生成表单；--file 同时归档\n"
    "档案：\n"
    "  dangan init --fonds 全宗号 --company 单位  创建档案库\n"
    "  dangan file 文件... [--item 档号] …       归档扫描件（OCR、二维码识别）\n"
    "  dangan show 档号 | dangan list [筛选]     查看\n"
    "  dangan copy 档号 -o 文件.pdf              加盖归档章的利用副本\n"
    "  dangan edit 档号 --title …               修改著录项\n"
    "  dangan retention due|set …              保管期限\n"
    "  dangan hold 档号 --reason …              冻结 / 解除冻结\n"
    "  dangan audit verify|show|checkpoint|key …\n"
    "                                          审计日志；签发检查点、以检查点核对\n"
    "  dangan check                            核对全部文件的摘要、件号、页数\n"
    "  dangan search 查询 [筛选]               全文检索（简繁通查）\n"
    "  dangan gc [--dry-run]                   清理中断的归档留下的文件\n"
    "  dangan reindex                          重建全文索引\n"
    "  dangan appraisal start|decide|opinion|approve|witness|show|list|list-pdf …\n"
    "                                          鉴定到期档案：逐件续存或拟销毁、小组意见、批准、监销\n"
    "  dangan destroy 鉴定编号                  销毁已批准并有两名监销人的档案，清册永久归档\n"
    "  dangan open-review list|decide|register …  开放审核：年度满二十五年的档案逐件定为开放或控制\n"
    "  dangan stats --year 年度 [-o 文件.pdf|.xlsx]  档案工作年度统计（件数、页数、归档、销毁、利用）\n"
    "  dangan backup 备份目录                   备份档案库（归档可同时进行；再次备份只复制新增文件）\n"
    "  dangan restore 备份目录 --archive 新目录   核对备份的摘要后恢复为新的档案库\n"
    "  dangan use request|approve|lend|renew|return|overdue|register|stats …\n"
    "                                          借阅与利用：登记申请、审批、外借与归还、登记表与统计\n"
    "  dangan export --year 年度|--category 门类|档号… -o 文件夹   移交数据包（DA/T 48 封装、目录、登记表、清单）\n"
    "  dangan verify-package 文件夹 [-o 报告.pdf]  移交接收的四性检测（DA/T 70），全部通过退出码 0\n"
    "  dangan receive 文件夹 --archive 接收档案库   检测通过后接收，保留档号、著录、开放审核和历史\n"
    "账户：\n"
    "  dangan user add|list|passwd|disable …    dangan serve 的登录账户（角色、密级、机构）\n"
    "导入：\n"
    "  dangan import 文件 --into catalogue|register:编号 [--dry-run] …\n"
    "                                           "
    "导入旧的档案目录或登记表（xlsx、xls、et、ods、csv）\n"
    "  dangan register show 编号                查看导入的登记表各行\n"
    "  dangan register add|close 编号 …         逐行登记（作废的行以更正行注明）；封册并归档\n"
    "网页：\n"
    "  dangan serve [--listen 地址:端口] [--tls-cert 文件 --tls-key 文件]\n"
    "                                           在浏览器中使用档案库（默认 127.0.0.1:8080）\n"
    "\n"
    "通用选项：\n"
    "  --archive 目录     档案库（默认：环境变量 DANGAN_ARCHIVE，或 ./dangan-archive）\n"
    "  --as 账户名        "
    "以该账户的名义操作（密码从标准输入读入）；审计日志记下操作系统用户和账户名\n"
    "  --templates 目录   模板目录（默认：环境变量 DANGAN_TEMPLATES，或 ./templates）\n"
    "  --help             显示帮助（每个子命令都有）\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace dangan::cli;
  // No start-up work for OCR here: libtesseract (and with it libgomp, whose OpenMP threads make
  // OCR 4-7x slower on two cores) is loaded only when a page is OCR'd, with OMP_THREAD_LIMIT=1
  // set just before (importers/src/ocr.cc).
  std::string command = argc > 1 ? argv[1] : "";
  if (command.empty() || command == "--help" || command == "-h" || command == "help") {
    std::cout << kMainHelp;
    return command.empty() ? 2 : 0;
  }
  Args args;
  dangan::Status s = ParseArgs(argc, argv, &args);
  if (!s.ok()) return Fail(s);
  if (command == "forms") return FormsCommand(args);
  if (command == "generate") return GenerateCommand(args);
  if (command == "init") return InitCommand(args);
  if (command == "file") return FileCommand(args);
  if (command == "show") return ShowCommand(args);
  if (command == "list") return ListCommand(args);
  if (command == "copy") return CopyCommand(args);
  if (command == "edit") return EditCommand(args);
  if (command == "retention") return RetentionCommand(args);
  if (command == "hold") return HoldCommand(args);
  if (command == "audit") return AuditCommand(args);
  if (command == "check") return CheckCommand(args);
  if (command == "gc") return GcCommand(args);
  if (command == "reindex") return ReindexCommand(args);
  if (command == "search") return SearchCommand(args);
  if (command == "import") return ImportCommand(args);
  if (command == "register") return RegisterCommand(args);
  if (command == "serve") return ServeCommand(args);
  if (command == "user") return UserCommand(args);
  if (command == "appraisal") return AppraisalCommand(args);
  if (command == "destroy") return DestroyCommand(args);
  if (command == "backup") return BackupCommand(args);
  if (command == "restore") return RestoreCommand(args);
  if (command == "stats") return StatsCommand(args);
  if (command == "use") return UseCommand(args);
  if (command == "export") return ExportCommand(args);
  if (command == "verify-package") return VerifyPackageCommand(args);
  if (command == "receive") return ReceiveCommand(args);
  if (command == "open-review") return OpenReviewCommand(args);
  return Fail(
      dangan::Status::InvalidArgument("未知命令「" + command + "」（用 dangan --help 查看用法）"));
}
