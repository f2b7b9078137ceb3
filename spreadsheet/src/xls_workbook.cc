#include "xls_workbook.h"

#include <map>

#include "xlsx_number_formats.h"

namespace dangan::sheet {
namespace {

using biff::Cursor;
using biff::Record;

constexpr uint16_t kBiff8Version = 0x0600, kBiff5Version = 0x0500;
constexpr uint16_t kGlobalsSubstream = 0x0005;

// FILEPASS ([MS-XLS] 2.4.117): BIFF5 knows only XOR obfuscation; BIFF8 names XOR (0) or RC4 (1),
// the RC4 header's major version telling the original (1) from CryptoAPI (2, 3, 4).
std::string EncryptionKind(const Record& r, int biff) {
  if (biff < 8) return "XOR 混淆";
  Cursor c(r, biff, nullptr);
  const uint16_t type = c.U16();
  if (type == 0) return "XOR 混淆";
  const uint16_t major = c.U16();
  if (major >= 2 && major <= 4) return "RC4 CryptoAPI 加密";
  return "RC4 加密";
}

class GlobalsReader {
 public:
  GlobalsReader(const std::string& path, const SpreadsheetLimits& limits, XlsWorkbook* book)
      : path_(path), limits_(limits), book_(book) {}

  Status Read(std::string_view stream) {
    biff::RecordReader reader(stream);
    Record r;
    if (!reader.Next(&r) || r.type != biff::kBof) return NotBiff(r);
    DANGAN_RETURN_IF_ERROR(ReadBof(r));
    while (reader.Next(&r)) {
      if (r.type == biff::kEof) {
        book_->globals_end = reader.position();
        return Finish();
      }
      if (r.type == biff::kFilePass) {
        book_->encryption = EncryptionKind(r, book_->biff);
        return Status::Ok();  // everything after it is encrypted
      }
      DANGAN_RETURN_IF_ERROR(ReadRecord(r));
    }
    return Refuse(path_, "文件已损坏或不完整（工作簿目录没有结束），无法作为 .xls 读取");
  }

 private:
  Status NotBiff(const Record& r) {
    const uint16_t type = r.type;
    if (type == 0x0009 || type == 0x0209 || type == 0x0409) {
      return Refuse(path_, "这是 Excel 5.0 之前版本（BIFF2–4）的工作簿，暂不支持；请在 Excel 或 "
                           "WPS 中另存为 .xlsx 后再导入");
    }
    return Refuse(path_, "文件已损坏或不完整（工作簿开头不是 Excel 记录），无法作为 .xls 读取");
  }

  Status ReadBof(const Record& r) {
    Cursor c(r, 8, nullptr);
    const uint16_t version = c.U16(), kind = c.U16();
    if (c.failed() || kind != kGlobalsSubstream) {
      return Refuse(path_, "文件已损坏（工作簿开头的记录不完整），无法作为 .xls 读取");
    }
    if (version == kBiff8Version) {
      book_->biff = 8;
    } else if (version == kBiff5Version) {
      book_->biff = 5;
      book_->codepage = 936;  // until a CODEPAGE says otherwise
    } else {
      return Refuse(path_, "工作簿的版本（BIFF 0x" + Hex(version) +
                               "）无法识别；请在 Excel 或 WPS 中另存为 .xlsx 后再导入");
    }
    return Status::Ok();
  }

  static std::string Hex(uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", v);
    return buf;
  }

  Status ReadRecord(const Record& r) {
    Cursor c(r, book_->biff, &book_->text);
    switch (r.type) {
      case biff::kCodePage:
        if (book_->biff < 8) {
          book_->codepage = c.U16();
          book_->codepage_given = true;
        }
        return Status::Ok();
      case biff::kDateMode:
        book_->date1904 = c.U16() == 1;
        return Status::Ok();
      case biff::kFormat: {
        const uint16_t id = c.U16();
        OpenText();
        formats_[id] = book_->biff < 8 ? c.ShortString() : c.LongString();
        return Status::Ok();
      }
      case biff::kXf:
        c.Skip(2);
        xf_formats_.push_back(c.U16());
        return Status::Ok();
      case biff::kBoundSheet:
        return ReadBoundSheet(r);
      case biff::kSst:
        return ReadSst(r);
      default:
        return Status::Ok();
    }
  }

  // BIFF5 strings are decoded by the code page, which comes before them in the stream.
  void OpenText() {
    if (book_->biff < 8 && book_->text.number() != book_->codepage) {
      (void)book_->text.Open(book_->codepage);  // no converter: Decode keeps ASCII only
    }
  }

  Status ReadBoundSheet(const Record& r) {
    Cursor c(r, book_->biff, &book_->text);
    OpenText();
    XlsSheetEntry entry;
    entry.bof_offset = c.U32();
    c.Skip(1);  // visibility: hidden sheets are read too, as spreadsheet programs export them
    entry.worksheet = c.U8() == 0;
    entry.name = c.ShortString();
    if (c.failed()) return Refuse(path_, "第 " + std::to_string(book_->sheets.size() + 1) +
                                             " 个工作表的名称无法读取，文件已损坏");
    book_->sheets.push_back(std::move(entry));
    return Status::Ok();
  }

  Status ReadSst(const Record& r) {
    Cursor c(r, book_->biff, &book_->text);
    c.Skip(4);
    const uint32_t unique = c.U32();
    // Each string takes 3 bytes at least: a count claiming more than the record holds is a lie
    // and must not reserve memory for it.
    book_->strings.reserve(std::min<size_t>(unique, r.body.size() / 3));
    for (uint32_t i = 0; i < unique && c.left() > 0; ++i) {
      std::string s = c.LongString();
      if (c.failed()) break;  // Excel reads what is there
      if (s.size() > limits_.max_cell_bytes) {
        return Refuse(path_, "第 " + std::to_string(i + 1) + " 个共享字符串超过 " +
                                 ByteSize(limits_.max_cell_bytes) +
                                 "（Excel 单元格最多 32767 个字符）");
      }
      book_->strings.push_back(std::move(s));
    }
    return Status::Ok();
  }

  Status Finish() {
    OpenText();
    book_->xf_dates.reserve(xf_formats_.size());
    for (uint16_t id : xf_formats_) {
      const auto code = formats_.find(id);
      book_->xf_dates.push_back(DateFormatOf(id, code == formats_.end() ? "" : code->second));
    }
    if (book_->sheets.empty()) return Refuse(path_, "工作簿中没有工作表");
    return Status::Ok();
  }

  const std::string& path_;
  const SpreadsheetLimits& limits_;
  XlsWorkbook* book_;
  std::map<uint16_t, std::string> formats_;  // FORMAT records: id -> code
  std::vector<uint16_t> xf_formats_;         // XF records: index -> format id
};

}  // namespace

Status ReadXlsGlobals(const std::string& path, std::string_view stream,
                      const SpreadsheetLimits& limits, XlsWorkbook* book) {
  GlobalsReader reader(path, limits, book);
  return reader.Read(stream);
}

}  // namespace dangan::sheet
