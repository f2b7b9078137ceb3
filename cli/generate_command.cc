// dangan generate: data in, PDF/XLSX out, and with --file straight into the archive.
#include <ctime>
#include <iostream>
#include <memory>

#include "args.h"
#include "commands.h"
#include "dangan/jobs/generate.h"

namespace dangan::cli {
namespace {

const char kGenerateHelp[] =
    "用法：dangan generate 编号 --data 文件 [--format pdf|xlsx|both] [--out 路径]\n"
    "                      [--header 文件] [--set 字段=值]... [--json] [--templates 目录]\n"
    "\n"
    "  --data 文件     JSON：一条记录，或多条记录的列表（每条生成一份）；登记表的 JSON "
    "列表即为各行。\n"
    "                  登记表也可用 CSV（首行为中文列名，UTF-8）。\n"
    "  --format        pdf、xlsx 或 both（默认 both）\n"
    "  --out 路径      输出目录（默认 ./out），文件以文档编号命名；只生成一份时也可为 .pdf/.xlsx "
    "文件名\n"
    "  --header 文件   表头字段取自该 JSON 对象（CSV 登记表的会议名称、年度等）\n"
    "  --set 字段=值   给表头字段赋值（如 年度=2024），可重复，优先于 --header\n"
    "  --file          "
    "生成后立即归档（按模板的归档默认值：门类、保管期限、机构、题名、日期、责任者），\n"
    "                  PDF 为原件、XLSX 为附件；档案库见 --archive\n"
    "  --json          以 JSON 输出生成结果\n"
    "  --from-archive  登记表的行取自档案库（dangan import … --into register:编号 导入的），\n"
    "                  可用 --rows 1-50 选序号范围、--volume 2019 选册；表头字段用 --set 或\n"
    "                  --header 给出\n";

int ThisYear() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

Status RequestFromArgs(const Args& args, jobs::GenerateRequest* request) {
  if (args.positional.size() != 1) {
    return Status::InvalidArgument("用法：dangan generate 编号 --data 文件（用 --help 查看用法）");
  }
  request->template_id = args.positional[0];
  request->data_path = args.Option("--data");
  request->from_archive = args.Flag("--from-archive");
  request->volume = args.Option("--volume");
  DANGAN_RETURN_IF_ERROR(
      jobs::ParseRange(args.Option("--rows"), "--rows", &request->rows_from, &request->rows_to));
  const std::string format = args.Option("--format", "both");
  if (format == "pdf") {
    request->format = OutputFormat::kPdf;
  } else if (format == "xlsx") {
    request->format = OutputFormat::kXlsx;
  } else if (format != "both") {
    return Status::InvalidArgument("--format 应为 pdf、xlsx 或 both，而不是「" + format + "」");
  }
  request->out = args.Option("--out", "out");
  request->header_path = args.Option("--header");
  DANGAN_RETURN_IF_ERROR(SetsFromArgs(args, &request->sets));
  request->file = args.Flag("--file");
  request->fallback_year = ThisYear();
  return Status::Ok();
}

void PrintResult(const jobs::GenerateResult& result) {
  const auto& docs = result.documents;
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto& d = docs[i];
    std::cout << d.doc_number << "  " << d.archive_title;
    if (i < result.filed.size()) std::cout << "  已归档：" << result.filed[i].danghao;
    if (!d.approval_chain.empty()) {
      std::cout << "  审批：";
      for (size_t k = 0; k < d.approval_chain.size(); ++k)
        std::cout << (k ? " → " : "") << d.approval_chain[k];
    }
    std::cout << "\n";
    for (const auto& file : d.files) {
      std::cout << "  " << file.path;
      if (file.format == "pdf") std::cout << "（" << file.pages << " 页）";
      std::cout << "\n";
    }
  }
}

}  // namespace

int GenerateCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kGenerateHelp;
    return 0;
  }
  JobContext ctx;
  jobs::GenerateRequest request;
  jobs::GenerateResult result;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = RequestFromArgs(args, &request);
  if (s.ok()) s = jobs::Generate(ctx, request, &result);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (size_t i = 0; i < result.documents.size(); ++i) {
      Json entry = jobs::GeneratedJson(result.documents[i]);
      if (i < result.filed.size()) entry["档号"] = result.filed[i].danghao;
      list.push_back(entry);
    }
    std::cout << jobs::DumpJson(Json{{"documents", list}, {"problems", Json::array()}}) << "\n";
    return 0;
  }
  PrintResult(result);
  return 0;
}

}  // namespace dangan::cli
