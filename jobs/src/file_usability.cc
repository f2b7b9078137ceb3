// 可用性 of one file (DA/T 70-2018: content opens, format conforms, no encryption): the format by
// content against the one allowed list, then whether it opens, whether it is encrypted and, for
// a PDF the archive generated, its PDF/A identification. The format knowledge lives where the
// readers are: PDF and images in intake (dangan/intake/usability.h), ZIP packages in
// zip_container.cc, XLSX in the spreadsheet reader.
#include <sys/stat.h>

#include "dangan/intake/intake.h"
#include "dangan/intake/usability.h"
#include "dangan/jobs/four_properties.h"
#include "dangan/spreadsheet/spreadsheet.h"
#include "zip_container.h"

namespace dangan::jobs {
namespace {

const char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const char kOfdType[] = "application/ofd";

// The formats an archive keeps (GB/T 18894-2016: fixed-layout OFD, PDF or PDF/A for text, JPEG
// or TIFF for images; DA/T 47-2009 on long-term fixed-layout formats), with PNG for the scans
// filing accepts and XLSX for the spreadsheet attached to a generated form.
struct AllowedFormat {
  const char* media_type;
  const char* name;
};
constexpr AllowedFormat kAllowedFormats[] = {
    {"application/pdf", "PDF"}, {kOfdType, "OFD"},    {"image/jpeg", "JPEG"},
    {"image/tiff", "TIFF"},     {"image/png", "PNG"}, {kXlsxType, "XLSX"},
};

std::string AllowedList() {
  std::string list;
  for (const AllowedFormat& f : kAllowedFormats)
    list += (list.empty() ? "" : "、") + std::string(f.name);
  return "允许的格式：" + list + "（GB/T 18894-2016、DA/T 47-2009）";
}

const char* FormatName(const std::string& media_type) {
  for (const AllowedFormat& f : kAllowedFormats) {
    if (media_type == f.media_type) return f.name;
  }
  return nullptr;
}

void Add(FourPropertyReport* report, const char* item, const std::string& subject,
         const char* outcome, const std::string& detail) {
  report->checks.push_back({kUsability, item, subject, outcome, detail});
}

// Reads every sheet and discards the rows: the reader refuses what does not open.
class DiscardSink : public SheetSink {
 public:
  Status BeginSheet(int, const std::string&) override { return Status::Ok(); }
  Status Row(const SheetRow&) override { return Status::Ok(); }
  Status EndSheet(int, const std::vector<MergedRange>&) override { return Status::Ok(); }
};

// What the file is by content: an allowed media type, or "" with `what` describing it.
std::string FormatOf(const std::string& path, ZipContents* zip, std::string* what) {
  const std::string sniffed = SniffMediaType(path);
  if (!sniffed.empty()) return sniffed;
  *zip = InspectZip(path);
  switch (zip->kind) {
    case ZipKind::kOfd:
      return kOfdType;
    case ZipKind::kXlsx:
      return kXlsxType;
    case ZipKind::kDocx:
      *what = "Word 文档（docx）";
      return "";
    case ZipKind::kOtherZip:
      *what = zip->problem.empty() ? "ZIP 压缩包" : "ZIP 压缩包（" + zip->problem + "）";
      return "";
    case ZipKind::kNotZip:
      break;
  }
  *what = DescribeContent(path);
  return "";
}

// "2B" -> "2b", as PDF/A levels are written.
std::string LowerConformance(std::string level) {
  for (char& c : level) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return level;
}

void CheckPdf(const std::string& path, const std::string& subject, FourPropertyReport* report) {
  const PdfUsability pdf = InspectPdf(path);
  if (pdf.problem.empty()) {
    Add(report, "文件可打开", subject, kCheckPassed,
        "PDF 可解析，" + std::to_string(pdf.pages) + " 页均可显示");
  } else {
    Add(report, "文件可打开", subject, kCheckFailed, pdf.problem);
  }
  Add(report, "未加密", subject, pdf.encrypted ? kCheckFailed : kCheckPassed,
      pdf.encrypted ? "PDF 文件已加密（设有密码或权限限制），长期保存的文件不得加密" : "");
  if (!pdf.pdfa.empty()) {
    Add(report, "PDF/A 标识", subject, kCheckPassed,
        "XMP 元数据标识为 PDF/A-" + LowerConformance(pdf.pdfa) +
            "（未用 veraPDF 做完整符合性验证）");
  } else if (pdf.generated) {
    Add(report, "PDF/A 标识", subject, kCheckFailed,
        "本系统生成的 PDF 应为 PDF/A-2b，但 XMP 元数据中没有 PDF/A 标识");
  } else if (pdf.problem.empty()) {
    Add(report, "PDF/A 标识", subject, kCheckPassed, "外来 PDF（扫描件等），不要求 PDF/A 标识");
  }
}

void CheckZip(const std::string& path, const std::string& subject, const std::string& media_type,
              const ZipContents& zip, FourPropertyReport* report) {
  if (!zip.problem.empty()) {
    Add(report, "文件可打开", subject, kCheckFailed, zip.problem);
  } else if (media_type == kOfdType) {
    Add(report, "文件可打开", subject, kCheckSkipped,
        "OFD 容器完整、含 OFD.xml；本系统没有 OFD 阅读组件，页面未做显示检查");
  } else {
    SpreadsheetInfo info;
    DiscardSink sink;
    const Status read = ReadSpreadsheet(path, SpreadsheetOptions{}, &sink, &info);
    Add(report, "文件可打开", subject, read.ok() ? kCheckPassed : kCheckFailed,
        read.ok() ? "XLSX 可读取，" + std::to_string(info.sheets.size()) + " 个工作表"
                  : "XLSX 无法读取：" + read.message());
  }
  Add(report, "未加密", subject, zip.encrypted ? kCheckFailed : kCheckPassed,
      zip.encrypted ? "ZIP 容器中有加密的部件，长期保存的文件不得加密" : "");
}

}  // namespace

void CheckFileUsable(const std::string& path, const std::string& subject,
                     FourPropertyReport* report) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    Add(report, "文件可打开", subject, kCheckFailed, "文件不存在");
    return;
  }
  if (st.st_size == 0) {
    Add(report, "文件可打开", subject, kCheckFailed, "文件为空（0 字节）");
    return;
  }
  ZipContents zip;
  std::string what;
  const std::string media_type = FormatOf(path, &zip, &what);
  if (media_type.empty()) {
    Add(report, "格式符合要求", subject, kCheckFailed, "内容是" + what + "；" + AllowedList());
    return;
  }
  Add(report, "格式符合要求", subject, kCheckPassed, FormatName(media_type));
  if (media_type == "application/pdf") {
    CheckPdf(path, subject, report);
  } else if (media_type == kOfdType || media_type == kXlsxType) {
    CheckZip(path, subject, media_type, zip, report);
  } else {
    const std::string problem = ImageUsabilityProblem(path, media_type);
    Add(report, "文件可打开", subject, problem.empty() ? kCheckPassed : kCheckFailed,
        problem.empty() ? "图片可解码" : problem);
  }
}

Status RefuseUnusable(const std::string& path, FourPropertyReport* report) {
  const size_t first = report->checks.size();
  CheckFileUsable(path, path, report);
  for (size_t i = first; i < report->checks.size(); ++i) {
    const PropertyCheck& c = report->checks[i];
    if (c.outcome == kCheckFailed)
      return Status::InvalidArgument("无法归档「" + path + "」：" + c.item + "不通过，" + c.detail);
  }
  return Status::Ok();
}

}  // namespace dangan::jobs
