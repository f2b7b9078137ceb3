// .xls and WPS .et (BIFF5 and BIFF8, Excel 5.0 to 2003): the compound file opened with libgsf
// (xls_cfb.cc), the records read here (xls_records.cc): the globals (xls_workbook.cc), then
// each worksheet's cells (xls_sheet.cc). Encryption is detected and named, never read as damage;
// a formula whose value the file does not hold is reported, never read as empty.
#include "sheet_readers.h"
#include "xls_cfb.h"
#include "xls_sheet.h"
#include "xls_workbook.h"

namespace dangan::sheet {
namespace {

// At most this many formula cells are listed one by one when their values are missing.
constexpr size_t kListedFormulas = 20;

std::string EncodingLabel(const XlsWorkbook& book) {
  if (book.biff >= 8) return "BIFF8 UTF-16";
  return "BIFF5 CP" + std::to_string(book.codepage);
}

Status RefuseUncalculated(const std::string& path, std::vector<Problem> problems) {
  const size_t count = problems.size();
  if (problems.size() > kListedFormulas) problems.resize(kListedFormulas);
  for (Problem& p : problems) p.file = path;
  return Status::InvalidArgument(
      path + "：" + std::to_string(count) +
          " 个公式单元格没有保存计算结果，无法读出它们的值；请在 Excel 或 WPS 中打开并保存，"
          "或另存为 .xlsx 后再导入；它们不在要导入的工作表时，可用 --sheet 只读那一张",
      std::move(problems));
}

}  // namespace

Status ReadXls(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
               SpreadsheetInfo* info) {
  std::string stream;
  DANGAN_RETURN_IF_ERROR(ReadWorkbookStream(path, options.limits.max_uncompressed_bytes, &stream));
  XlsWorkbook book;
  DANGAN_RETURN_IF_ERROR(ReadXlsGlobals(path, stream, options.limits, &book));
  if (!book.encryption.empty()) {
    return Status::Unsupported(path + "：设有打开密码（" + book.encryption +
                               "）；请在 Excel 或 WPS 中取消密码后另存再导入");
  }
  info->encoding = EncodingLabel(book);
  std::vector<Problem> uncalculated = FormulasWithoutValue(stream, book, options.sheet);
  if (!uncalculated.empty()) return RefuseUncalculated(path, std::move(uncalculated));
  return ReadXlsSheets(path, stream, book, options, sink, info);
}

}  // namespace dangan::sheet
