// dangan generate: data in, PDF/XLSX out, and with --file straight into the archive.
#include <ctime>
#include <iostream>
#include <memory>

#include "args.h"
#include "commands.h"
#include "dangan/archive/archive.h"
#include "dangan/generator/generator.h"
#include "dangan/intake/intake.h"

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

Status ParseSets(const Args& args, std::map<std::string, std::string>* out) {
  for (const std::string& s : args.sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--set 应写作 字段=值，而不是「" + s + "」");
    }
    (*out)[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return Status::Ok();
}

// The year of an item: its date's, or this year when the form has no date.
int YearOf(const std::string& iso_date) {
  if (iso_date.size() >= 4) return std::stoi(iso_date.substr(0, 4));
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

// The longer of the template's period and the archive's retention table: periods may only be
// lengthened.
std::string LongerRetention(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  auto rank = [](const std::string& code) { return code == "Y" ? 3 : code == "D30" ? 2 : 1; };
  return rank(a) >= rank(b) ? a : b;
}

// Files each generated document as one item: the PDF as the original (its text taken from the
// PDF's text layer), the XLSX as an attachment.
Status FileGenerated(const Args& args, const Template& t, std::vector<GeneratedDocument>* docs,
                     std::vector<ItemRecord>* filed) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Archive::Open(ArchiveDir(args), UserName(args), &archive));
  IntakeOptions no_ocr;
  no_ocr.ocr = false;
  // The generator knows each document's identity: rendering page one to look for its QR code
  // would cost ~50 ms a document for nothing.
  no_ocr.read_qr = false;
  // One batch: every document is filed or none is, and the store's flushes are shared.
  std::vector<Filing> batch;
  for (const GeneratedDocument& d : *docs) {
    Filing filing;
    NewItem& item = filing.item;
    item.category = t.archive.category;
    item.department = t.archive.department;
    item.secrecy = SecrecyName(t.archive.secrecy);  // NewItem takes the names for now
    item.retention = LongerRetention(
        RetentionCode(t.archive.retention), archive->RetentionFor(t.id, t.archive.category, d.archive_title));
    item.title = d.archive_title;
    item.date = d.archive_date;
    item.year = YearOf(d.archive_date);
    item.responsible = d.archive_people;
    item.source = "generated";
    item.template_id = t.id;
    item.doc_number = d.doc_number;
    for (const GeneratedFile& g : d.files) {
      NewFile f;
      f.path = g.path;
      if (g.format == "pdf") {
        IntakeResult read;
        DANGAN_RETURN_IF_ERROR(ReadForFiling(g.path, no_ocr, &read));
        f.role = FileRole::kOriginal;
        f.media_type = read.media_type;
        f.pages = static_cast<int>(read.pages.size());
        f.text = read.text;
      } else {
        f.role = FileRole::kAttachment;
        f.media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      }
      filing.files.push_back(std::move(f));
    }
    batch.push_back(std::move(filing));
  }
  DANGAN_RETURN_IF_ERROR(archive->FileBatch(batch, filed));
  return Status::Ok();
}

}  // namespace

int GenerateCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kGenerateHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(
        Status::InvalidArgument("用法：dangan generate 编号 --data 文件（用 --help 查看用法）"));
  }
  auto data = args.options.find("--data");
  const bool from_archive = args.Flag("--from-archive");
  if (data == args.options.end() && !from_archive) {
    return Fail(
        Status::InvalidArgument("缺少 --data 数据文件（或用 --from-archive 取导入的登记表）"));
  }
  OutputFormat format = OutputFormat::kBoth;
  auto f = args.options.find("--format");
  if (f != args.options.end()) {
    if (f->second == "pdf") {
      format = OutputFormat::kPdf;
    } else if (f->second == "xlsx") {
      format = OutputFormat::kXlsx;
    } else if (f->second != "both") {
      return Fail(
          Status::InvalidArgument("--format 应为 pdf、xlsx 或 both，而不是「" + f->second + "」"));
    }
  }
  auto out_it = args.options.find("--out");
  std::string out = out_it == args.options.end() ? "out" : out_it->second;

  Template t;
  Status s = FindTemplate(args, args.positional[0], &t);
  if (!s.ok()) return Fail(s);
  std::map<std::string, std::string> sets;
  auto header = args.options.find("--header");
  if (header != args.options.end()) {
    s = ReadHeaderValues(header->second, &sets);
    if (!s.ok()) return Fail(s);
  }
  s = ParseSets(args, &sets);
  if (!s.ok()) return Fail(s);
  std::vector<RawRecord> records;
  s = from_archive ? RegisterRecordForGenerate(args, t, sets, &records)
                   : ReadData(t, data->second, sets, &records);
  if (!s.ok()) return Fail(s);
  Generator generator;
  std::vector<GeneratedDocument> docs;
  s = generator.Generate(t, std::move(records), format, out, &docs);
  if (!s.ok()) return Fail(s);

  std::vector<ItemRecord> filed;
  if (args.Flag("--file")) {
    s = FileGenerated(args, t, &docs, &filed);
    if (!s.ok()) return Fail(s);
  }

  if (args.Flag("--json")) {
    Json list = Json::array();
    for (size_t i = 0; i < docs.size(); ++i) {
      const auto& d = docs[i];
      Json files = Json::array();
      for (const auto& file : d.files) {
        Json jf = {{"path", file.path}, {"format", file.format}};
        if (file.format == "pdf") jf["pages"] = file.pages;
        files.push_back(jf);
      }
      Json entry = {{"template", d.template_id},
                    {"doc_number", d.doc_number},
                    {"title", d.archive_title},
                    {"approval_chain", d.approval_chain},
                    {"rows", d.rows},
                    {"files", files}};
      if (i < filed.size()) entry["danghao"] = filed[i].danghao;
      list.push_back(entry);
    }
    std::cout << list.dump(2) << "\n";
    return 0;
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto& d = docs[i];
    std::cout << d.doc_number << "  " << d.archive_title;
    if (i < filed.size()) std::cout << "  已归档：" << filed[i].danghao;
    if (!d.approval_chain.empty()) {
      std::cout << "  审批：";
      for (size_t i = 0; i < d.approval_chain.size(); ++i)
        std::cout << (i ? " → " : "") << d.approval_chain[i];
    }
    std::cout << "\n";
    for (const auto& file : d.files) {
      std::cout << "  " << file.path;
      if (file.format == "pdf") std::cout << "（" << file.pages << " 页）";
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace dangan::cli
