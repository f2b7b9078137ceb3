// A SheetSink for tests that keeps every sheet, row and merged range it is given, and a helper
// that reads a file into one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan::test {

struct CollectedSheet {
  int index = 0;
  std::string name;
  std::vector<SheetRow> rows;
  std::vector<MergedRange> merged;
  bool ended = false;

  // The row numbered `number` as the spreadsheet shows it, or nullptr.
  const SheetRow* Row(int number) const;
  // The cell at 1-based row and column; an empty cell when there is none.
  SheetCell Cell(int row, int column) const;
  std::string Text(int row, int column) const { return Cell(row, column).text; }
};

class SheetCollector : public SheetSink {
 public:
  Status BeginSheet(int sheet_index, const std::string& name) override;
  Status Row(const SheetRow& row) override;
  Status EndSheet(int sheet_index, const std::vector<MergedRange>& merged) override;

  std::vector<CollectedSheet> sheets;
  size_t cells = 0;
};

struct ReadResult {
  Status status;
  SpreadsheetInfo info;
  std::vector<CollectedSheet> sheets;
};

ReadResult ReadAll(const std::string& path, const SpreadsheetOptions& options = {});

}  // namespace dangan::test
