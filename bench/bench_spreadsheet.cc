// Spreadsheet reading benchmark (issue 5, item 10): a 100,000-row × 10-column archive catalogue
// as .xlsx (shared strings, as Excel and WPS write it; a date column formatted yyyy-mm-dd) and the
// same rows as a GBK CSV, each read through ReadSpreadsheet into a sink that only counts cells.
//
//   bench_spreadsheet generate DIR [ROWS]   writes DIR/catalogue.xlsx and DIR/catalogue-gbk.csv
//   bench_spreadsheet read FILE             reads FILE, prints wall time, cells and peak RSS
//
// Reading runs in its own process (bench/run_import_read.sh starts one per file), so that the
// peak resident set (getrusage ru_maxrss) is that of the read alone.
#include <unicode/ucnv.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "bench_measure.h"
#include "dangan/spreadsheet/spreadsheet.h"

namespace {

const char* const kDepartments[] = {"BGS", "CWB", "RSB", "XSB", "CGB", "SCB", "JSB", "ZLB"};
const char* const kRetention[] = {"永久", "定期30年", "定期10年", "长期", "短期"};
const char* const kSubjects[] = {"关于印发《年度工作要点》的通知", "年度工作总结",
                                 "关于调整公司组织机构的决定",     "董事会会议决议",
                                 "与苏州恒达机电有限公司购销合同", "安全生产检查记录",
                                 "关于开展质量月活动的通知",       "员工培训计划"};
const char* const kAuthors[] = {"华东精密机械有限公司", "办公室", "财务部", "人力资源部",
                                "华东精密机械有限公司董事会"};

struct CatalogueRow {
  std::vector<std::string> text;  // 10 columns as text (CSV), dates ISO
  int year = 0, pages = 0;
  double serial = 0;
};

CatalogueRow MakeRow(int i) {
  CatalogueRow r;
  r.year = 2000 + i % 24;
  r.pages = 1 + i % 57;
  const int day_of_year = i % 365;
  r.serial = 36526 + (r.year - 2000) * 365.25 + day_of_year;  // within the year, roughly
  const char* dept = kDepartments[i % 8];
  char danghao[64], title[256], serial_text[32];
  std::snprintf(danghao, sizeof danghao, "Z109-WS·%d-Y-%s-%04d", r.year, dept, i % 10000);
  std::snprintf(title, sizeof title, "%s（第%d号）", kSubjects[i % 8], i);
  const long day = static_cast<long>(r.serial);
  std::snprintf(serial_text, sizeof serial_text, "%ld", day);
  r.text = {
      std::to_string(i + 1), danghao,     std::to_string(r.year),  kRetention[i % 5],  dept, title,
      kAuthors[i % 5],       serial_text, std::to_string(r.pages), i % 3 ? "" : "原件"};
  return r;
}

const char* const kHeader[] = {"序号", "档号",   "年度", "保管期限", "机构",
                               "题名", "责任者", "日期", "页数",     "备注"};

int WriteXlsx(const std::string& path, int rows) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "归档文件目录");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd");
  for (int c = 0; c < 10; ++c) worksheet_write_string(sheet, 0, c, kHeader[c], nullptr);
  for (int i = 0; i < rows; ++i) {
    const CatalogueRow r = MakeRow(i);
    const lxw_row_t row = static_cast<lxw_row_t>(i + 1);
    worksheet_write_number(sheet, row, 0, i + 1, nullptr);
    worksheet_write_string(sheet, row, 1, r.text[1].c_str(), nullptr);
    worksheet_write_number(sheet, row, 2, r.year, nullptr);
    for (int c : {3, 4, 5, 6}) worksheet_write_string(sheet, row, c, r.text[c].c_str(), nullptr);
    worksheet_write_number(sheet, row, 7, static_cast<long>(r.serial), date);
    worksheet_write_number(sheet, row, 8, r.pages, nullptr);
    if (!r.text[9].empty()) worksheet_write_string(sheet, row, 9, r.text[9].c_str(), nullptr);
  }
  return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}

int WriteGbkCsv(const std::string& path, int rows) {
  std::string utf8;
  for (int c = 0; c < 10; ++c) utf8 += std::string(c ? "," : "") + kHeader[c];
  utf8 += "\r\n";
  for (int i = 0; i < rows; ++i) {
    CatalogueRow r = MakeRow(i);
    r.text[7] = std::to_string(2000 + i % 24) + "." + std::to_string(1 + i % 12) + "." +
                std::to_string(1 + i % 28);  // dates as old catalogues type them
    for (int c = 0; c < 10; ++c) utf8 += (c ? "," : "") + r.text[c];
    utf8 += "\r\n";
  }
  UErrorCode status = U_ZERO_ERROR;
  std::string gbk(utf8.size() * 2, '\0');
  const int32_t n = ucnv_convert("GBK", "UTF-8", &gbk[0], static_cast<int32_t>(gbk.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return 1;
  gbk.resize(static_cast<size_t>(n));
  std::ofstream(path, std::ios::binary) << gbk;
  return 0;
}

class CountingSink : public dangan::SheetSink {
 public:
  dangan::Status BeginSheet(int, const std::string&) override { return dangan::Status::Ok(); }
  dangan::Status Row(const dangan::SheetRow& row) override {
    ++rows;
    for (const dangan::SheetCell& cell : row.cells) {
      cells += cell.type != dangan::SheetCellType::kEmpty;
      dates += cell.type == dangan::SheetCellType::kDate;
      bytes += cell.text.size();
    }
    return dangan::Status::Ok();
  }
  dangan::Status EndSheet(int, const std::vector<dangan::MergedRange>&) override {
    return dangan::Status::Ok();
  }
  long rows = 0, cells = 0, dates = 0, bytes = 0;
};

int Read(const std::string& path) {
  CountingSink sink;
  dangan::SpreadsheetInfo info;
  const auto start = std::chrono::steady_clock::now();
  const dangan::Status s = dangan::ReadSpreadsheet(path, {}, &sink, &info);
  const double seconds = dangan::bench::Seconds(start);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf(
      "%-28s %-4s %-12s rows %ld  cells %ld  dates %ld  text %.1f MB  read %.3f s  "
      "peak RSS %.1f MB\n",
      path.substr(path.find_last_of('/') + 1).c_str(), dangan::SpreadsheetFormatName(info.format),
      info.encoding.c_str(), sink.rows, sink.cells, sink.dates, sink.bytes / 1048576.0, seconds,
      dangan::bench::PeakMegabytes());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 2 ? argv[1] : "";
  if (command == "generate") {
    const std::string dir = argv[2];
    const int rows = argc > 3 ? std::atoi(argv[3]) : 100000;
    return WriteXlsx(dir + "/catalogue.xlsx", rows) ||
           WriteGbkCsv(dir + "/catalogue-gbk.csv", rows);
  }
  if (command == "read") return Read(argv[2]);
  std::fprintf(stderr, "usage: bench_spreadsheet generate DIR [ROWS] | read FILE\n");
  return 2;
}
