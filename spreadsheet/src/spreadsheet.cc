// Which reader a file goes to, decided by its content (the name only tells CSV from TSV), and the
// refusal, naming the file, of anything that is not a spreadsheet.
#include "dangan/spreadsheet/spreadsheet.h"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

#include "sheet_readers.h"

namespace dangan {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

struct Classified {
  SpreadsheetFormat format = SpreadsheetFormat::kUnknown;
  std::string reason;  // why it is not a spreadsheet, when format is kUnknown
  bool missing = false;
};

bool StartsWith(const std::string& s, const char* prefix, size_t n) {
  return s.size() >= n && s.compare(0, n, prefix, n) == 0;
}

std::string LowerExtension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return ext;
}

// What a non-spreadsheet file is, by its leading bytes, in words for the clerk ("" if unknown).
std::string KnownOtherKind(const std::string& head) {
  if (StartsWith(head, "%PDF", 4)) return "PDF 文件";
  if (StartsWith(head, "\x89PNG", 4)) return "PNG 图片";
  if (StartsWith(head, "\xFF\xD8\xFF", 3)) return "JPEG 图片";
  if (StartsWith(head, "GIF8", 4)) return "GIF 图片";
  if (StartsWith(head, "II*\0", 4) || StartsWith(head, "MM\0*", 4)) return "TIFF 图片";
  if (StartsWith(head, "BM", 2) && head.size() > 14 && head[6] == 0 && head[7] == 0) {
    return "BMP 图片";
  }
  if (StartsWith(head, "\x1F\x8B", 2)) return "gzip 压缩包";
  if (StartsWith(head, "Rar!", 4)) return "RAR 压缩包";
  if (StartsWith(head, "7z\xBC\xAF", 4)) return "7z 压缩包";
  if (StartsWith(head, "{\\rtf", 5)) return "RTF 文档";
  return "";
}

// Excel and WPS "save as web page" and the Excel 2003 XML format often keep the .xls name.
std::string MarkupKind(const std::string& head) {
  size_t i = StartsWith(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
  while (i < head.size() &&
         (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
    ++i;
  }
  if (i >= head.size() || head[i] != '<') return "";
  const std::string start = head.substr(i, 4096);
  if (start.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string::npos) {
    return "Excel 2003 XML 表格";
  }
  return "网页（HTML/XML）文件";
}

// Text has no NUL bytes and few control characters; random or binary data has plenty.
bool LooksLikeText(const std::string& head) {
  if (StartsWith(head, "\xFF\xFE", 2) || StartsWith(head, "\xFE\xFF", 2)) return true;
  size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return false;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) ++control;
  }
  return control * 100 <= head.size();
}

// Tabs or commas in the first line (UTF-16 text included: both are single code units).
SpreadsheetFormat DelimiterOfText(const std::string& path, const std::string& head) {
  const std::string ext = LowerExtension(path);
  if (ext == ".tsv" || ext == ".tab") return SpreadsheetFormat::kTsv;
  if (ext == ".csv") return SpreadsheetFormat::kCsv;
  const std::string line = head.substr(0, head.find('\n'));
  const auto tabs = std::count(line.begin(), line.end(), '\t');
  const auto commas = std::count(line.begin(), line.end(), ',');
  return tabs > commas ? SpreadsheetFormat::kTsv : SpreadsheetFormat::kCsv;
}

constexpr char kOdsMimeType[] = "application/vnd.oasis.opendocument.spreadsheet";

// The first bytes of zip entry `name` ("" when missing or unreadable).
std::string ZipEntryHead(zip_t* zip, const char* name, size_t max_bytes) {
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(zip, name, 0), zip_fclose);
  if (!file) return "";
  std::string head(max_bytes, '\0');
  const zip_int64_t n = zip_fread(file.get(), head.data(), head.size());
  head.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return head;
}

// Apple Numbers keeps its tables in Index/*.iwa (inside the file, or in Index.zip of a bundle).
bool HasNumbersIndex(zip_t* zip) {
  const zip_int64_t entries = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < entries && i < 10000; ++i) {
    const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) continue;
    const std::string_view n(name);
    if (n.rfind("Index/", 0) == 0 && n.size() > 4 && n.compare(n.size() - 4, 4, ".iwa") == 0) {
      return true;
    }
  }
  return false;
}

constexpr char kNumbersReason[] =
    "这是 Apple Numbers 表格（.numbers），暂不支持；请在 Numbers 中导出为 .xlsx 后再导入";

Classified ClassifyZip(const std::string& path) {
  Classified c;
  int error = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> zip(zip_open(path.c_str(), ZIP_RDONLY, &error),
                                                     zip_discard);
  if (!zip) {
    c.reason = "ZIP 压缩包已损坏或不完整（可能复制或上传时中断），无法作为 .xlsx 或 .ods 读取";
    return c;
  }
  auto has = [&](const char* name) { return zip_name_locate(zip.get(), name, 0) >= 0; };
  if (has("xl/workbook.xml")) {
    c.format = SpreadsheetFormat::kXlsx;
  } else if (has("xl/workbook.bin")) {
    c.reason = "这是 Excel 二进制工作簿（.xlsb），暂不支持；请在 Excel 中另存为 .xlsx 后再导入";
  } else if (has("content.xml") && has("mimetype")) {
    const std::string mime = ZipEntryHead(zip.get(), "mimetype", 128);
    if (mime.rfind(kOdsMimeType, 0) == 0) {
      c.format = SpreadsheetFormat::kOds;
    } else if (mime.rfind("application/vnd.oasis.opendocument.text", 0) == 0) {
      c.reason = "这是 OpenDocument 文本文档（.odt），不是电子表格";
    } else {
      c.reason = "这是 OpenDocument 文件，但不是电子表格（.ods）";
    }
  } else if (HasNumbersIndex(zip.get())) {
    c.reason = kNumbersReason;
  } else if (has("word/document.xml")) {
    c.reason = "这是 Word 文档（.docx），不是电子表格";
  } else {
    c.reason = "这是 ZIP 压缩包，其中没有 Excel 工作簿（xl/workbook.xml），不是 .xlsx 文件";
  }
  return c;
}

Classified Classify(const std::string& path) {
  Classified c;
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {  // a macOS bundle: .numbers is one
    c.reason = std::filesystem::exists(path + "/Index.zip", ignored) ||
                       std::filesystem::is_directory(path + "/Index", ignored)
                   ? kNumbersReason
                   : "这是一个文件夹，不是电子表格";
    return c;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) {
    c.missing = errno == ENOENT;
    c.reason = c.missing ? "文件不存在" : "无法打开：" + SystemErrorText(errno);
    return c;
  }
  std::string head(kSniffBytes, '\0');
  head.resize(std::fread(&head[0], 1, head.size(), f.get()));
  if (head.empty()) {
    c.reason = "文件为空（0 字节），不是电子表格";
  } else if (StartsWith(head, "PK\x03\x04", 4)) {
    return ClassifyZip(path);
  } else if (StartsWith(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    c.format = SpreadsheetFormat::kXls;
  } else if (const std::string other = KnownOtherKind(head); !other.empty()) {
    c.reason = "这是" + other + "，不是电子表格";
  } else if (const std::string markup = MarkupKind(head); !markup.empty()) {
    c.reason =
        "这是" + markup + "，不是真正的 Excel 工作簿；请在 Excel 或 WPS 中打开后另存为 .xlsx";
  } else if (!LooksLikeText(head)) {
    c.reason = "不是电子表格（内容是无法识别的二进制数据）";
  } else {
    c.format = DelimiterOfText(path, head);
  }
  return c;
}

}  // namespace

SpreadsheetFormat DetectSpreadsheetFormat(const std::string& path) { return Classify(path).format; }

const char* SpreadsheetFormatName(SpreadsheetFormat format) {
  switch (format) {
    case SpreadsheetFormat::kXlsx:
      return "xlsx";
    case SpreadsheetFormat::kXls:
      return "xls";
    case SpreadsheetFormat::kOds:
      return "ods";
    case SpreadsheetFormat::kCsv:
      return "csv";
    case SpreadsheetFormat::kTsv:
      return "tsv";
    case SpreadsheetFormat::kUnknown:
      break;
  }
  return "";
}

std::string ColumnName(int column) {
  std::string name;
  for (; column > 0; column = (column - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (column - 1) % 26));
  }
  return name;
}

Status ReadSpreadsheet(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
                       SpreadsheetInfo* info) {
  SpreadsheetInfo ignored;
  if (info == nullptr) info = &ignored;
  *info = SpreadsheetInfo();
  const Classified c = Classify(path);
  info->format = c.format;
  switch (c.format) {
    case SpreadsheetFormat::kXlsx:
      return sheet::ReadXlsx(path, options, sink, info);
    case SpreadsheetFormat::kOds:
      return sheet::ReadOds(path, options, sink, info);
    case SpreadsheetFormat::kXls:
      return sheet::ReadXls(path, options, sink, info);
    case SpreadsheetFormat::kCsv:
      return sheet::ReadDelimited(path, ',', options, sink, info);
    case SpreadsheetFormat::kTsv:
      return sheet::ReadDelimited(path, '\t', options, sink, info);
    case SpreadsheetFormat::kUnknown:
      break;
  }
  if (c.missing) return Status::NotFound(path + "：" + c.reason);
  return sheet::Refuse(path, c.reason);
}

namespace sheet {

Status Refuse(const std::string& path, const std::string& reason) {
  return Status::InvalidArgument(path + "：" + reason);
}

std::string Place(const std::string& sheet, int64_t row, int column) {
  std::string place = "工作表「" + sheet + "」";
  if (row > 0) place += "第 " + std::to_string(row) + " 行";
  if (row > 0 && column > 0) place += " " + ColumnName(column) + " 列";
  return place;
}

std::string ByteSize(uint64_t bytes) {
  auto scaled = [](uint64_t n, uint64_t unit, const char* name) {
    char buf[32];
    std::snprintf(buf, sizeof buf, n % unit == 0 ? "%.0f %s" : "%.1f %s",
                  static_cast<double>(n) / unit, name);
    return std::string(buf);
  };
  if (bytes >= (1ull << 30)) return scaled(bytes, 1ull << 30, "GB");
  if (bytes >= (1ull << 20)) return scaled(bytes, 1ull << 20, "MB");
  if (bytes >= (1ull << 10)) return scaled(bytes, 1ull << 10, "KB");
  return std::to_string(bytes) + " 字节";
}

}  // namespace sheet
}  // namespace dangan
