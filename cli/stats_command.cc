// dangan stats --year 年度 [--json] [-o 文件.pdf|.xlsx] (issue 16 §2).
#include <iostream>

#include "commands.h"
#include "dangan/jobs/stats.h"

namespace dangan::cli {

namespace {

const char kStatsHelp[] =
    "用法：dangan stats --year 年度 [--json] [-o 文件.pdf|文件.xlsx] [--set 填报人=姓名 …]\n"
    "档案工作基本情况年度统计：截至年底的馆藏件数、页数（按年度、保管期限、门类、机构分列），"
    "本年归档、销毁的件数，出具利用副本的次数，冻结件数和存储用量。\n"
    "-o 按模板 GD-03（档案工作基本情况统计表）生成 PDF 或 XLSX；--set 可填 填报人、填报日期、"
    "审核人、审核日期。\n"
    "只统计当前密级（--clearance）可见的档案；上报全部档案请用 --clearance 机密。\n";

void PrintLines(const char* title, const std::vector<jobs::StatsLine>& lines) {
  std::cout << title << "：\n";
  if (lines.empty()) std::cout << "  （无）\n";
  for (const jobs::StatsLine& l : lines) {
    std::cout << "  " << l.label << "  " << l.items << " 件  " << l.pages << " 页\n";
  }
}

}  // namespace

int StatsCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kStatsHelp;
    return 0;
  }
  if (!args.positional.empty()) {
    return Fail(args, Status::InvalidArgument("多余的参数「" + args.positional[0] +
                                              "」（用 --year 给出统计年度）"));
  }
  const std::string year_text = args.Option("--year");
  if (year_text.empty())
    return Fail(args, Status::InvalidArgument("请用 --year 给出统计年度，如 --year 2025"));
  if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(args, Status::InvalidArgument("统计年度「" + year_text +
                                              "」应为四位数字的年份（如 2025）"));
  }
  JobContext ctx;
  jobs::AnnualStats stats;
  std::map<std::string, std::string> header;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = SetsFromArgs(args, &header);
  if (s.ok()) s = jobs::ComputeStats(ctx, std::stoi(year_text), &stats);
  GeneratedDocument doc;
  const std::string out = args.Option("-o");
  if (s.ok() && !out.empty()) s = jobs::RenderStats(ctx, stats, header, out, &doc);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json j = jobs::StatsJson(stats);
    if (!out.empty()) j["output"] = out;
    std::cout << jobs::DumpJson(j) << "\n";
    return 0;
  }
  std::cout << stats.company << "（全宗号 " << stats.fonds << "）" << stats.year
            << " 年度档案工作统计（截至 " << stats.as_of << "，密级范围：" << stats.clearance
            << "）\n"
            << "馆藏：" << stats.items << " 件，" << stats.pages << " 页\n";
  PrintLines("按年度", stats.by_year);
  PrintLines("按保管期限", stats.by_retention);
  PrintLines("按门类", stats.by_category);
  PrintLines("按机构", stats.by_department);
  std::cout << "本年归档：" << stats.filed_items << " 件，" << stats.filed_pages << " 页\n"
            << "本年销毁：" << stats.destroyed_items << " 件，" << stats.destroyed_pages << " 页\n"
            << "本年出具利用副本：" << stats.copies_issued << " 次，涉及 " << stats.items_copied
            << " 件\n"
            << "冻结：" << stats.held_items << " 件\n"
            << "存储：" << stats.stored_files << " 个文件，"
            << jobs::ReadableBytes(stats.stored_bytes) << "\n";
  if (!out.empty()) std::cout << "统计表已生成：" << out << "\n";
  return 0;
}

}  // namespace dangan::cli
