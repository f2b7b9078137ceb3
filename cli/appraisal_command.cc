// dangan appraisal and dangan destroy: the appraisal of items whose retention period has ended
// and the destruction of those approved, step by step as the rules require (dangan/jobs/
// destruction.h holds the rules; this file only reads the options and prints).
#include <iostream>

#include "args.h"
#include "commands.h"
#include "dangan/jobs/destruction.h"
#include "dangan/records/retention.h"
#include "dangan/records/text.h"

namespace dangan::cli {
namespace {

const char kAppraisalHelp[] =
    "用法（鉴定与销毁，须 --clearance 机密）：\n"
    "  dangan appraisal start [档号 …] [--as-of 日期] [--name 名称] [--json]\n"
    "      开始一次鉴定：列出的档号（须保管期限已满、未冻结、不在其他鉴定中），\n"
    "      不列档号时取到 --as-of（默认今天）为止全部到期的档案\n"
    "  dangan appraisal list [--json]           列出全部鉴定（最新的在前）及其所处步骤\n"
    "  dangan appraisal show 编号 [--json]       一次鉴定的各步记录和逐件鉴定结论\n"
    "  dangan appraisal decide 编号 档号 --decision 续存|拟销毁 [--retention 期限] [--reason "
    "理由]\n"
    "      逐件鉴定：续存须给出更长的保管期限（定期30年、永久）和理由；拟销毁的理由印在清册备注栏\n"
    "  dangan appraisal opinion 编号 --members 甲、乙、丙 --opinion 意见\n"
    "      鉴定小组意见（每件都已鉴定后）；续存的档案此时延长保管期限，第一名成员为小组负责人\n"
    "  dangan appraisal approve 编号 --approver 姓名 [--opinion 意见] [--refuse]\n"
    "      批准人批准销毁；--refuse 退回鉴定小组（须写意见）\n"
    "  dangan appraisal witness 编号 --witness 甲 --witness 乙 --method 方式 --place 地点 "
    "[--at 时间]\n"
    "      两名监销人（不同的人，都不能是批准人）；方式：粉碎、焚烧、化浆、删除电子文件、其他；\n"
    "      时间写成 \"2026-07-01 09:30\"，默认现在\n"
    "  dangan appraisal list-pdf 编号 -o 文件.pdf\n"
    "      按目前的记录生成销毁清册（PDF 和同名 XLSX）供核对，尚未办理的栏目空白\n"
    "  dangan destroy 编号 [--json]\n"
    "      销毁：各步齐备后，把拟销毁的档案标为已销毁（目录中保留著录和摘要），删除其文件，\n"
    "      并将销毁清册作为永久档案归档；其中任何一件被冻结则整批不销毁\n"
    "步骤：鉴定中 → 待批准 → 待监销 → 待销毁 → 已销毁（全部续存则为 已完成）。\n"
    "依据：《档案法》第二十一条；《机关档案管理规定》；GB/T 18894-2016。\n"
    "退出码：0 成功；2 输入有误或步骤不对（写明哪一件或缺哪一步）；3 鉴定或档号不存在；\n"
    "4 档案库无法读写。\n";

Status ParseId(const std::string& text, int64_t* id) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoll(text) < 1) {
    return Status::InvalidArgument(
        "鉴定编号应为正整数（dangan appraisal list 列出全部鉴定），而不是「" + text + "」");
  }
  *id = std::stoll(text);
  return Status::Ok();
}

std::string Period(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return r ? RetentionName(*r) : code;
}

void PrintSummary(const jobs::Appraisal& a) {
  std::cout << "第 " << a.id << " 号鉴定  " << ForOneLine(a.name) << "  基准日期 " << a.as_of
            << "  【" << a.state << "】" << (a.list_danghao.empty() ? "" : "  清册 ")
            << ForOneLine(a.list_danghao) << "\n";
}

void PrintAppraisal(const jobs::Appraisal& a) {
  PrintSummary(a);
  std::cout << "开始：" << a.created_at << "  " << ForOneLine(a.created_by) << "\n";
  if (!a.group_opinion.empty()) {
    std::cout << "鉴定小组：" << ForOneLine(a.group_members) << "（" << a.opinion_at << "）\n意见："
              << ForOneLine(a.group_opinion) << "\n";
  }
  if (!a.approver.empty()) {
    std::cout << "批准：" << ForOneLine(a.approver) << "（" << a.approved_at << "）"
              << (a.approval_opinion.empty() ? "" : "  ") << ForOneLine(a.approval_opinion) << "\n";
  } else if (!a.approval_opinion.empty()) {
    std::cout << "批准：" << ForOneLine(a.approval_opinion) << "\n";
  }
  if (!a.witness1.empty()) {
    std::cout << "监销：" << ForOneLine(a.witness1) << "、" << ForOneLine(a.witness2) << "  "
              << ForOneLine(a.method) << "  " << ForOneLine(a.place) << "  " << a.witnessed_at
              << "\n";
  }
  if (!a.destroyed_at.empty()) {
    std::cout << "销毁：" << a.destroyed_at << "  清册 " << ForOneLine(a.list_danghao) << "\n";
  }
  std::cout << "档案（" << a.items.size() << " 件）：\n";
  for (const jobs::AppraisalItem& i : a.items) {
    std::cout << "  " << ForOneLine(i.danghao) << "  " << ForOneLine(i.title) << "  " << i.year
              << "  " << Period(i.retention) << "  " << i.pages << "页  "
              << (i.decision.empty() ? "【待鉴定】" : "【" + i.decision + "】");
    if (!i.new_retention.empty()) std::cout << " 改为" << Period(i.new_retention);
    if (!i.reason.empty()) std::cout << " " << ForOneLine(i.reason);
    if (i.hold) std::cout << "  （已冻结）";
    std::cout << "\n";
  }
}

// After a step: the appraisal as it now stands.
int Done(const Args& args, const JobContext& ctx, int64_t id, const std::string& what) {
  jobs::Appraisal a;
  Status s = jobs::ReadAppraisal(ctx, id, &a);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::AppraisalJson(a)) << "\n";
  } else {
    std::cout << what << "：第 " << id << " 号鉴定，现为【" << a.state << "】\n";
  }
  return 0;
}

int Start(const Args& args, const JobContext& ctx) {
  std::vector<std::string> danghaos(args.positional.begin() + 1, args.positional.end());
  jobs::Appraisal a;
  Status s = jobs::StartAppraisal(ctx, args.Option("--name"), args.Option("--as-of"), danghaos, &a);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::AppraisalJson(a)) << "\n";
    return 0;
  }
  std::cout << "已开始鉴定：第 " << a.id << " 号（" << a.name << "），共 " << a.items.size()
            << " 件；用 dangan appraisal decide " << a.id
            << " 档号 --decision 续存|拟销毁 逐件鉴定\n";
  return 0;
}

int List(const Args& args, const JobContext& ctx) {
  std::vector<jobs::Appraisal> all;
  Status s = jobs::ListAppraisals(ctx, &all);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (const jobs::Appraisal& a : all) list.push_back(jobs::AppraisalJson(a));
    std::cout << jobs::DumpJson({{"total", all.size()}, {"appraisals", list}}) << "\n";
    return 0;
  }
  for (const jobs::Appraisal& a : all) PrintSummary(a);
  std::cout << "共 " << all.size() << " 次鉴定\n";
  return 0;
}

}  // namespace

int AppraisalCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kAppraisalHelp;
    return 0;
  }
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  static const char* const kSubs[] = {"start",   "list",    "show",    "decide",
                                      "opinion", "approve", "witness", "list-pdf"};
  bool known = false;
  for (const char* k : kSubs) known = known || sub == k;
  if (!known) {
    return Fail(args, Status::InvalidArgument(
                          "用法：dangan appraisal start|list|show|decide|opinion|approve|witness|"
                          "list-pdf …（用 --help 查看用法）"));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  if (sub == "start") return Start(args, ctx);
  if (sub == "list") return List(args, ctx);
  const size_t wanted = sub == "decide" ? 3 : 2;
  if (args.positional.size() != wanted) {
    return Fail(args, Status::InvalidArgument("用法：dangan appraisal " + sub + " 编号" +
                                              (sub == "decide" ? " 档号" : "") +
                                              " …（用 --help 查看用法）"));
  }
  int64_t id = 0;
  s = ParseId(args.positional[1], &id);
  if (!s.ok()) return Fail(args, s);
  if (sub == "show") {
    jobs::Appraisal a;
    s = jobs::ReadAppraisal(ctx, id, &a);
    if (!s.ok()) return Fail(args, s);
    if (args.Flag("--json")) {
      std::cout << jobs::DumpJson(jobs::AppraisalJson(a)) << "\n";
    } else {
      PrintAppraisal(a);
    }
    return 0;
  }
  if (sub == "decide") {
    if (!args.Has("--decision")) {
      return Fail(args,
                  Status::InvalidArgument("用 --decision 续存 或 --decision 拟销毁 给出鉴定结论"));
    }
    s = jobs::DecideItem(ctx, id, args.positional[2], args.Option("--decision"),
                         args.Option("--retention"), args.Option("--reason"));
    if (!s.ok()) return Fail(args, s);
    return Done(
        args, ctx, id,
        "已记录 " + args.positional[2] + " 的鉴定结论“" + Trim(args.Option("--decision")) + "”");
  }
  if (sub == "opinion") {
    s = jobs::RecordGroupOpinion(ctx, id, args.Option("--members"), args.Option("--opinion"));
    if (!s.ok()) return Fail(args, s);
    return Done(args, ctx, id, "已记录鉴定小组意见");
  }
  if (sub == "approve") {
    const bool refuse = args.Flag("--refuse");
    s = jobs::ApproveDestruction(ctx, id, args.Option("--approver"), !refuse,
                                 args.Option("--opinion"));
    if (!s.ok()) return Fail(args, s);
    return Done(args, ctx, id, refuse ? "已退回鉴定小组" : "已批准销毁");
  }
  if (sub == "witness") {
    const std::vector<std::string> witnesses = args.All("--witness");
    if (witnesses.size() > 2) {
      return Fail(args, Status::InvalidArgument("监销人用 --witness 给出两名，而不是 " +
                                                std::to_string(witnesses.size()) + " 名"));
    }
    s = jobs::RecordWitnesses(ctx, id, witnesses.size() > 0 ? witnesses[0] : "",
                              witnesses.size() > 1 ? witnesses[1] : "", args.Option("--method"),
                              args.Option("--place"), args.Option("--at"));
    if (!s.ok()) return Fail(args, s);
    return Done(args, ctx, id, "已记录监销人");
  }
  // list-pdf
  std::string out = args.Option("-o");
  if (out.empty()) return Fail(args, Status::InvalidArgument("用 -o 文件.pdf 给出清册的保存位置"));
  if (out.size() > 4 && out.compare(out.size() - 4, 4, ".pdf") == 0) out.resize(out.size() - 4);
  GeneratedDocument doc;
  s = jobs::RenderDestructionList(ctx, id, out, &doc);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json files = Json::array();
    for (const GeneratedFile& f : doc.files)
      files.push_back({{"path", f.path}, {"format", f.format}});
    std::cout << jobs::DumpJson({{"id", id}, {"rows", doc.rows}, {"files", files}}) << "\n";
    return 0;
  }
  std::cout << "销毁清册（第 " << id << " 号鉴定，" << doc.rows << " 件）：";
  for (const GeneratedFile& f : doc.files) std::cout << " " << f.path;
  std::cout << "\n";
  return 0;
}

int DestroyCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kAppraisalHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(args,
                Status::InvalidArgument("用法：dangan destroy 鉴定编号（用 --help 查看用法）"));
  }
  int64_t id = 0;
  Status s = ParseId(args.positional[0], &id);
  JobContext ctx;
  if (s.ok()) s = ContextFromArgs(args, &ctx);
  jobs::DestructionResult result;
  if (s.ok()) s = jobs::Destroy(ctx, id, &result);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson({{"id", id},
                                 {"destroyed", result.destroyed},
                                 {"files_removed", result.files_removed},
                                 {"files_kept", result.files_kept},
                                 {"bytes_removed", result.bytes_removed},
                                 {"清册", jobs::ItemJson(result.list_item)}})
              << "\n";
    return 0;
  }
  std::cout << "已销毁：第 " << id << " 号鉴定的 " << result.destroyed
            << " 件档案（目录中保留著录，标为已销毁）\n"
            << "删除文件 " << result.files_removed << " 个（" << result.bytes_removed << " 字节）";
  if (result.files_kept > 0) {
    std::cout << "；另有 " << result.files_kept << " 个文件仍属其他未销毁的档案，予以保留";
  }
  std::cout << "\n销毁清册归档为 " << result.list_item.danghao << "《"
            << ForOneLine(result.list_item.title) << "》（永久）\n";
  return 0;
}

}  // namespace dangan::cli
