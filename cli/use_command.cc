// dangan use: lending and use (借阅与利用, issue 17), step by step as the rules require
// (dangan/jobs/lending.h holds the rules; this file only reads the options and prints).
#include <iostream>

#include "args.h"
#include "commands.h"
#include "dangan/jobs/lending.h"
#include "dangan/records/text.h"

namespace dangan::cli {
namespace {

const char kUseHelp[] =
    "用法（借阅与利用）：\n"
    "  dangan use request 档号 … --purpose 利用目的 [--kind 查阅|复制|外借] [--until 日期]\n"
    "      (--account 账户 | --person 姓名 --unit 单位 --letter 介绍信编号) [--contact 联系方式] "
    "[--id-card 证件]\n"
    "      登记利用申请；在利用者可看密级内的直接批准，否则待审批；秘密、机密档案的原件不外借\n"
    "  dangan use approve 编号 [--opinion 意见]   审批人（不是利用者、也不是登记人，密级覆盖全部"
    "档案）批准\n"
    "  dangan use refuse 编号 --opinion 意见      不批准（须写意见）\n"
    "  dangan use lend 编号 [--due 日期]          借出原件（外借），应还日期默认 7 天后\n"
    "  dangan use renew 编号 档号 --due 日期       续借\n"
    "  dangan use return 编号 档号 [--damaged] [--incomplete] [--note 说明]\n"
    "      归还并检查；有缺损时须写明情况；全部归还后申请结束\n"
    "  dangan use effect 编号 --text 利用效果      记录利用效果\n"
    "  dangan use close 编号                       结束申请（借出的原件须已归还）\n"
    "  dangan use show 编号 | list [--state 状态]  "
    "查看申请（状态：待审批、已批准、未批准、已结束）\n"
    "  dangan use overdue [--as-of 日期]           逾期未还的原件（最久的在前）\n"
    "  dangan use register --year 年度 -o 文件      借阅（利用）登记表（模板 D-06，PDF 和 XLSX）\n"
    "  dangan use effects --year 年度 -o 文件       利用效果登记表（模板 GD-05，PDF 和 XLSX）\n"
    "  dangan use stats --year 年度                 利用统计：按部门/单位、利用目的、利用方式\n"
    "每个子命令都可加 --json。批准后利用者在截止日期前可查看、打开、复制所批准的档案（"
    "dangan show / copy，或网页），每次利用都登记在申请下。\n"
    "依据：《档案法》（2020）第四章；《机关档案管理规定》（国家档案局令第13号）。\n"
    "退出码：0 成功；2 输入有误或步骤不对（写明哪一件或哪一项）；3 申请或档号不存在；"
    "4 档案库无法读写。\n";

Status ParseId(const std::string& text, int64_t* id) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoll(text) < 1) {
    return Status::InvalidArgument(
        "利用申请编号应为正整数（dangan use list 列出全部申请），而不是「" + text + "」");
  }
  *id = std::stoll(text);
  return Status::Ok();
}

Status ParseYear(const Args& args, int* year) {
  const std::string text = args.Option("--year");
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("请用 --year 给出年度（四位数字，如 --year 2026），而不是「" +
                                   text + "」");
  }
  *year = std::stoi(text);
  return Status::Ok();
}

void PrintSummary(const jobs::UseRequest& r) {
  std::cout << "第 " << r.id << " 号  " << ForOneLine(r.requester.name);
  if (!r.requester.unit.empty()) std::cout << "（" << ForOneLine(r.requester.unit) << "）";
  std::cout << "  " << r.kind << "  " << ForOneLine(r.purpose) << "  " << r.items.size()
            << " 件  至 " << r.end_date << "  【" << r.state << "】\n";
}

void PrintRequest(const jobs::UseRequest& r) {
  PrintSummary(r);
  const jobs::UseRequester& p = r.requester;
  std::cout << "利用者：" << ForOneLine(p.name);
  if (!p.account.empty()) std::cout << "（账户 " << ForOneLine(p.account) << "）";
  if (!p.letter.empty()) std::cout << "  介绍信 " << ForOneLine(p.letter);
  if (!p.contact.empty()) std::cout << "  联系方式 " << ForOneLine(p.contact);
  if (!p.id_card.empty()) std::cout << "  证件 " << ForOneLine(p.id_card);
  std::cout << "\n登记：" << r.recorded_at << "  " << ForOneLine(r.recorded_by) << "\n";
  if (!r.approved_at.empty()) {
    std::cout << (r.state == jobs::kUseRefused ? "不批准：" : "批准：")
              << (r.approver.empty() ? "" : ForOneLine(r.approver) + "  ") << r.approved_at
              << (r.approval_opinion.empty() ? "" : "  " + ForOneLine(r.approval_opinion)) << "\n";
  }
  if (!r.effect.empty()) std::cout << "利用效果：" << ForOneLine(r.effect) << "\n";
  std::cout << "已登记利用 " << r.uses << " 次\n档案（" << r.items.size() << " 件）：\n";
  for (const jobs::UseRequestItem& i : r.items) {
    std::cout << "  " << ForOneLine(i.danghao) << "  " << ForOneLine(i.title) << "  " << i.secrecy;
    if (!i.lent_at.empty()) std::cout << "  借出 " << i.lent_at << " 应还 " << i.due_at;
    if (i.renewals > 0) std::cout << "（续借 " << i.renewals << " 次）";
    if (!i.returned_at.empty()) {
      std::cout << "  归还 " << i.returned_at << " " << ForOneLine(i.return_check);
    }
    std::cout << "\n";
  }
}

// After a step: the request as it now stands.
int Done(const Args& args, const JobContext& ctx, int64_t id, const std::string& what) {
  jobs::UseRequest r;
  Status s = jobs::ReadUseRequest(ctx, id, &r);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::UseRequestJson(r)) << "\n";
  } else {
    std::cout << what << "：第 " << id << " 号利用申请，现为【" << r.state << "】\n";
  }
  return 0;
}

int Request(const Args& args, const JobContext& ctx) {
  jobs::UseRequester who;
  who.account = args.Option("--account");
  who.name = args.Option("--person");
  who.unit = args.Option("--unit");
  who.contact = args.Option("--contact");
  who.letter = args.Option("--letter");
  who.id_card = args.Option("--id-card");
  const std::vector<std::string> danghaos(args.positional.begin() + 1, args.positional.end());
  jobs::UseRequest r;
  Status s = jobs::RecordUseRequest(ctx, who, args.Option("--purpose"),
                                    args.Option("--kind", jobs::kUseRead), danghaos,
                                    args.Option("--until"), &r);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::UseRequestJson(r)) << "\n";
    return 0;
  }
  std::cout << "已登记利用申请：第 " << r.id << " 号，" << r.items.size() << " 件，【" << r.state
            << "】";
  if (r.state == jobs::kUsePending) {
    std::cout << "；有档案超出利用者可看的密级，须由审批人 dangan use approve " << r.id << " 批准";
  }
  std::cout << "\n";
  return 0;
}

int List(const Args& args, const JobContext& ctx) {
  std::vector<jobs::UseRequest> all;
  Status s = jobs::ListUseRequests(ctx, args.Option("--state"), &all);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (const jobs::UseRequest& r : all) list.push_back(jobs::UseRequestJson(r));
    std::cout << jobs::DumpJson({{"total", all.size()}, {"requests", list}}) << "\n";
    return 0;
  }
  for (const jobs::UseRequest& r : all) PrintSummary(r);
  std::cout << "共 " << all.size() << " 份利用申请\n";
  return 0;
}

int Overdue(const Args& args, const JobContext& ctx) {
  std::vector<jobs::OverdueLoan> loans;
  Status s = jobs::ListOverdue(ctx, args.Option("--as-of"), &loans);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson({{"total", loans.size()}, {"overdue", jobs::OverdueJson(loans)}})
              << "\n";
    return 0;
  }
  for (const jobs::OverdueLoan& l : loans) {
    std::cout << ForOneLine(l.danghao) << "  " << ForOneLine(l.title) << "  "
              << ForOneLine(l.person) << "（" << ForOneLine(l.unit) << "）  应还 " << l.due_at
              << "  逾期 " << l.days_overdue << " 天  第 " << l.request_id << " 号申请\n";
  }
  std::cout << "逾期未还 " << loans.size() << " 件\n";
  return 0;
}

void PrintCounts(const char* title, const std::vector<jobs::UseCount>& counts) {
  std::cout << title << "：\n";
  for (const jobs::UseCount& c : counts) {
    std::cout << "  " << ForOneLine(c.key) << "  申请 " << c.requests << "  档案 " << c.items
              << " 件  利用 " << c.uses << " 次\n";
  }
}

int Stats(const Args& args, const JobContext& ctx) {
  int year = 0;
  Status s = ParseYear(args, &year);
  jobs::UseStatistics stats;
  if (s.ok()) s = jobs::ComputeUseStatistics(ctx, year, &stats);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::UseStatisticsJson(stats)) << "\n";
    return 0;
  }
  std::cout << year << " 年利用统计：申请 " << stats.requests << " 份，档案 " << stats.items
            << " 件次，电子利用 " << stats.uses << " 次，外借原件 " << stats.loans << " 件（逾期 "
            << stats.overdue << " 件）\n";
  PrintCounts("按部门/单位", stats.by_unit);
  PrintCounts("按利用目的", stats.by_purpose);
  PrintCounts("按利用方式", stats.by_kind);
  return 0;
}

int Register(const Args& args, const JobContext& ctx, bool effects) {
  int year = 0;
  Status s = ParseYear(args, &year);
  std::string out = args.Option("-o");
  if (s.ok() && out.empty()) s = Status::InvalidArgument("用 -o 文件 给出登记表的保存位置");
  for (const char* ext : {".pdf", ".xlsx"}) {
    const std::string e = ext;
    if (out.size() > e.size() && out.compare(out.size() - e.size(), e.size(), e) == 0) {
      out.resize(out.size() - e.size());
    }
  }
  GeneratedDocument doc;
  if (s.ok()) {
    s = effects ? jobs::RenderUseEffects(ctx, year, out, &doc)
                : jobs::RenderUseRegister(ctx, year, out, &doc);
  }
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json files = Json::array();
    for (const GeneratedFile& f : doc.files)
      files.push_back({{"path", f.path}, {"format", f.format}});
    std::cout << jobs::DumpJson({{"year", year}, {"rows", doc.rows}, {"files", files}}) << "\n";
    return 0;
  }
  std::cout << (effects ? "利用效果登记表" : "借阅（利用）登记表") << "（" << year << " 年，"
            << doc.rows << " 行）：";
  for (const GeneratedFile& f : doc.files) std::cout << " " << f.path;
  std::cout << "\n";
  return 0;
}

// The steps on one request: `use SUB 编号 [档号]`.
int OnRequest(const Args& args, const JobContext& ctx, const std::string& sub) {
  const bool with_item = sub == "renew" || sub == "return";
  if (args.positional.size() != (with_item ? 3u : 2u)) {
    return Fail(args,
                Status::InvalidArgument("用法：dangan use " + sub + " 编号" +
                                        (with_item ? " 档号" : "") + " …（用 --help 查看用法）"));
  }
  int64_t id = 0;
  Status s = ParseId(args.positional[1], &id);
  if (!s.ok()) return Fail(args, s);
  const std::string danghao = with_item ? args.positional[2] : "";
  if (sub == "show") {
    jobs::UseRequest r;
    s = jobs::ReadUseRequest(ctx, id, &r);
    if (!s.ok()) return Fail(args, s);
    if (args.Flag("--json")) {
      std::cout << jobs::DumpJson(jobs::UseRequestJson(r)) << "\n";
    } else {
      PrintRequest(r);
    }
    return 0;
  }
  std::string what;
  if (sub == "approve" || sub == "refuse") {
    s = jobs::DecideUseRequest(ctx, id, sub == "approve", args.Option("--opinion"));
    what = sub == "approve" ? "已批准" : "未批准";
  } else if (sub == "lend") {
    s = jobs::LendOriginals(ctx, id, args.Option("--due"));
    what = "已借出原件";
  } else if (sub == "renew") {
    s = jobs::RenewLoan(ctx, id, danghao, args.Option("--due"));
    what = "已续借 " + danghao;
  } else if (sub == "return") {
    s = jobs::ReturnOriginal(ctx, id, danghao, !args.Flag("--incomplete"), !args.Flag("--damaged"),
                             args.Option("--note"));
    what = "已归还 " + danghao;
  } else if (sub == "effect") {
    s = jobs::RecordUseEffect(ctx, id, args.Option("--text"));
    what = "已记录利用效果";
  } else {  // close
    s = jobs::CloseUseRequest(ctx, id);
    what = "已结束";
  }
  if (!s.ok()) return Fail(args, s);
  return Done(args, ctx, id, what);
}

}  // namespace

int UseCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kUseHelp;
    return 0;
  }
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  static const char* const kSubs[] = {"request", "approve",  "refuse",  "lend", "renew",
                                      "return",  "effect",   "close",   "show", "list",
                                      "overdue", "register", "effects", "stats"};
  bool known = false;
  for (const char* k : kSubs) known = known || sub == k;
  if (!known) {
    return Fail(args, Status::InvalidArgument(
                          "用法：dangan use request|approve|refuse|lend|renew|return|effect|close|"
                          "show|list|overdue|register|effects|stats …（用 --help 查看用法）"));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  if (sub == "request") return Request(args, ctx);
  if (sub == "list") return List(args, ctx);
  if (sub == "overdue") return Overdue(args, ctx);
  if (sub == "stats") return Stats(args, ctx);
  if (sub == "register" || sub == "effects") return Register(args, ctx, sub == "effects");
  return OnRequest(args, ctx, sub);
}

}  // namespace dangan::cli
