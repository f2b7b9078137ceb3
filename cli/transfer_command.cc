// dangan export, verify-package and receive: transfer (移交) to an archives with the DA/T 70-2018
// checks (dangan/jobs/transfer.h holds the work; this file reads the options and prints).
#include <iostream>

#include "commands.h"
#include "dangan/jobs/transfer.h"
#include "dangan/records/text.h"

namespace dangan::cli {
namespace {

using jobs::FourPropertyReport;
using jobs::kCheckFailed;
using jobs::PropertyCheck;

const char kExportHelp[] =
    "用法（移交导出，须 --clearance 机密）：\n"
    "  dangan export --year 年度 -o 文件夹 [--json]\n"
    "  dangan export --category 门类 -o 文件夹 [--json]\n"
    "  dangan export 档号 … -o 文件夹 [--json]\n"
    "写出移交数据包：每件一个文件夹（文件与 DA/T 48-2009 封装包 XML），目录（XML、XLSX）、\n"
    "说明文件、移交接收登记表（PDF、XLSX）和清单（每个文件的 SHA-256 与 SM3）。\n"
    "已销毁的档案只列在目录中，不带文件。文件夹须不存在或为空。\n"
    "退出码：0 成功；2 输入有误；3 档号不存在；4 无法读写。\n";

const char kVerifyHelp[] =
    "用法：dangan verify-package 文件夹 [--json] [-o 报告.pdf] [--clamav-db "
    "特征库文件夹]\n"
    "按 DA/T 70-2018 检测移交数据包的真实性、完整性、可用性、安全性，每个检测项目一行。\n"
    "退出码：0 全部通过；1 有检测项目不通过；2 用法有误或文件夹无法读取。\n";

const char kReceiveHelp[] =
    "用法（移交接收，须 --clearance 机密）：\n"
    "  dangan receive 文件夹 --archive 接收档案库 [--json] [--clamav-db 特征库文件夹]\n"
    "先按 DA/T 70-2018 检测，任何一项不通过则整包拒收；通过后逐件归档，保留档号、著录、\n"
    "开放审核结论和审计记录。档号已在库中时：内容相同的跳过，不同的整包拒收。\n"
    "退出码：0 成功；2 拒收（写明原因）；4 无法读写。\n";

}  // namespace

int ExportCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kExportHelp;
    return 0;
  }
  jobs::ExportSelection sel;
  if (args.Has("--year")) {
    const std::string y = Trim(args.Option("--year"));
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(args, Status::InvalidArgument("--year 应为4位年度，而不是「" + y + "」"));
    }
    sel.year = std::stoi(y);
  }
  sel.category = args.Option("--category");
  sel.danghaos = args.positional;
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  jobs::ExportResult result;
  s = jobs::ExportPackage(ctx, sel, args.Option("-o"), &result);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::ExportResultJson(result)) << "\n";
    return 0;
  }
  std::cout << "已写出移交数据包 " << result.dir << "：" << result.items << " 件（其中已销毁 "
            << result.destroyed << " 件），" << result.files << " 个文件，" << result.bytes
            << " 字节\n接收前请运行 dangan verify-package " << result.dir << "\n";
  return 0;
}

int VerifyPackageCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kVerifyHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(
        args, Status::InvalidArgument("用法：dangan verify-package 文件夹（用 --help 查看用法）"));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  FourPropertyReport report;
  s = jobs::VerifyPackage(ctx, args.positional[0], args.Option("--clamav-db"), &report);
  if (!s.ok()) return Fail(args, s);
  if (args.Has("-o")) {
    // Headed with the package's own 全宗名称 (its 目录); an archive is not needed.
    s = jobs::RenderFourPropertyReport(ctx, report, args.Option("-o"));
    if (!s.ok()) return Fail(args, s);
  }
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::FourPropertyJson(report)) << "\n";
  } else {
    std::cout << jobs::FourPropertyText(report);
  }
  return report.passed() ? 0 : 1;
}

int ReceiveCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kReceiveHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(args,
                Status::InvalidArgument(
                    "用法：dangan receive 文件夹 --archive 接收档案库（用 --help 查看用法）"));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  jobs::ReceiveResult result;
  s = jobs::ReceivePackage(ctx, args.positional[0], args.Option("--clamav-db"), &result);
  if (!s.ok()) {
    if (!args.Flag("--json") && !result.report.checks.empty()) {
      std::cout << jobs::FourPropertyText(result.report);
    }
    return Fail(args, s);
  }
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::ReceiveResultJson(result)) << "\n";
    return 0;
  }
  std::cout << "已接收 " << result.items << " 件（" << result.files << " 个文件）";
  if (result.identical > 0) std::cout << "，" << result.identical << " 件已在库中且相同，跳过";
  std::cout << "\n";
  return 0;
}

}  // namespace dangan::cli
