#include "support/sheet_collector.h"

namespace dangan::test {

const SheetRow* CollectedSheet::Row(int number) const {
  for (const SheetRow& r : rows) {
    if (r.number == number) return &r;
  }
  return nullptr;
}

SheetCell CollectedSheet::Cell(int row, int column) const {
  const SheetRow* r = Row(row);
  if (r == nullptr || column < 1 || static_cast<size_t>(column) > r->cells.size()) return {};
  return r->cells[column - 1];
}

Status SheetCollector::BeginSheet(int sheet_index, const std::string& name) {
  CollectedSheet sheet;
  sheet.index = sheet_index;
  sheet.name = name;
  sheets.push_back(sheet);
  return Status::Ok();
}

Status SheetCollector::Row(const SheetRow& row) {
  sheets.back().rows.push_back(row);
  cells += row.cells.size();
  return Status::Ok();
}

Status SheetCollector::EndSheet(int, const std::vector<MergedRange>& merged) {
  sheets.back().merged = merged;
  sheets.back().ended = true;
  return Status::Ok();
}

ReadResult ReadAll(const std::string& path, const SpreadsheetOptions& options) {
  SheetCollector collector;
  ReadResult result;
  result.status = ReadSpreadsheet(path, options, &collector, &result.info);
  result.sheets = std::move(collector.sheets);
  return result;
}

}  // namespace dangan::test
