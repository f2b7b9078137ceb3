// dangan open-review: the 开放审核 of items reaching 25 years (档案法 2020 第二十七条) before
// transfer: the items due, the decision on each (开放 / 控制 with a reason) and the register of
// the decisions (GD-06). The rules are the jobs' (dangan/jobs/transfer.h, open_review.h); this
// file only reads the options and prints.
#include <iostream>

#include "args.h"
#include "commands.h"
#include "dangan/jobs/open_review.h"
#include "dangan/jobs/transfer.h"
#include "dangan/records/text.h"

namespace dangan::cli {
namespace {

const char kOpenReviewHelp[] =
    "用法（开放审核：年度已满二十五年的档案，移交档案馆前逐件审核能否向社会开放）：\n"
    "  dangan open-review list [--as-of 日期] [--all] [--json]\n"
    "      列出到 --as-of（默认今天）年度已满二十五年、尚未审核的档案；--all 连同已审核的\n"
    "      （2000 年度的档案自 2026-01-01 起列入）\n"
    "  dangan open-review decide 档号 … --status 开放|控制 [--reason 理由] [--json]\n"
    "      记录审核结论（可一次给多个档号）；控制使用须写明理由（理由印在登记表上，至多 60 字）；\n"
    "      再次审核以新的结论为准，审计日志记下前后两次\n"
    "  dangan open-review register -o 文件 [--as-of 日期] [--json]\n"
    "      生成档案开放审核登记表（GD-06，PDF 和同名 XLSX），列出到期的全部档案及其结论\n"
    "只列出和审核您的密级（--clearance）可以看到的档案。结论随档案一并移交（dangan export）。\n"
    "依据：《中华人民共和国档案法》（2020年修订）第二十七条。\n"
    "退出码：0 成功；2 输入有误（写明哪一件）；3 档号不存在；4 档案库无法读写。\n";

std::string ForCell(const std::string& text) { return ForOneLine(text); }

int List(const Args& args, const JobContext& ctx) {
  const bool all = args.Flag("--all");
  std::vector<ItemRecord> items;
  Status s = jobs::ListOpenReviewDue(ctx, args.Option("--as-of"), all, &items);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (const ItemRecord& item : items) list.push_back(jobs::OpenReviewItemJson(item));
    std::cout << jobs::DumpJson({{"items", list}}) << "\n";
    return 0;
  }
  size_t undecided = 0;
  for (const ItemRecord& item : items) {
    undecided += item.open_status.empty();
    std::cout << ForCell(item.danghao) << "  " << ForCell(item.title) << "  " << item.year
              << "年度  " << ForCell(item.secrecy) << "  ";
    if (item.open_status.empty()) {
      std::cout << "【待审核】";
    } else {
      std::cout << "【" << item.open_status << "】";
      if (!item.open_reason.empty()) std::cout << " " << ForCell(item.open_reason);
      std::cout << "（" << item.open_reviewed_at << " " << ForCell(item.open_reviewed_by) << "）";
    }
    std::cout << "\n";
  }
  std::cout << "共 " << items.size() << " 件";
  if (all) std::cout << "，其中待审核 " << undecided << " 件";
  std::cout << "\n";
  return 0;
}

int Decide(const Args& args, const JobContext& ctx) {
  if (args.positional.size() < 2) {
    return Fail(args,
                Status::InvalidArgument(
                    "用法：dangan open-review decide 档号 … --status 开放|控制 [--reason 理由]"));
  }
  if (!args.Has("--status")) {
    return Fail(args, Status::InvalidArgument("用 --status 开放 或 --status 控制 给出审核结论"));
  }
  std::vector<std::string> danghaos(args.positional.begin() + 1, args.positional.end());
  std::vector<ItemRecord> done;
  Status s =
      jobs::DecideOpenItems(ctx, danghaos, args.Option("--status"), args.Option("--reason"), &done);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (const ItemRecord& item : done) list.push_back(jobs::OpenReviewItemJson(item));
    std::cout << jobs::DumpJson({{"decided", list}}) << "\n";
    return 0;
  }
  std::cout << "已记录 " << done.size() << " 件档案的开放审核结论“" << Trim(args.Option("--status"))
            << "”\n";
  return 0;
}

int Register(const Args& args, const JobContext& ctx) {
  std::string out = args.Option("-o");
  if (out.empty()) {
    return Fail(args, Status::InvalidArgument("用 -o 文件.pdf 给出开放审核登记表的保存位置"));
  }
  if (out.size() > 4 && out.compare(out.size() - 4, 4, ".pdf") == 0) out.resize(out.size() - 4);
  GeneratedDocument doc;
  Status s = jobs::RenderOpenReviewRegister(ctx, args.Option("--as-of"), out, &doc);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json files = Json::array();
    for (const GeneratedFile& f : doc.files)
      files.push_back({{"path", f.path}, {"format", f.format}});
    std::cout << jobs::DumpJson({{"rows", doc.rows}, {"files", files}}) << "\n";
    return 0;
  }
  std::cout << "档案开放审核登记表（" << doc.rows << " 件）：";
  for (const GeneratedFile& f : doc.files) std::cout << " " << f.path;
  std::cout << "\n";
  return 0;
}

}  // namespace

int OpenReviewCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kOpenReviewHelp;
    return 0;
  }
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  if (sub != "list" && sub != "decide" && sub != "register") {
    return Fail(args, Status::InvalidArgument(
                          "用法：dangan open-review list|decide|register …（用 --help 查看用法）"));
  }
  if (sub != "decide" && args.positional.size() != 1) {
    return Fail(args, Status::InvalidArgument("dangan open-review " + sub +
                                              " 不接受档号（用 --help 查看用法）"));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  if (sub == "list") return List(args, ctx);
  if (sub == "decide") return Decide(args, ctx);
  return Register(args, ctx);
}

}  // namespace dangan::cli
