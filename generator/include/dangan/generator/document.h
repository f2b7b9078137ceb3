// Document: one form or register filled with data, checked against its template.
//
// Data comes from JSON (one record or a list) or, for registers, CSV with Chinese headers.
// Binding checks every value and lists every problem at once, naming the field and row.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/base/status.h"
#include "dangan/generator/template.h"

namespace dangan {

// The problem codes only the generator makes (the shared ones are in dangan/base/problem.h).
// ParseValue, the data readers and the binder fill `row` (data row, or line of a CSV file) and
// `field` where there is one.
namespace problem_codes {
inline constexpr char kMissingGlyph[] = "missing_glyph";  // no configured font draws a character
inline constexpr char kInvalidTime[] = "invalid_time";  // not a time of day, or 24:00 and the like
// The data file's shape is wrong: a list where one value belongs, 明细 not a list of objects,
// a CSV quote left open.
inline constexpr char kInvalidData[] = "invalid_data";
inline constexpr char kTooManyValues[] = "too_many_values";  // a CSV row longer than its header
inline constexpr char kSerialGap[] = "serial_gap";           // 序号 with a gap or a repeat
// A value given in the data differs from the one the template computes (数量×单价, sum(金额)).
inline constexpr char kComputedMismatch[] = "computed_mismatch";
// The approval rule's amount has no value, so no approval chain can be chosen.
inline constexpr char kNoApprovalAmount[] = "no_approval_amount";
inline constexpr char kTooManyProblems[] = "too_many_problems";  // the list was cut at 100
}  // namespace problem_codes

// Table rows as the data gave them, packed into one buffer: a 200,000-row register costs
// its text plus 4 bytes a cell.
class RowTable {
 public:
  explicit RowTable(size_t columns = 0) : columns_(columns) { offsets_.push_back(0); }
  void AddRow(const std::vector<std::string_view>& cells);  // cells.size() == columns()
  // Room for `rows` rows holding `bytes` of text in all, so that a long table grows in place
  // instead of being copied (and briefly held twice) as it doubles.
  void Reserve(size_t rows, size_t bytes);
  size_t columns() const { return columns_; }
  size_t rows() const { return columns_ == 0 ? 0 : (offsets_.size() - 1) / columns_; }
  std::string_view at(size_t row, size_t column) const;

 private:
  size_t columns_;
  std::string arena_;
  std::vector<uint32_t> offsets_;
};

// One record of input before checking.
struct RawRecord {
  std::string origin;                         // "samples/O-09.json 第 1 条记录" for messages
  std::map<std::string, std::string> values;  // field name (as given) -> text
  RowTable rows;                              // in the template's table column order
  std::string row_origin;                     // "明细" or "CSV" row naming for messages
  size_t first_row_line = 1;                  // number of the first row in row_origin terms
};

struct Document {
  const Template* tmpl = nullptr;
  std::string doc_number;
  std::map<std::string, std::string> values;  // header field -> checked canonical text
  RowTable rows;                              // table cells as given (checked)
  long first_serial = 1;                      // number of the first row
  std::vector<std::string> approval_chain;    // chosen steps (fixed or by amount)
  std::string approval_basis;                 // why this chain, for print
  std::vector<std::string> warnings;

  // The archive's item title from the template's pattern, e.g. 市场部办公用品申请单.
  std::string ArchiveTitle() const;
};

// Reads `path` (.json or .csv). `overrides` are --set 字段=值 header values.
Status ReadData(const Template& tmpl, const std::string& path,
                const std::map<std::string, std::string>& overrides, std::vector<RawRecord>* out);

// Reads JSON text of the shapes a .json data file has (one record or a list) without a file:
// what the web API is posted. `origin` names it in messages (e.g. "表单").
Status ReadJsonData(const Template& tmpl, std::string_view text, const std::string& origin,
                    std::vector<RawRecord>* out);

// Reads the header values (scalars; "明细" is ignored) of a JSON object, for registers whose
// rows come from CSV.
Status ReadHeaderValues(const std::string& path, std::map<std::string, std::string>* out);

// Checks one record and derives computed values, serial numbers, the approval chain and the
// document number.
Status BindDocument(const Template& tmpl, RawRecord record, Document* out);

// As BindDocument, for a form being filled in: `out` keeps whatever could be derived even when
// the record has problems (the values that parsed, the totals of the rows that did, the
// approval chain when its amount is known), and `row_computed` (when given) gets each row's
// computed columns as printed, e.g. {"金额": "130.00"}. The status is BindDocument's.
Status BindDocumentForCheck(const Template& tmpl, RawRecord record, Document* out,
                            std::vector<std::map<std::string, std::string>>* row_computed);

}  // namespace dangan
