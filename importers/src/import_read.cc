// Reading the whole workbook for an import: every sheet's rows and merged ranges, in memory.
#include "import_internal.h"

namespace dangan::import {
namespace {

class CollectingSink : public SheetSink {
 public:
  explicit CollectingSink(std::vector<SheetData>* sheets) : sheets_(sheets) {}

  Status BeginSheet(int sheet_index, const std::string& name) override {
    sheets_->emplace_back();
    sheets_->back().index = sheet_index;
    sheets_->back().name = name;
    return Status::Ok();
  }

  Status Row(const SheetRow& row) override {
    sheets_->back().rows.push_back(row);
    return Status::Ok();
  }

  Status EndSheet(int, const std::vector<MergedRange>& merged) override {
    sheets_->back().merged = merged;
    return Status::Ok();
  }

 private:
  std::vector<SheetData>* sheets_;
};

}  // namespace

Status ReadSheets(const std::string& path, const SpreadsheetOptions& options,
                  std::vector<SheetData>* sheets, SpreadsheetInfo* info) {
  sheets->clear();
  CollectingSink sink(sheets);
  return ReadSpreadsheet(path, options, &sink, info);
}

}  // namespace dangan::import
