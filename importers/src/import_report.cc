// The rows an import rejected, written as CSV (UTF-8 with BOM, which Excel and WPS open as
// Chinese) with the sheet's own header and one more column saying what is wrong: the clerk fixes
// the cells and imports the file again; the extra column is not a field and is ignored then.
#include <fstream>
#include <set>

#include "import_internal.h"

namespace dangan::import {
namespace {

const char kProblemColumn[] = "导入问题";

std::string CsvField(const std::string& s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteLine(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << CsvField(fields[i]);
  out << "\r\n";
}

std::vector<std::string> CellTexts(const SheetRow& row, size_t width) {
  std::vector<std::string> out(width);
  for (size_t c = 0; c < row.cells.size() && c < width; ++c) out[c] = row.cells[c].text;
  return out;
}

// What is wrong with each rejected row of a sheet, by row number.
std::map<int, std::string> RowReasons(const std::string& sheet,
                                      const std::vector<ImportProblem>& problems) {
  std::map<int, std::string> reasons;
  for (const ImportProblem& p : problems) {
    if (p.sheet != sheet || p.row == 0) continue;
    std::string& text = reasons[p.row];
    text += (text.empty() ? "" : "；") + (p.column.empty() ? "" : p.column + "：") + p.reason;
  }
  return reasons;
}

std::set<int> RejectedRows(const std::string& sheet, const std::vector<ImportProblem>& problems) {
  std::set<int> rows;
  for (const ImportProblem& p : problems) {
    if (p.sheet == sheet && p.rejects && p.row > 0) rows.insert(p.row);
  }
  return rows;
}

Status WriteSheet(const std::string& path, const SheetData& sheet, const SheetLayout& layout,
                  const std::set<int>& rejected, const std::map<int, std::string>& reasons) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError("无法写入导入问题报告 " + path + "：" + SystemErrorText(errno));
  out << "\xEF\xBB\xBF";
  const SheetRow& header = sheet.rows[layout.header_index];
  size_t width = header.cells.size();
  std::vector<std::string> head = CellTexts(header, width);
  head.push_back(kProblemColumn);
  WriteLine(out, head);
  for (size_t i = layout.header_index + 1; i < sheet.rows.size(); ++i) {
    const SheetRow& row = sheet.rows[i];
    if (!rejected.count(row.number)) continue;
    std::vector<std::string> cells = CellTexts(row, width);
    auto reason = reasons.find(row.number);
    cells.push_back("工作表「" + sheet.name + "」第 " + std::to_string(row.number) + " 行：" +
                    (reason == reasons.end() ? "" : reason->second));
    WriteLine(out, cells);
  }
  out.flush();
  if (!out) return Status::IoError("无法写入导入问题报告 " + path);
  return Status::Ok();
}

std::string PathForSheet(const std::string& path, const std::string& sheet) {
  size_t dot = path.rfind('.');
  return path.substr(0, dot) + "-" + sheet + path.substr(dot);
}

}  // namespace

Status WriteRejectedRows(const std::string& path, const std::vector<SheetData>& sheets,
                         const SheetLayouts& layouts, const std::vector<ImportProblem>& problems) {
  std::vector<const SheetData*> with_rejects;
  for (const SheetData& sheet : sheets) {
    if (layouts.count(sheet.name) && !RejectedRows(sheet.name, problems).empty()) {
      with_rejects.push_back(&sheet);
    }
  }
  for (const SheetData* sheet : with_rejects) {
    // Sheets may have different columns: one file each when more than one has rejected rows.
    std::string file = with_rejects.size() == 1 ? path : PathForSheet(path, sheet->name);
    DANGAN_RETURN_IF_ERROR(WriteSheet(file, *sheet, layouts.at(sheet->name),
                                      RejectedRows(sheet->name, problems),
                                      RowReasons(sheet->name, problems)));
  }
  return Status::Ok();
}

}  // namespace dangan::import
