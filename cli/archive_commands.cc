// The archive commands: init, file, show, list, copy, edit, retention, hold, audit, check.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "args.h"
#include "commands.h"
#include "dangan/archive/archive.h"
#include "dangan/generator/document.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/filing.h"
#include "dangan/jobs/four_properties.h"
#include "dangan/jobs/requests.h"
#include "dangan/jobs/use_copy.h"
#include "dangan/records/text.h"

namespace dangan::cli {
namespace {

// 永久 / 定期30年 / 定期10年 for a stored code; the code itself if it is none.
std::string PeriodName(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return r ? RetentionName(*r) : code;
}

const char kInitHelp[] =
    "用法：dangan init --archive 目录 --fonds 全宗号 --company 立档单位 [--pattern 档号格式]\n"
    "                  [--group 用户组] [--key 私钥路径]\n"
    "创建档案库（catalogue.sqlite 与文件库）。档号格式默认 "
    "{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}。\n"
    "档案库只有创建者能读写（目录 0700、文件 0600、文件库中的文件 0400），与 umask 无关；\n"
    "--group 把它交给一个用户组共用（0770、0660、0440）。\n"
    "--key 在档案库目录之外生成签发审计检查点用的 Ed25519 私钥（0600），档案库只记公钥；\n"
    "该路径已有 Ed25519 私钥时沿用它，已有别的文件时拒绝（不覆盖）。\n";
const char kFileHelp[] =
    "用法：dangan file 文件... [--item 档号] --title 题名 --year 年度 --retention Y|D30|D10 --dept "
    "机构\n"
    "                  [--category 门类] [--secrecy 密级] [--date 日期] [--responsible 责任者]\n"
    "                  [--doc-ref 文号] [--notes 备注] [--danghao 原档号] [--no-ocr]\n"
    "                  [--ocr-lang chi_sim|chi_tra|chi_sim+chi_tra] [--max-pages N] [--json]\n"
    "归档扫描件（PDF、JPEG、PNG、TIFF）：多个文件组成一件。带 --item 时加入已有的件；\n"
    "扫描件上有 dangan 生成的二维码时，自动加入对应的件。没有文字层的页面做 OCR。\n"
    "--danghao 给出旧档号（原系统已编的档号）：照原样保留，不重新编号。\n"
    "--ocr-lang 选择识别语言：默认 chi_sim（简体），繁体扫描件用 chi_tra。\n"
    "--max-pages 放宽页数上限（默认 2000 页；TIFF 按帧计）。\n"
    "--no-ocr 不做 OCR，只在第一页找二维码。\n";
const char kShowHelp[] =
    "用法：dangan show 档号 [--clearance 密级] [--json]\n"
    "显示一件的著录项和文件（查看会记入审计日志）。密级高于 --clearance 的件按不存在处理。\n";
const char kListHelp[] =
    "用法：dangan list [--year 2024|2020-2024] [--category 门类] [--dept 机构] [--retention 期限]\n"
    "                  [--secrecy 密级] [--source generated|scan|import] [--form 模板编号]\n"
    "                  [--clearance 密级] [--limit N] [--offset M] [--json]\n"
    "按档号顺序列出著录项。密级高于 --clearance 的件不列出、不计数。\n";
const char kCopyHelp[] =
    "用法：dangan copy 档号 -o 文件.pdf [--reason 事由] [--clearance 密级]\n"
    "写出加盖归档章的利用副本（原件不变）。先核对原件的摘要：与归档时不符则拒绝；\n"
    "审计日志记下“出具利用副本”、文件和事由。密级高于 --clearance 的件按不存在处理。\n";
const char kEditHelp[] =
    "用法：dangan edit 档号 [--title 题名] [--responsible 责任者] [--doc-ref 文号] [--date 日期]\n"
    "                  [--secrecy 密级] [--notes 备注] [--reason 修改原因] [--clearance 密级]\n"
    "修改著录项，审计日志记下修改前后的值和修改原因。\n"
    "密级高于 --clearance 的件按不存在处理。\n";
const char kRetentionHelp[] =
    "用法：dangan retention due [--as-of 日期] [--clearance 密级] [--json]   列出保管期限已满的件\n"
    "      dangan retention set 档号 Y|D30|D10 [--clearance 密级]  延长保管期限（不能缩短）\n"
    "密级高于 --clearance 的件不列出、不计数。\n";
const char kHoldHelp[] =
    "用法：dangan hold 档号 --reason 原因   冻结（冻结的件不能销毁）\n"
    "      dangan hold 档号 --release      解除冻结\n"
    "密级高于 --clearance 的件按不存在处理。\n";
const char kAuditHelp[] =
    "用法：dangan audit verify --clearance 机密 [--checkpoint 检查点文件]... [--json]\n"
    "          验证审计日志的哈希链（需要最高密级）；每个 --checkpoint 再证明日志仍完整包含\n"
    "          该检查点签署时的全部记录（末尾被删、整体被改写都会查出，退出状态 1）\n"
    "      dangan audit checkpoint --clearance 机密 -o 检查点文件 [--key 私钥路径]\n"
    "          签发检查点（全宗号、条数、链尾哈希、时间、公钥、签名），可打印，交审计人员\n"
    "          保存在档案库之外；默认用 init --key 或 audit key 记录的私钥\n"
    "      dangan audit key --key 私钥路径           为已有的档案库生成（或沿用）检查点私钥\n"
    "      dangan audit show 档号 [--clearance 密级] [--json]  显示一件的审计记录\n"
    "密级高于 --clearance 的件，其审计记录不显示（如同该件不存在）。\n";
const char kCheckHelp[] =
    "用法：dangan check --clearance 机密 [--json]\n重读每个文件并核对 SHA-256 与 "
    "SM3，检查文件是否齐全、件号是否连续、页数是否相符。\n"
    "检查涉及全部档案，需要最高密级（--clearance 机密 或 DANGAN_CLEARANCE=机密）。\n"
    "\n"
    "      dangan check --four-properties --clearance 机密 [--json] [-o 报告.pdf]\n"
    "                   [--clamav-db 特征库目录或文件]\n"
    "四性检测（DA/T 70-2018 长期保存环节）：真实性（数字摘要、档号规范且唯一、元数据值域）、\n"
    "完整性（文件齐全、件号连续、必备元数据）、可用性（格式、可打开、未加密、PDF/A 标识）、\n"
    "安全性（审计日志、ClamAV 病毒检测；没有特征库时记为“未检测”）。每个检测项目一行；\n"
    "-o 另出 GD-07 四性检测报告 PDF。全部通过退出状态 0，有不通过的项目为 1。\n";

const char kGcHelp[] =
    "用法：dangan gc [--dry-run] [--json]\n"
    "删除中断的归档、导入留下的文件：文件库中不属于任何件的文件，以及 store/tmp 中的临时文件"
    "（dangan check 把它们列为“可回收”）。\n"
    "其他人同时归档也安全：先等进行中的归档、导入结束（最多 60 秒），清理时新的归档稍候。"
    "--dry-run 只列出，不删除。清理记入审计日志。\n";

const char kReindexHelp[] =
    "用法：dangan reindex\n按目录重建全文索引（题名、责任者、文号、正文、备注）。"
    "平时每次归档和修改都会同步更新索引，只在索引损坏或升级分词规则后才需要。\n";

const char kSearchHelp[] =
    "用法：dangan search 查询 [--year 2024|2020-2024] [--category 门类] [--dept 机构]\n"
    "                    [--retention 期限] [--form 模板编号] [--secrecy 密级]\n"
    "                    [--from 日期] [--to 日期] [--clearance 密级] [--limit N] [--offset M] "
    "[--count] [--json]\n"
    "全文检索题名、责任者、文号、正文（含 OCR 文字）和备注；简体、繁体都能查到。\n"
    "  合同章 用印      空格分开的词都要出现\n"
    "  \"用印 登记\"      引号内为一个短语\n"
    "  用印 OR 借用     任一词出现即可\n"
    "  -草稿            排除含该词的件（查询可以 - 开头；-- 之后的都是查询词）\n"
    "  题名:用印        只在某一栏查（题名、责任者、文号、正文、备注）\n"
    "  iso90*           英文、数字的前缀\n"
    "  zhangsan 或 zs   拼音或拼音首字母，查题名和责任者（张三）\n"
    "命中不超过 1000 件时按相关程度排序（题名命中、整个短语、BM25、日期）；更多时题名命中在前、\n"
    "按归档先后排列，总数只说“超过 1000 件”，--count 统计确切总数（较慢）。\n"
    "--clearance 是查询人可看的最高密级（默认：环境变量 DANGAN_CLEARANCE，或 内部），\n"
    "高于它的件不出现在结果、计数和摘要中。\n";

bool Help(const Args& args, const char* text) {
  if (!args.Flag("--help")) return false;
  std::cout << text;
  return true;
}

void PrintItemLine(const ItemRecord& item) {
  std::cout << ForOneLine(item.danghao) << "  " << ForOneLine(item.title) << "  " << item.date
            << "  " << PeriodName(item.retention) << "  " << item.pages << "页"
            << (item.hold ? "  【冻结】" : "") << (item.destroyed ? "  【已销毁】" : "") << "\n";
}

// Stored text goes through ForOneLine: an archive filed before the text rule may hold escape
// sequences or line breaks that would otherwise reach the terminal or forge lines.
void PrintItem(const ItemRecord& item) {
  std::cout << "档号：" << ForOneLine(item.danghao) << "\n"
            << "题名：" << ForOneLine(item.title) << "\n"
            << "责任者：" << ForOneLine(item.responsible) << "    文号："
            << ForOneLine(item.doc_ref) << "\n"
            << "日期：" << ForOneLine(item.date) << "    页数：" << item.pages << "    密级："
            << ForOneLine(item.secrecy) << "\n"
            << "全宗号：" << ForOneLine(item.fonds) << "  门类：" << ForOneLine(item.category)
            << "  年度：" << item.year << "  保管期限：" << PeriodName(item.retention) << "  机构："
            << ForOneLine(item.department) << "  件号：" << item.piece << "\n";
  if (!item.template_id.empty()) {
    std::cout << "生成自：" << ForOneLine(item.template_id) << "  文档编号："
              << ForOneLine(item.doc_number) << "\n";
  }
  if (!item.notes.empty()) {
    // 备注 may have several lines: each is printed on its own, indented under the first.
    std::string_view notes = item.notes;
    const char* label = "备注：";
    for (size_t end; !notes.empty(); label = "      ") {
      end = notes.find('\n');
      std::cout << label << ForOneLine(notes.substr(0, end)) << "\n";
      notes = end == std::string_view::npos ? std::string_view() : notes.substr(end + 1);
    }
  }
  if (item.hold) std::cout << "冻结：" << ForOneLine(item.hold_reason) << "\n";
  if (item.destroyed) {
    std::cout << "已销毁：" << item.destroyed_at << " 按销毁清册 " << ForOneLine(item.destruction_list)
              << " 销毁（保管期限已满，经鉴定、批准、监销）；以下文件只留摘要，已不在档案库中\n";
  }
  if (!item.open_status.empty()) {  // 开放审核 (issue 17)
    std::cout << "开放审核：" << item.open_status
              << (item.open_reason.empty() ? "" : "（" + ForOneLine(item.open_reason) + "）") << "  "
              << item.open_reviewed_at << "  " << ForOneLine(item.open_reviewed_by) << "\n";
  }
  std::cout << "归档：" << item.filed_at << "  " << ForOneLine(item.filed_by) << "\n文件：\n";
  for (const StoredFile& f : item.files) {
    std::cout << "  [" << FileRoleName(f.role) << "] " << ForOneLine(f.name) << "  " << f.media_type
              << "  " << f.pages << "页  " << f.size << " 字节\n"
              << "      SHA-256 " << f.sha256 << "\n      SM3     " << f.sm3 << "\n";
  }
}

Status OpenArchive(const Args& args, std::unique_ptr<Archive>* out) {
  JobContext ctx;
  DANGAN_RETURN_IF_ERROR(ContextFromArgs(args, &ctx));
  return jobs::OpenArchive(ctx, out);
}

// The options by name without dashes, for the requests the web API builds the same way.
jobs::Words WordsOf(const Args& args) {
  jobs::Words words;
  words.prefix = "--";
  for (const auto& [name, value] : args.options) {
    if (name.rfind("--", 0) == 0) words.values[name.substr(2)] = value;
  }
  return words;
}

Status FileRequestFromArgs(const Args& args, jobs::FileScansRequest* request) {
  request->paths = args.positional;
  request->ocr = !args.Flag("--no-ocr");
  return jobs::FileScansRequestFromWords(WordsOf(args), request);
}

int PrintFiled(const Args& args, const ItemRecord& item, const std::string& how) {
  if (args.Flag("--json")) {
    Json j = jobs::ItemJson(item);
    j["action"] = how;
    std::cout << jobs::DumpJson(j) << "\n";
  } else {
    std::cout << how << "：" << item.danghao << "  " << item.title << "（" << item.files.size()
              << " 个文件，" << item.pages << " 页）\n";
  }
  return 0;
}

// The filters `list` and `search` share.
Status FilterFromArgs(const Args& args, ListFilter* filter) {
  return jobs::FilterFromWords(WordsOf(args), filter);
}

}  // namespace

int InitCommand(const Args& args) {
  if (Help(args, kInitHelp)) return 0;
  ArchiveConfig config;
  config.fonds = args.Option("--fonds");
  config.company = args.Option("--company");
  if (config.fonds.empty() || config.company.empty()) {
    return Fail(args, Status::InvalidArgument("需要 --fonds 全宗号 和 --company 立档单位"));
  }
  if (args.Has("--pattern")) config.pattern = args.Option("--pattern");
  // They go into every 档号 and every 归档章: the text rule of every other value.
  Status s = jobs::CheckGivenText(
      {{"全宗号", config.fonds}, {"立档单位", config.company}, {"档号格式", config.pattern}});
  // The key's place is checked first, so that a refused key leaves no archive behind.
  if (s.ok() && args.Has("--key")) s = CheckKeyPlace(args.Option("--key"), ArchiveDir(args));
  if (s.ok()) s = Archive::Create(ArchiveDir(args), config, args.Option("--group"));
  if (s.ok() && args.Has("--key")) {
    JobContext ctx;
    s = ContextFromArgs(args, &ctx);
    if (s.ok()) s = jobs::SetAuditKey(ctx, args.Option("--key"));
  }
  if (!s.ok()) return Fail(args, s);
  std::cout << "已创建档案库 " << ArchiveDir(args) << "（全宗号 " << config.fonds << "，"
            << config.company << "）"
            << (args.Has("--group") ? "，与用户组 " + args.Option("--group") + " 共用" : "")
            << "\n";
  if (args.Has("--key")) {
    std::cout << "检查点私钥：" << args.Option("--key") << "（只有您能读；不要放进档案库目录）\n";
  }
  return 0;
}

int FileCommand(const Args& args) {
  if (Help(args, kFileHelp)) return 0;
  if (args.positional.empty())
    return Fail(args, Status::InvalidArgument("请给出要归档的文件（用 --help 查看用法）"));
  JobContext ctx;
  jobs::FileScansRequest request;
  jobs::FileScansResult result;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = FileRequestFromArgs(args, &request);
  if (s.ok()) s = jobs::FileScans(ctx, std::move(request), &result);
  if (!s.ok()) return Fail(args, s);
  switch (result.how) {
    case jobs::FileScansResult::How::kJoinedGiven:
      return PrintFiled(args, result.item, "已加入");
    case jobs::FileScansResult::How::kJoinedByQr:
      return PrintFiled(args, result.item, "按二维码加入（文档编号 " + result.doc_number + "）");
    case jobs::FileScansResult::How::kNewItem:
      break;
  }
  return PrintFiled(args, result.item, "已归档");
}

int ShowCommand(const Args& args) {
  if (Help(args, kShowHelp)) return 0;
  if (args.positional.size() != 1)
    return Fail(args, Status::InvalidArgument("用法：dangan show 档号"));
  JobContext ctx;
  ItemRecord item;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::Show(ctx, args.positional[0], &item);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::ItemJson(item)) << "\n";
  } else {
    PrintItem(item);
  }
  return 0;
}

int ListCommand(const Args& args) {
  if (Help(args, kListHelp)) return 0;
  ListFilter filter;
  Status parsed = FilterFromArgs(args, &filter);
  if (!parsed.ok()) return Fail(args, parsed);
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  std::vector<ItemRecord> items;
  size_t total = 0;
  if (s.ok()) s = jobs::List(ctx, filter, &items, &total);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (const ItemRecord& item : items) list.push_back(jobs::ItemJson(item));
    std::cout << jobs::DumpJson(Json{{"total", total}, {"items", list}}) << "\n";
    return 0;
  }
  for (const ItemRecord& item : items) PrintItemLine(item);
  std::cout << "共 " << total << " 件"
            << (items.size() < total ? "（只列出部分，用 --limit/--offset 翻页）" : "") << "\n";
  return 0;
}

int CopyCommand(const Args& args) {
  if (Help(args, kCopyHelp)) return 0;
  if (args.positional.size() != 1 || !args.Has("-o")) {
    return Fail(args, Status::InvalidArgument("用法：dangan copy 档号 -o 文件.pdf"));
  }
  JobContext ctx;
  jobs::UseCopyResult result;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok())
    s = jobs::MakeUseCopy(ctx, args.positional[0], args.Option("-o"), args.Option("--reason"),
                          &result);
  if (!s.ok()) return Fail(args, s);
  std::cout << "已写出加盖归档章的利用副本 " << args.Option("-o") << "（" << result.item.danghao
            << "，" << FileRoleName(result.copied_role) << "）\n";
  return 0;
}

int EditCommand(const Args& args) {
  if (Help(args, kEditHelp)) return 0;
  if (args.positional.size() != 1)
    return Fail(args, Status::InvalidArgument("用法：dangan edit 档号 --title …"));
  std::map<std::string, std::string> changes;
  const std::pair<const char*, const char*> kFields[] = {
      {"--title", "题名"}, {"--responsible", "责任者"}, {"--doc-ref", "文号"},
      {"--date", "日期"},  {"--secrecy", "密级"},       {"--notes", "备注"}};
  for (const auto& [option, field] : kFields) {
    if (args.Has(option)) changes[field] = args.Option(option);
  }
  if (changes.count("日期")) {
    std::string iso = NormalizeDate(changes["日期"]);
    if (iso.empty())
      return Fail(args, Status::InvalidArgument("--date「" + changes["日期"] + "」不是有效日期"));
    changes["日期"] = iso;
  }
  if (changes.empty())
    return Fail(args, Status::InvalidArgument("没有要修改的著录项（用 --help 查看用法）"));
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::Edit(ctx, args.positional[0], changes, args.Option("--reason"));
  if (!s.ok()) return Fail(args, s);
  std::cout << "已修改 " << args.positional[0] << " 的 " << changes.size() << " 个著录项\n";
  return 0;
}

int RetentionCommand(const Args& args) {
  if (Help(args, kRetentionHelp)) return 0;
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  if (sub == "due" && args.positional.size() == 1) {
    std::string as_of = args.Option("--as-of");
    if (!as_of.empty()) {
      as_of = NormalizeDate(as_of);
      if (as_of.empty())
        return Fail(
            args, Status::InvalidArgument("--as-of「" + args.Option("--as-of") + "」不是有效日期"));
    }
    JobContext ctx;
    Status s = ContextFromArgs(args, &ctx);
    std::vector<ItemRecord> due;
    if (s.ok()) s = jobs::RetentionDue(ctx, as_of, &due);
    if (!s.ok()) return Fail(args, s);
    if (args.Flag("--json")) {
      Json list = Json::array();
      for (const ItemRecord& item : due) list.push_back(jobs::ItemJson(item));
      std::cout << jobs::DumpJson(Json{{"total", due.size()}, {"items", list}}) << "\n";
    } else {
      for (const ItemRecord& item : due) PrintItemLine(item);
      std::cout << "保管期限已满、待鉴定：" << due.size() << " 件\n";
    }
    return 0;
  }
  if (sub == "set" && args.positional.size() == 3) {
    JobContext ctx;
    Status s = ContextFromArgs(args, &ctx);
    if (s.ok()) s = jobs::SetRetention(ctx, args.positional[1], args.positional[2]);
    if (!s.ok()) return Fail(args, s);
    std::cout << args.positional[1] << " 的保管期限已改为 " << PeriodName(args.positional[2])
              << "\n";
    return 0;
  }
  return Fail(args, Status::InvalidArgument(std::string("用法：\n") + kRetentionHelp));
}

int HoldCommand(const Args& args) {
  if (Help(args, kHoldHelp)) return 0;
  if (args.positional.size() != 1 || (args.Flag("--release") == args.Has("--reason"))) {
    return Fail(args, Status::InvalidArgument(std::string("用法：\n") + kHoldHelp));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  const bool hold = !args.Flag("--release");
  if (s.ok()) s = jobs::SetHold(ctx, args.positional[0], hold, args.Option("--reason"));
  if (!s.ok()) return Fail(args, s);
  std::cout << args.positional[0] << (hold ? " 已冻结" : " 已解除冻结") << "\n";
  return 0;
}

namespace {

Json AuditVerifyJson(const AuditReport& report) {
  Json problems = Json::array();
  if (!report.intact) {
    Json problem = {{"code", report.code.empty() ? "audit_chain_broken" : report.code},
                    {"message", report.problem}};
    if (report.first_broken_id != 0) problem["entry"] = report.first_broken_id;
    if (report.last_suspect_id > report.first_broken_id) {
      problem["last_entry"] = report.last_suspect_id;
    }
    if (!report.problem_file.empty()) problem["file"] = report.problem_file;
    problems.push_back(problem);
  }
  Json checkpoints = Json::array();
  for (const CheckedCheckpoint& c : report.checkpoints) {
    checkpoints.push_back(
        {{"file", c.source}, {"条数", c.entries}, {"时间", c.at}, {"公钥", c.public_key}});
  }
  return Json{{"entries", report.entries},
              {"intact", report.intact},
              {"公钥", report.public_key},
              {"checkpoints", checkpoints},
              {"problems", problems}};
}

// Exit status 1 when the log (or a checkpoint file) fails verification.
int AuditVerify(const Args& args, const JobContext& ctx) {
  AuditReport report;
  Status s = jobs::VerifyAudit(ctx, args.All("--checkpoint"), &report);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(AuditVerifyJson(report)) << "\n";
  } else if (report.intact) {
    std::cout << "审计日志完整：" << report.entries << " 条记录，哈希链无断点\n";
    for (const CheckedCheckpoint& c : report.checkpoints) {
      std::cout << "与检查点 " << c.source << " 相符：签署于 " << c.at << " 的前 " << c.entries
                << " 条记录都在，未被改动\n";
    }
    if (!report.checkpoints.empty()) {
      std::cout << "检查点公钥 " << report.public_key << "（请与您保存的检查点核对）\n";
    }
  }
  if (report.intact) return 0;
  if (report.code == "audit_chain_broken") {
    std::cerr << "审计日志被改动：第 " << report.first_broken_id << " 条起哈希链断开。"
              << report.problem << "\n";
  } else {
    std::cerr << "审计日志验证未通过：" << report.problem << "\n";
  }
  return 1;
}

int AuditCheckpointCommand(const Args& args, const JobContext& ctx) {
  const std::string out = args.Option("-o");
  if (out.empty()) return Fail(args, Status::InvalidArgument("需要 -o 检查点文件"));
  AuditCheckpoint checkpoint;
  Status s = jobs::SignAuditCheckpoint(ctx, args.Option("--key"), &checkpoint);
  if (!s.ok()) return Fail(args, s);
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << CheckpointFileText(checkpoint);
  if (!file.flush()) {
    return Fail(args, Status::IoError("无法写入检查点文件 " + out +
                                      "（检查点已签发并记入审计日志，"
                                      "请换个路径重新签发）"));
  }
  std::cout << "已签发检查点 " << out << "：前 " << checkpoint.entries << " 条审计记录，链尾哈希 "
            << checkpoint.head() << "\n请把它保存在档案库之外（可以打印）。\n";
  return 0;
}

}  // namespace

int AuditCommand(const Args& args) {
  if (Help(args, kAuditHelp)) return 0;
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  if (sub == "verify") return AuditVerify(args, ctx);
  if (sub == "checkpoint") return AuditCheckpointCommand(args, ctx);
  if (sub == "key") {
    if (!args.Has("--key")) return Fail(args, Status::InvalidArgument("需要 --key 私钥路径"));
    s = jobs::SetAuditKey(ctx, args.Option("--key"));
    if (!s.ok()) return Fail(args, s);
    std::cout << "检查点私钥：" << args.Option("--key") << "，公钥已记入档案库\n";
    return 0;
  }
  if (sub == "show" && args.positional.size() == 2) {
    std::vector<AuditEntry> entries;
    s = jobs::AuditShow(ctx, args.positional[1], &entries);
    if (!s.ok()) return Fail(args, s);
    Json list = Json::array();
    for (const AuditEntry& e : entries) {
      if (args.Flag("--json")) {
        list.push_back({{"id", e.id},
                        {"at", e.at},
                        {"who", e.who},
                        {"action", e.action},
                        {"detail", e.detail}});
      } else {
        // Stored text may predate the text rule: one entry, one line.
        std::cout << e.at << "  " << ForOneLine(e.who) << "  " << ForOneLine(e.action) << "  "
                  << ForOneLine(e.detail) << "\n";
      }
    }
    if (args.Flag("--json")) std::cout << jobs::DumpJson(Json{{"entries", list}}) << "\n";
    return 0;
  }
  return Fail(args, Status::InvalidArgument(std::string("用法：\n") + kAuditHelp));
}

Json ReclaimableJson(const std::vector<ReclaimableFile>& files) {
  Json list = Json::array();
  for (const ReclaimableFile& f : files) {
    list.push_back({{"path", f.path},
                    {"bytes", f.bytes},
                    {"kind", f.temporary ? "temporary" : "unreferenced"}});
  }
  return list;
}

// "3 个不属于任何件的文件、2 个临时文件，共 1.2 MB"
std::string ReclaimableSummary(const std::vector<ReclaimableFile>& files) {
  int64_t temporaries = 0;
  uint64_t bytes = 0;
  for (const ReclaimableFile& f : files) {
    temporaries += f.temporary ? 1 : 0;
    bytes += f.bytes;
  }
  const int64_t unreferenced = static_cast<int64_t>(files.size()) - temporaries;
  std::string text;
  if (unreferenced > 0) text += std::to_string(unreferenced) + " 个不属于任何件的文件";
  if (temporaries > 0)
    text += (text.empty() ? "" : "、") + std::to_string(temporaries) + " 个临时文件";
  return text + "，共 " + std::to_string(bytes) + " 字节";
}

// Leftovers are not damage: listed (the first few) with what to do about them.
void PrintReclaimable(const std::vector<ReclaimableFile>& files) {
  if (files.empty()) return;
  constexpr size_t kShown = 10;
  std::cout << "可回收（中断的归档留下，不是损坏；dangan gc 可清理）：" << ReclaimableSummary(files)
            << "\n";
  for (size_t i = 0; i < files.size() && i < kShown; ++i)
    std::cout << "  " << files[i].path << "\n";
  if (files.size() > kShown)
    std::cout << "  ……（另有 " << files.size() - kShown << " 个，--json 列出全部）\n";
}

// dangan check --four-properties: the 长期保存 stage of DA/T 70 over the whole archive.
int FourPropertiesCommand(const Args& args) {
  JobContext ctx;
  jobs::FourPropertyReport report;
  const std::string db = args.Option("--clamav-db");
  const std::string out = args.Option("-o");
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok() && !db.empty() && access(db.c_str(), R_OK) != 0)
    s = Status::InvalidArgument("病毒特征库「" + db + "」不存在或无法读取（--clamav-db）");
  if (s.ok() && !out.empty() && (out.size() <= 4 || out.compare(out.size() - 4, 4, ".pdf") != 0))
    s = Status::InvalidArgument("报告文件「" + out + "」应以 .pdf 结尾（-o）");
  if (s.ok()) s = jobs::CheckArchiveFourProperties(ctx, db, &report);
  if (s.ok() && !out.empty()) s = jobs::RenderFourPropertyReport(ctx, report, out);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::FourPropertyJson(report)) << "\n";
  } else {
    std::cout << jobs::FourPropertyText(report);
    if (!out.empty()) std::cout << "已生成四性检测报告 " << out << "\n";
  }
  return report.passed() ? 0 : 1;
}

int CheckCommand(const Args& args) {
  if (Help(args, kCheckHelp)) return 0;
  if (args.Flag("--four-properties")) return FourPropertiesCommand(args);
  JobContext ctx;
  CheckReport report;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::Check(ctx, &report);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json problems = Json::array();
    for (const CheckProblem& p : report.problems)
      problems.push_back({{"code", "check_failed"}, {"档号", p.danghao}, {"message", p.problem}});
    std::cout << jobs::DumpJson(Json{{"items", report.items},
                                     {"files", report.files},
                                     {"bytes", report.bytes},
                                     {"problems", problems},
                                     {"reclaimable", ReclaimableJson(report.reclaimable)}})
              << "\n";
  } else {
    for (const CheckProblem& p : report.problems)
      std::cout << p.danghao << "：" << p.problem << "\n";
    PrintReclaimable(report.reclaimable);
    std::cout << "检查了 " << report.items << " 件、" << report.files << " 个文件（" << report.bytes
              << " 字节）："
              << (report.ok() ? "全部完好" : std::to_string(report.problems.size()) + " 处问题")
              << "\n";
  }
  return report.ok() ? 0 : 1;
}

int GcCommand(const Args& args) {
  if (Help(args, kGcHelp)) return 0;
  JobContext ctx;
  std::vector<ReclaimableFile> removed;
  const bool dry_run = args.Flag("--dry-run");
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::CollectGarbage(ctx, dry_run, &removed);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(Json{{"dry_run", dry_run}, {"files", ReclaimableJson(removed)}})
              << "\n";
  } else if (removed.empty()) {
    std::cout << "没有需要清理的文件\n";
  } else {
    for (const ReclaimableFile& f : removed) std::cout << f.path << "\n";
    std::cout << (dry_run ? "可清理：" : "已清理：") << ReclaimableSummary(removed) << "\n";
  }
  return 0;
}

int ReindexCommand(const Args& args) {
  if (Help(args, kReindexHelp)) return 0;
  std::unique_ptr<Archive> archive;
  Status s = OpenArchive(args, &archive);
  int64_t items = 0;
  if (s.ok()) s = archive->Reindex(&items);
  if (!s.ok()) return Fail(args, s);
  std::cout << "已重建全文索引：" << items << " 件\n";
  return 0;
}

int SearchCommand(const Args& args) {
  if (Help(args, kSearchHelp)) return 0;
  SearchRequest request;
  for (const std::string& word : args.positional)
    request.query += (request.query.empty() ? "" : " ") + word;
  if (request.query.empty())
    return Fail(args, Status::InvalidArgument("请给出要检索的文字（用 --help 查看用法）"));
  Status s = jobs::SearchRequestFromWords(WordsOf(args), &request);
  request.exact_total = args.Flag("--count");
  JobContext ctx;
  if (s.ok()) s = ContextFromArgs(args, &ctx);
  SearchResults results;
  if (s.ok()) s = jobs::Search(ctx, request, &results);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json hits = Json::array();
    for (const SearchHit& h : results.hits) {
      Json j = jobs::ItemJson(h.item);
      j.erase("files");
      j["摘要"] = h.snippet;
      j["题名命中"] = h.title_hit;
      hits.push_back(j);
    }
    std::cout << jobs::DumpJson(Json{{"total", results.total},
                                     {"total_is_lower_bound", results.total_is_lower_bound},
                                     {"ranked", results.ranked},
                                     {"terms", results.terms},
                                     {"hits", hits}})
              << "\n";
    return 0;
  }
  for (const SearchHit& h : results.hits) {
    std::cout << ForOneLine(h.item.danghao) << "  " << ForOneLine(h.item.title) << "  "
              << ForOneLine(h.item.date) << "\n    " << ForOneLine(h.snippet) << "\n";
  }
  if (results.total_is_lower_bound) {
    std::cout
        << "命中超过 " << kSearchExactLimit << " 件（显示 " << results.hits.size()
        << " 件，按归档先后排列，题名命中在前；加 --count 统计总数，加检索词或筛选条件可缩小范围）";
  } else {
    std::cout << "共命中 " << results.total << " 件";
    if (results.total > results.hits.size())
      std::cout << "（显示 " << results.hits.size() << " 件）";
    if (!results.ranked) std::cout << "（按归档先后排列，题名命中在前）";
  }
  std::cout << "\n";
  return 0;
}

}  // namespace dangan::cli
