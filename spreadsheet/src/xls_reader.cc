// .xls (BIFF 5/8, Excel 95–2003 and WPS) through FreeXL, which decodes the strings by the
// workbook's CODEPAGE (GBK for the Chinese Excel 95 files) and reports dates already formatted.
// FreeXL does not report merged ranges; EndSheet gets none.
#include <freexl.h>

#include <cstdio>
#include <memory>

#include "dangan/records/text.h"
#include "sheet_readers.h"
#include "xls_rich_strings.h"

namespace dangan::sheet {
namespace {

struct Closer {
  void operator()(const void* handle) const { freexl_close(handle); }
};
using Handle = std::unique_ptr<const void, Closer>;

std::string OpenProblem(int code) {
  switch (code) {
    case FREEXL_INSUFFICIENT_MEMORY:
      return "文件过大，内存不足以读取";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
      return "这是 Office 97-2003 格式的文件，但其中没有 Excel 工作簿（可能是 Word 或 PowerPoint "
             "文件）";
    case FREEXL_UNSUPPORTED_CHARSET:
    case FREEXL_INVALID_CHARACTER:
      return "工作簿的文字编码（代码页）无法识别，请在 Excel 或 WPS 中另存为 .xlsx 后再导入";
    case FREEXL_BIFF_INVALID_BOF:
      return "不是 Excel 工作簿，或是 Excel 5.0 之前的版本（请另存为 .xlsx 后再导入）";
    default:
      return "文件已损坏或不完整（可能复制或上传时中断），无法作为 .xls 读取";
  }
}

// FreeXL formats dates "YYYY-MM-DD", date-times "YYYY-MM-DD HH:MM:SS", times "HH:MM:SS"; the
// serial (1900 system) is rebuilt from that text for SheetCell::number.
double SerialOfText(const char* text, bool has_date, bool has_time) {
  int y = 1899, m = 12, d = 30, hh = 0, mm = 0, ss = 0;
  if (has_date && std::sscanf(text, "%d-%d-%d", &y, &m, &d) != 3) return 0;
  if (has_time) std::sscanf(text + (has_date ? 11 : 0), "%d:%d:%d", &hh, &mm, &ss);
  int64_t day = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (has_date && day < 61) day -= 1;  // before 1900-03-01: the Lotus leap day is not counted
  return static_cast<double>(day) + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

class XlsReader {
 public:
  XlsReader(const std::string& path, const SpreadsheetOptions& options)
      : path_(path), options_(options) {}

  Status Read(SheetSink* sink, SpreadsheetInfo* info) {
    const void* raw = nullptr;
    const int opened = freexl_open(path_.c_str(), &raw);
    Handle handle(raw);
    // FreeXL 1.0.6 can report success with no handle when it gives up on a damaged file.
    if (opened != FREEXL_OK || raw == nullptr) return Refuse(path_, OpenProblem(opened));
    handle_ = handle.get();
    DANGAN_RETURN_IF_ERROR(CheckWorkbook(info));
    unsigned count = 0;
    freexl_get_info(handle_, FREEXL_BIFF_SHEET_COUNT, &count);
    bool found = options_.sheet.empty();
    std::string names;
    for (unsigned i = 0; i < count; ++i) {
      const char* name = nullptr;
      if (freexl_get_worksheet_name(handle_, static_cast<unsigned short>(i), &name) != FREEXL_OK) {
        return Refuse(path_, "第 " + std::to_string(i + 1) + " 个工作表的名称无法读取，文件已损坏");
      }
      const std::string sheet = name ? name : "";
      names += (names.empty() ? "" : "、") + sheet;
      if (!options_.sheet.empty() && sheet != options_.sheet) continue;
      found = true;
      info->sheets.push_back(sheet);
      DANGAN_RETURN_IF_ERROR(ReadSheet(static_cast<int>(i), sheet, sink));
    }
    if (!found) {
      return Refuse(path_, "没有名为「" + options_.sheet + "」的工作表（有：" + names + "）");
    }
    return Status::Ok();
  }

 private:
  Status CheckWorkbook(SpreadsheetInfo* info) {
    unsigned password = 0, version = 0, codepage = 0;
    freexl_get_info(handle_, FREEXL_BIFF_PASSWORD, &password);
    if (password == FREEXL_BIFF_OBFUSCATED) {
      return Refuse(path_, "工作簿设有打开密码，请先在 Excel 或 WPS 中取消密码再导入");
    }
    freexl_get_info(handle_, FREEXL_BIFF_VERSION, &version);
    freexl_get_info(handle_, FREEXL_BIFF_CODEPAGE, &codepage);
    // FreeXL skips BIFF5's rich-text cells; they are read from the stream directly.
    if (version == FREEXL_BIFF_VER_5) ReadBiff5RichStrings(path_, codepage, &rich_);
    info->encoding =
        "BIFF" + std::to_string(version) +
        (codepage == FREEXL_BIFF_UTF16LE ? " UTF-16" : " CP" + std::to_string(codepage));
    return Status::Ok();
  }

  Status ReadSheet(int index, const std::string& name, SheetSink* sink) {
    DANGAN_RETURN_IF_ERROR(sink->BeginSheet(index, name));
    sheet_ = index;
    unsigned rows = 0;
    unsigned short columns = 0;
    if (freexl_select_active_worksheet(handle_, static_cast<unsigned short>(index)) != FREEXL_OK ||
        freexl_worksheet_dimensions(handle_, &rows, &columns) != FREEXL_OK) {
      return Refuse(path_, Place(name, 0) + "无法读取，文件已损坏");
    }
    if (rows > options_.limits.max_rows || columns > options_.limits.max_columns) {
      return Refuse(path_, Place(name, 0) + "有 " + std::to_string(rows) + " 行、" +
                               std::to_string(columns) + " 列，超出上限（最多 " +
                               std::to_string(options_.limits.max_rows) + " 行、" +
                               std::to_string(options_.limits.max_columns) + " 列）");
    }
    SheetRow row;
    row.sheet_index = index;
    for (unsigned r = 0; r < rows; ++r) {
      row.number = static_cast<int>(r + 1);
      row.cells.assign(columns, SheetCell());
      for (unsigned short c = 0; c < columns; ++c) {
        DANGAN_RETURN_IF_ERROR(ReadCell(name, r, c, &row.cells[c]));
      }
      if (TrimRow(&row)) DANGAN_RETURN_IF_ERROR(sink->Row(row));
    }
    return sink->EndSheet(index, {});
  }

  Status ReadCell(const std::string& sheet, unsigned r, unsigned short c, SheetCell* cell) {
    FreeXL_CellValue value;
    if (freexl_get_cell_value(handle_, r, c, &value) != FREEXL_OK) {
      return Refuse(path_, Place(sheet, r + 1, c + 1) + "：单元格无法读取，文件已损坏");
    }
    switch (value.type) {
      case FREEXL_CELL_INT:
        cell->type = SheetCellType::kNumber;
        cell->number = value.value.int_value;
        cell->text = std::to_string(value.value.int_value);
        break;
      case FREEXL_CELL_DOUBLE:
        cell->type = SheetCellType::kNumber;
        cell->number = value.value.double_value;
        cell->text = NumberText(value.value.double_value);
        break;
      case FREEXL_CELL_TEXT:
      case FREEXL_CELL_SST_TEXT:
        cell->text = value.value.text_value ? value.value.text_value : "";
        cell->type = cell->text.empty() ? SheetCellType::kEmpty : SheetCellType::kText;
        break;
      case FREEXL_CELL_DATE:
      case FREEXL_CELL_DATETIME:
      case FREEXL_CELL_TIME: {
        const bool has_date = value.type != FREEXL_CELL_TIME;
        const bool has_time = value.type != FREEXL_CELL_DATE;
        cell->type = SheetCellType::kDate;
        cell->text = value.value.text_value ? value.value.text_value : "";
        cell->number = SerialOfText(cell->text.c_str(), has_date, has_time);
        break;
      }
      default:  // FREEXL_CELL_NULL, or a rich-text cell FreeXL skipped
        RichText(r, c, cell);
        break;
    }
    if (cell->text.size() > options_.limits.max_cell_bytes) {
      return Refuse(path_, Place(sheet, r + 1, c + 1) + "：单元格内容超过 " +
                               ByteSize(options_.limits.max_cell_bytes));
    }
    return Status::Ok();
  }

  void RichText(unsigned r, unsigned short c, SheetCell* cell) const {
    if (static_cast<size_t>(sheet_) >= rich_.size()) return;
    const auto found = rich_[sheet_].find({r, c});
    if (found == rich_[sheet_].end() || found->second.empty()) return;
    cell->type = SheetCellType::kText;
    cell->text = found->second;
  }

  std::string path_;
  const SpreadsheetOptions& options_;
  const void* handle_ = nullptr;
  RichCells rich_;
  int sheet_ = 0;  // the worksheet being read
};

}  // namespace

Status ReadXls(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
               SpreadsheetInfo* info) {
  XlsReader reader(path, options);
  return reader.Read(sink, info);
}

}  // namespace dangan::sheet
