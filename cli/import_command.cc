// dangan import: legacy spreadsheets into the archive (catalogue items or register rows);
// their register rows are shown by dangan register (register_command.cc).
#include <iostream>
#include <memory>

#include "args.h"
#include "commands.h"
#include "dangan/archive/archive.h"
#include "dangan/importers/import.h"
#include "dangan/jobs/generate.h"
#include "dangan/jobs/import.h"

namespace dangan::cli {
namespace {

const char kImportHelp[] =
    "用法：dangan import 文件 --into catalogue|register:模板编号 [--mapping 映射文件]\n"
    "                    [--dry-run] [--skip-bad-rows] [--assign-danghao] [--files 扫描件目录]\n"
    "                    [--ocr]\n"
    "                    [--sheet 工作表] [--encoding GBK|UTF-8|…] [--report 文件.csv]\n"
    "                    [--volume 册名] [--json]\n"
    "导入旧的电子表格（.xlsx、.xls、WPS 的 .et、.ods、.csv、.tsv；.xlsb、.numbers 不支持）：\n"
    "  --into catalogue        归档文件目录：每行成为档案库中的一件，原档号照原样保留\n"
    "  --into register:S-04    登记表：每行成为该登记表的一行（按原序号），之后可用\n"
    "                          dangan generate S-04 --from-archive 生成 PDF/XLSX 并归档\n"
    "  --volume 册名           登记表的册（如 2019）：每年（每册）序号从 1 重编的登记表，\n"
    "                          每册分开导入；同一册内序号不得重复\n"
    "  --mapping 文件          列与字段的对应、固定值、旧保管期限（长期/短期）的决定\n"
    "                          （格式见 samples/legacy/mapping-example.yaml）\n"
    "  --assign-danghao        目录中没有档号的行（未编号的旧文件）按本库的档号规则编新档号；\n"
    "                          再次导入时按年度、门类、机构、题名、责任者、文号、日期认出\n"
    "  --dry-run               只检查：显示列的对应、每列的样例值和全部问题，不作任何改动\n"
    "  --skip-bad-rows         有问题的行不导入，其余照常导入；有问题的行写入报告（CSV），\n"
    "                          改正后可直接重新导入该报告\n"
    "  --report 文件           报告的位置（默认：与源文件同目录，名为 源文件名.未导入的行.csv）\n"
    "  --files 目录            目录中的扫描件按档号或“文件名”列归入对应的件\n"
    "  --ocr                   对没有文字层的扫描件做 OCR（较慢）；默认只读 PDF 文字层\n"
    "  --sheet 名称            只导入这个工作表\n"
    "  --encoding 编码         CSV 的编码（默认自动识别 UTF-8 / GB18030）\n"
    "同一文件导入两次不会重复：目录按档号、登记表按序号和内容识别已导入的行；\n"
    "内容有变化的行只报告，不覆盖。\n"
    "退出码：0 全部导入（或已导入）；1 有被拒绝或有变化的行；2 未导入（有问题，档案库未改动）。\n";

Status RequestFromArgs(const Args& args, jobs::ImportRequest* request) {
  if (args.positional.size() != 1) {
    return Status::InvalidArgument(
        "用法：dangan import 文件 --into catalogue|register:模板编号（用 --help 查看用法）");
  }
  request->path = args.positional[0];
  request->into = args.Option("--into");
  request->mapping_path = args.Option("--mapping");
  ImportOptions* options = &request->options;
  options->dry_run = args.Flag("--dry-run");
  options->skip_bad_rows = args.Flag("--skip-bad-rows");
  options->assign_danghao = args.Flag("--assign-danghao");
  options->files_dir = args.Option("--files");
  options->ocr = args.Flag("--ocr");
  options->read.sheet = args.Option("--sheet");
  options->read.encoding = args.Option("--encoding");
  options->report_path = args.Option("--report");
  options->volume = args.Option("--volume");
  return Status::Ok();
}

std::string ProblemLine(const ImportProblem& p) {
  return (p.rejects ? "  ✗ " : "  · ") + DescribeImportProblem(p);
}

void PrintColumns(const ImportReport& r) {
  std::cout << "列的对应：\n";
  for (const ColumnReport& c : r.columns) {
    std::cout << "  " << ColumnName(c.column) << " " << c.header << " → "
              << (c.field.empty() ? "（不导入）" : c.field) << "（" << c.how << "）";
    for (size_t i = 0; i < c.samples.size(); ++i) {
      const auto& [before, after] = c.samples[i];
      std::cout << (i ? "，" : "  例：") << before;
      if (!c.field.empty() && after != before) std::cout << " ⇒ " << after;
    }
    std::cout << "\n";
  }
}

void PrintList(const std::string& title, const std::vector<std::string>& items, size_t limit) {
  if (items.empty()) return;
  std::cout << title << "（" << items.size() << "）：\n";
  for (size_t i = 0; i < items.size() && i < limit; ++i) std::cout << "  " << items[i] << "\n";
  if (items.size() > limit) std::cout << "  ……另有 " << items.size() - limit << " 项\n";
}

void PrintReport(const ImportReport& r, const ImportOptions& o) {
  std::string target =
      o.target == ImportTarget::kCatalogue
          ? "档案目录"
          : "登记表 " + o.register_template->id + "《" + o.register_template->title + "》";
  std::cout << "导入 " << r.source << "（" << r.format
            << (r.encoding.empty() ? "" : "，" + r.encoding) << "）→ " << target << "\n";
  for (const std::string& sheet : r.sheets) {
    std::cout << "工作表「" << sheet << "」：表头在第 " << r.header_rows.at(sheet) << " 行\n";
  }
  PrintColumns(r);
  if (!r.problems.empty()) {
    std::cout << "问题（✗ 该行不能导入，· 说明）：\n";
    for (const ImportProblem& p : r.problems) std::cout << ProblemLine(p) << "\n";
    if (r.problems_truncated > 0) {
      std::cout << "  ……另有 " << r.problems_truncated << " 个问题未列出（只列出前 "
                << ImportReport::kKeptProblems
                << " 个；用 --skip-bad-rows 时，被拒绝的每一行及其问题都写入未导入的行的报告）\n";
    }
  }
  PrintList("已导入过但内容有变化的行（未改动）", r.changed, 50);
  if (r.changed_truncated > 0) {
    std::cout << "  ……另有 " << r.changed_truncated << " 行有变化，未列出\n";
  }
  if (!o.files_dir.empty()) {
    std::cout << "扫描件：" << r.scans_attached << " 件已归入对应的行\n";
    PrintList("没有对应行的扫描件", r.unmatched_scans, 50);
    PrintList("没有扫描件的行", r.rows_without_scan, 20);
  }
  if (!r.header_values.empty()) {
    std::cout << "表格上方的表头字段（生成登记表时用 --set 给出）：";
    const char* sep = "";
    for (const auto& [field, value] : r.header_values) {
      std::cout << sep << "--set " << field << "=" << value;
      sep = " ";
    }
    std::cout << "\n";
  }
  std::cout << "结果：读入 " << r.rows_read << " 行；" << (r.dry_run ? "可新增 " : "新增 ")
            << (r.dry_run ? static_cast<int64_t>(r.added.size()) : r.rows_added)
            << "，已导入且相同 " << r.rows_unchanged << "，已导入但有变化 " << r.rows_changed
            << "，拒绝 " << r.rows_rejected << "\n";
  if (r.dry_run) std::cout << "（试运行 --dry-run：档案库未作任何改动）\n";
  if (!r.report_file.empty()) {
    std::cout << "未导入的行已写入 " << r.report_file << "，改正后可用同一命令重新导入\n";
  }
}

}  // namespace

int ImportCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kImportHelp;
    return 0;
  }
  JobContext ctx;
  jobs::ImportRequest request;
  ImportOptions options;
  Template tmpl;
  ImportReport report;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = RequestFromArgs(args, &request);
  if (s.ok()) s = jobs::Import(ctx, request, &tmpl, &options, &report);
  if (args.Flag("--json")) {
    Json j = jobs::ImportReportJson(report);
    Json status = jobs::StatusJson(s);
    j["error"] = status["error"];
    for (const Json& p : status["problems"]) j["problems"].push_back(p);
    std::cout << jobs::DumpJson(j) << "\n";
  } else if (!report.format.empty()) {
    PrintReport(report, options);
  }
  if (!s.ok()) return Fail(s);  // the JSON above already carries the problems
  return report.rows_rejected > 0 || report.rows_changed > 0 ? 1 : 0;
}

}  // namespace dangan::cli
