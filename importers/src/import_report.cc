// The rows an import rejected, written as CSV (UTF-8 with BOM, which Excel and WPS open as
// Chinese) with the sheet's own header and one more column saying what is wrong: the clerk fixes
// the cells and imports the file again; the extra column is not a field and is ignored then.
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "import_internal.h"

namespace dangan::import {
namespace {

const char kProblemColumn[] = "导入问题";

bool IsPlainNumber(const std::string& s) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

// A cell that Excel or WPS would take for a formula (=, +, -, @, or a leading tab or CR) gets a
// leading apostrophe, as OWASP advises against CSV injection: the clerk opens this file. Plain
// negative numbers stay as they are; Excel drops the apostrophe when the file is saved again.
std::string Neutralised(const std::string& s) {
  if (s.empty() || std::string("=+-@\t\r").find(s.front()) == std::string::npos) return s;
  if (s.front() == '-' && IsPlainNumber(s)) return s;
  return "'" + s;
}

std::string CsvField(const std::string& raw) {
  const std::string s = Neutralised(raw);
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

// What is wrong with a rejected row: each of its problems, with its column.
std::string RowReasons(const std::vector<ImportProblem>& problems) {
  std::string text;
  for (const ImportProblem& p : problems) {
    text += (text.empty() ? "" : "；") + (p.column.empty() ? "" : p.column + "：") + p.reason;
  }
  return text;
}

std::string PathForSheet(const std::string& path, const std::string& sheet) {
  size_t dot = path.rfind('.');
  return path.substr(0, dot) + "-" + sheet + path.substr(dot);
}

}  // namespace

struct RejectedRowsWriter::SheetFile {
  std::string sheet, temp;
  std::ofstream out;
  size_t width = 0;
};

RejectedRowsWriter::RejectedRowsWriter(std::string path) : path_(std::move(path)) {}

RejectedRowsWriter::~RejectedRowsWriter() {
  for (const auto& f : files_) {
    if (!f->temp.empty()) std::remove(f->temp.c_str());
  }
}

void RejectedRowsWriter::BeginSheet(const SheetData& head) {
  sheet_ = head.name;
  header_ = CellTexts(head.rows.back(), head.rows.back().cells.size());
}

Status RejectedRowsWriter::Add(const MappedRow& row, const std::vector<ImportProblem>& problems) {
  if (files_.empty() || files_.back()->sheet != sheet_) {
    auto f = std::make_unique<SheetFile>();
    f->sheet = sheet_;
    f->temp = path_ + ".tmp" + std::to_string(files_.size());
    f->width = header_.size();
    f->out.open(f->temp, std::ios::binary | std::ios::trunc);
    if (!f->out) {
      return Status::IoError("无法写入导入问题报告 " + f->temp + "：" + SystemErrorText(errno));
    }
    f->out << "\xEF\xBB\xBF";
    std::vector<std::string> head = header_;
    head.push_back(kProblemColumn);
    WriteLine(f->out, head);
    files_.push_back(std::move(f));
  }
  SheetFile& f = *files_.back();
  std::vector<std::string> cells = CellTexts(*row.row, f.width);
  cells.push_back("工作表「" + row.sheet->name + "」第 " + std::to_string(row.row->number) +
                  " 行：" + RowReasons(problems));
  WriteLine(f.out, cells);
  if (!f.out) return Status::IoError("无法写入导入问题报告 " + f.temp);
  return Status::Ok();
}

Status RejectedRowsWriter::Finish() {
  for (const auto& f : files_) {
    f->out.close();
    if (!f->out) return Status::IoError("无法写入导入问题报告 " + f->temp);
    // Sheets may have different columns: one file each when more than one has rejected rows.
    std::string file = files_.size() == 1 ? path_ : PathForSheet(path_, f->sheet);
    if (std::rename(f->temp.c_str(), file.c_str()) != 0) {
      return Status::IoError("无法写入导入问题报告 " + file + "：" + SystemErrorText(errno));
    }
    f->temp.clear();
  }
  return Status::Ok();
}

}  // namespace dangan::import
