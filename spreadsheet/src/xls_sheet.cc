#include "xls_sheet.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

#include "dangan/records/text.h"
#include "xls_formula_type.h"

namespace dangan::sheet {
namespace {

using biff::Cursor;
using biff::Record;

constexpr uint16_t kWorksheetSubstream = 0x0010;
// Serial day of 1904-01-01 in the 1900 system: 1904 workbooks count from there.
constexpr double k1904Offset = 1462;

// Receives the records of each worksheet substream, in stream order.
class SubstreamVisitor {
 public:
  virtual ~SubstreamVisitor() = default;
  virtual Status Begin(int sheet) = 0;
  virtual Status OnRecord(const Record& record) = 0;
  virtual Status End() = 0;
};

// Walks the substreams after the globals. A substream is matched to its sheet by the offset
// the sheet list gives, else by order (some writers get the offsets wrong); embedded charts'
// substreams (BOF … EOF inside a worksheet) are skipped. `wanted(i)` says which sheets to visit.
template <typename Wanted>
Status WalkWorksheets(const std::string& path, std::string_view stream, const XlsWorkbook& book,
                      Wanted wanted, SubstreamVisitor* visitor) {
  std::map<uint32_t, int> by_offset;
  for (size_t i = 0; i < book.sheets.size(); ++i) {
    by_offset.emplace(book.sheets[i].bof_offset, static_cast<int>(i));
  }
  biff::RecordReader reader(stream, book.globals_end);
  Record r;
  int depth = 0, next = 0, last = -1;
  bool active = false;
  while (reader.Next(&r)) {
    if (depth == 0) {
      if (r.type != biff::kBof) continue;
      depth = 1;
      const auto found = by_offset.find(static_cast<uint32_t>(r.offset));
      const int index = found != by_offset.end() ? found->second : next;
      next = index + 1;
      Cursor c(r, 8, nullptr);
      c.Skip(2);
      const bool worksheet = c.U16() == kWorksheetSubstream;
      // A substream of an earlier sheet again (a damaged sheet list) is not read twice.
      active = index > last && static_cast<size_t>(index) < book.sheets.size() &&
               book.sheets[index].worksheet && worksheet && wanted(index);
      if (index > last) last = index;
      if (active) DANGAN_RETURN_IF_ERROR(visitor->Begin(index));
    } else if (r.type == biff::kBof) {
      ++depth;
    } else if (r.type == biff::kEof) {
      if (--depth == 0 && active) {
        active = false;
        DANGAN_RETURN_IF_ERROR(visitor->End());
      }
    } else if (depth == 1 && active) {
      DANGAN_RETURN_IF_ERROR(visitor->OnRecord(r));
    }
  }
  if (active) {  // the stream ended inside a worksheet
    return Refuse(path, "文件已损坏或不完整（工作表数据在中途结束），无法作为 .xls 读取");
  }
  return Status::Ok();
}

bool IsCellRecord(uint16_t type) {
  switch (type) {
    case biff::kFormula:
    case biff::kNumber:
    case biff::kRk:
    case biff::kMulRk:
    case biff::kLabel:
    case biff::kLabelSst:
    case biff::kRString:
    case biff::kBoolErr:
    case 0x0201:  // BLANK
    case 0x00BE:  // MULBLANK
      return true;
    default:
      return false;
  }
}

// A FORMULA's cached value ([MS-XLS] 2.5.133 FormulaValue): a number unless its last two bytes
// are 0xFFFF; then the first byte says string (in the STRING record that follows), boolean,
// error or empty string.
struct FormulaValue {
  enum Kind { kNumber, kString, kBoolean, kError, kEmptyString } kind = kNumber;
  double number = 0;
  uint8_t code = 0;  // the boolean or error code
};

FormulaValue ReadFormulaValue(Cursor* c) {
  FormulaValue v;
  const size_t at = c->position();
  const uint8_t type = c->U8();
  c->Skip(1);
  v.code = c->U8();
  c->Skip(3);
  const uint16_t marker = c->U16();
  if (marker != 0xFFFF) {
    c->set_position(at);
    v.number = c->F64();
    return v;
  }
  switch (type) {
    case 0:
      v.kind = FormulaValue::kString;
      break;
    case 1:
      v.kind = FormulaValue::kBoolean;
      break;
    case 2:
      v.kind = FormulaValue::kError;
      break;
    default:
      v.kind = FormulaValue::kEmptyString;
      break;
  }
  return v;
}

const char* ErrorText(uint8_t code) {
  switch (code) {
    case 0x00:
      return "#NULL!";
    case 0x07:
      return "#DIV/0!";
    case 0x0F:
      return "#VALUE!";
    case 0x17:
      return "#REF!";
    case 0x1D:
      return "#NAME?";
    case 0x24:
      return "#NUM!";
    case 0x2A:
      return "#N/A";
    default:
      return "#N/A";
  }
}

// RK ([MS-XLS] 2.5.217): 30 bits of an integer or of a double's high word, maybe × 100.
double RkValue(uint32_t rk) {
  double v;
  if (rk & 0x02) {
    v = static_cast<double>(static_cast<int32_t>(rk) >> 2);
  } else {
    const uint64_t bits = uint64_t{rk & 0xFFFFFFFCu} << 32;
    std::memcpy(&v, &bits, sizeof v);
  }
  return (rk & 0x01) ? v / 100 : v;
}

// --- finding formulas without a value ------------------------------------------------------------

class FormulaScan : public SubstreamVisitor {
 public:
  explicit FormulaScan(const XlsWorkbook& book) : book_(book) {}

  bool calculated = false;  // some formula holds a value other than the empty string
  // A formula that yields text holding a number: the writer dropped text results
  // (LibreOffice writes 0), so a 0 from a formula that may yield text is no value either.
  bool drops_text = false;
  std::vector<Problem> missing, empty_results, zeros;

  Status Begin(int sheet) override {
    sheet_ = sheet;
    pending_ = false;
    return Status::Ok();
  }
  Status OnRecord(const Record& r) override {
    if (r.type == biff::kString && pending_) {
      pending_ = false;
      calculated = true;
    } else if (IsCellRecord(r.type) || r.type == biff::kString) {
      if (pending_) Report(&missing);
      pending_ = false;
    }
    if (r.type != biff::kFormula) return Status::Ok();
    Cursor c(r, book_.biff, nullptr);
    row_ = c.U16();
    column_ = c.U16();
    c.Skip(2);
    const FormulaValue v = ReadFormulaValue(&c);
    if (v.kind == FormulaValue::kString) {
      pending_ = true;
    } else if (v.kind == FormulaValue::kEmptyString) {
      Report(&empty_results);
    } else if (v.kind == FormulaValue::kNumber && book_.biff >= 8) {
      JudgeNumber(v.number, &c);
    } else {
      calculated = true;
    }
    return Status::Ok();
  }
  // A number cached for a formula: wrong when the formula yields text, doubtful when it is 0
  // and the formula may yield text.
  void JudgeNumber(double number, Cursor* c) {
    c->Skip(6);  // options, cache identifier
    const uint16_t size = c->U16();
    const size_t at = c->position();
    const std::string_view rgce =
        std::string_view(c->record().body).substr(at, std::min<size_t>(size, c->left()));
    const FormulaYields yields = FormulaResultType(rgce);
    if (yields == FormulaYields::kText) {
      drops_text = true;
      Report(&missing);
    } else if (yields == FormulaYields::kUnknown && number == 0) {
      Report(&zeros);
    } else {
      calculated = true;
    }
  }

  Status End() override {
    if (pending_) Report(&missing);
    pending_ = false;
    return Status::Ok();
  }

 private:
  void Report(std::vector<Problem>* to) {
    Problem p;
    p.code = "formula_without_value";
    p.message = "公式没有保存计算结果（写出文件的程序没有保存公式的值），无法读出它的值";
    p.sheet = book_.sheets[sheet_].name;
    p.row = row_ + 1;
    p.column = column_ + 1;
    to->push_back(std::move(p));
  }

  const XlsWorkbook& book_;
  int sheet_ = 0;
  uint16_t row_ = 0, column_ = 0;
  bool pending_ = false;
};

// --- reading cells -------------------------------------------------------------------------------

class CellReader : public SubstreamVisitor {
 public:
  CellReader(const std::string& path, const XlsWorkbook& book, const SpreadsheetLimits& limits,
             SheetSink* sink)
      : path_(path), book_(book), limits_(limits), sink_(sink) {}

  Status Begin(int sheet) override {
    sheet_ = sheet;
    name_ = book_.sheets[sheet].name;
    row_ = SheetRow();
    row_.sheet_index = sheet;
    merged_.clear();
    pending_string_ = false;
    return sink_->BeginSheet(sheet, name_);
  }

  Status End() override {
    DANGAN_RETURN_IF_ERROR(FlushRow());
    return sink_->EndSheet(sheet_, merged_);
  }

  Status OnRecord(const Record& r) override {
    Cursor c(r, book_.biff, &book_.text);
    if (r.type == biff::kString) return FormulaString(&c);
    // A shared formula, array or table may come between a FORMULA and its STRING.
    if (r.type != biff::kShrFmla && r.type != biff::kArray && r.type != biff::kTable) {
      pending_string_ = false;
    }
    switch (r.type) {
      case biff::kNumber:
      case biff::kRk:
        return NumberRecord(r.type, &c);
      case biff::kMulRk:
        return MulRk(&c);
      case biff::kLabelSst:
        return LabelSst(&c);
      case biff::kLabel:
      case biff::kRString:
        return Label(&c);
      case biff::kBoolErr:
        return BoolErr(&c);
      case biff::kFormula:
        return Formula(&c);
      case biff::kMergedCells:
        return MergedCells(&c);
      default:
        return Status::Ok();
    }
  }

 private:
  Status Damaged(const std::string& what) {
    return Refuse(path_, Place(name_, 0) + what + "，文件已损坏，无法作为 .xls 读取");
  }

  // The cell at 0-based (row, column), in the row being built; rows come in ascending order.
  Status At(uint16_t row, uint16_t column, SheetCell** cell) {
    const int number = row + 1;
    if (static_cast<size_t>(number) > limits_.max_rows) {
      return Refuse(path_, Place(name_, 0) + "第 " + std::to_string(number) + " 行超出上限（最多 " +
                               std::to_string(limits_.max_rows) + " 行）");
    }
    if (static_cast<size_t>(column) + 1 > limits_.max_columns) {
      return Refuse(path_, Place(name_, number) + "：单元格在第 " + std::to_string(column + 1) +
                               " 列，超出上限（最多 " + std::to_string(limits_.max_columns) + " 列）");
    }
    if (number < row_.number) {
      return Damaged("第 " + std::to_string(number) + " 行出现在第 " + std::to_string(row_.number) +
                     " 行之后，行的顺序错乱");
    }
    if (number > row_.number) {
      DANGAN_RETURN_IF_ERROR(FlushRow());
      row_.number = number;
    }
    if (row_.cells.size() <= column) row_.cells.resize(column + size_t{1});
    *cell = &row_.cells[column];
    **cell = SheetCell();
    return Status::Ok();
  }

  Status FlushRow() {
    if (row_.number > 0 && TrimRow(&row_)) DANGAN_RETURN_IF_ERROR(sink_->Row(row_));
    row_.cells.clear();
    return Status::Ok();
  }

  void SetNumber(double value, uint16_t xf, SheetCell* cell) const {
    if (xf < book_.xf_dates.size() && book_.xf_dates[xf]) {
      return SetDateCell(book_.date1904 ? value + k1904Offset : value, *book_.xf_dates[xf], cell);
    }
    cell->type = SheetCellType::kNumber;
    cell->number = value;
    cell->text = NumberText(value);
  }

  Status SetText(std::string text, uint16_t row, uint16_t column, SheetCell* cell) {
    if (text.size() > limits_.max_cell_bytes) {
      return Refuse(path_, Place(name_, row + 1, column + 1) + "：单元格内容超过 " +
                               ByteSize(limits_.max_cell_bytes));
    }
    cell->type = text.empty() ? SheetCellType::kEmpty : SheetCellType::kText;
    cell->text = std::move(text);
    return Status::Ok();
  }

  Status NumberRecord(uint16_t type, Cursor* c) {
    const uint16_t row = c->U16(), column = c->U16(), xf = c->U16();
    const double value = type == biff::kNumber ? c->F64() : RkValue(c->U32());
    if (c->failed()) return Damaged("有不完整的数值记录");
    SheetCell* cell = nullptr;
    DANGAN_RETURN_IF_ERROR(At(row, column, &cell));
    SetNumber(value, xf, cell);
    return Status::Ok();
  }

  Status MulRk(Cursor* c) {
    const uint16_t row = c->U16(), first = c->U16();
    const size_t count = c->left() >= 2 ? (c->left() - 2) / 6 : 0;
    for (size_t i = 0; i < count && first + i <= 0xFFFF; ++i) {
      const uint16_t xf = c->U16();
      const double value = RkValue(c->U32());
      SheetCell* cell = nullptr;
      DANGAN_RETURN_IF_ERROR(At(row, static_cast<uint16_t>(first + i), &cell));
      SetNumber(value, xf, cell);
    }
    return Status::Ok();
  }

  Status LabelSst(Cursor* c) {
    const uint16_t row = c->U16(), column = c->U16();
    c->Skip(2);
    const uint32_t index = c->U32();
    if (c->failed()) return Damaged("有不完整的文字记录");
    if (index >= book_.strings.size()) {
      return Refuse(path_, Place(name_, row + 1, column + 1) + "：单元格引用的共享字符串（第 " +
                               std::to_string(index + 1) + " 个）不存在，文件已损坏");
    }
    SheetCell* cell = nullptr;
    DANGAN_RETURN_IF_ERROR(At(row, column, &cell));
    return SetText(book_.strings[index], row, column, cell);
  }

  Status Label(Cursor* c) {
    const uint16_t row = c->U16(), column = c->U16();
    c->Skip(2);
    std::string text = c->LongString();
    if (c->failed() && text.empty()) return Damaged("有不完整的文字记录");
    SheetCell* cell = nullptr;
    DANGAN_RETURN_IF_ERROR(At(row, column, &cell));
    return SetText(std::move(text), row, column, cell);
  }

  Status BoolErr(Cursor* c) {
    const uint16_t row = c->U16(), column = c->U16();
    c->Skip(2);
    const uint8_t value = c->U8(), is_error = c->U8();
    if (c->failed()) return Damaged("有不完整的逻辑值记录");
    SheetCell* cell = nullptr;
    DANGAN_RETURN_IF_ERROR(At(row, column, &cell));
    if (is_error) {
      cell->type = SheetCellType::kError;
      cell->text = ErrorText(value);
    } else {
      SetBoolean(value != 0, cell);
    }
    return Status::Ok();
  }

  static void SetBoolean(bool value, SheetCell* cell) {
    cell->type = SheetCellType::kBoolean;
    cell->number = value ? 1 : 0;
    cell->text = value ? "TRUE" : "FALSE";
  }

  Status Formula(Cursor* c) {
    const uint16_t row = c->U16(), column = c->U16(), xf = c->U16();
    const FormulaValue v = ReadFormulaValue(c);
    if (c->failed()) return Damaged("有不完整的公式记录");
    SheetCell* cell = nullptr;
    DANGAN_RETURN_IF_ERROR(At(row, column, &cell));
    switch (v.kind) {
      case FormulaValue::kNumber:
        SetNumber(v.number, xf, cell);
        break;
      case FormulaValue::kString:  // the STRING record that follows holds it
        pending_string_ = true;
        pending_row_ = row;
        pending_column_ = column;
        break;
      case FormulaValue::kBoolean:
        SetBoolean(v.code != 0, cell);
        break;
      case FormulaValue::kError:
        cell->type = SheetCellType::kError;
        cell->text = ErrorText(v.code);
        break;
      case FormulaValue::kEmptyString:
        break;
    }
    return Status::Ok();
  }

  Status FormulaString(Cursor* c) {
    if (!pending_string_) return Status::Ok();
    pending_string_ = false;
    std::string text = c->LongString();
    SheetCell* cell = nullptr;
    DANGAN_RETURN_IF_ERROR(At(pending_row_, pending_column_, &cell));
    return SetText(std::move(text), pending_row_, pending_column_, cell);
  }

  Status MergedCells(Cursor* c) {
    const uint16_t count = c->U16();
    for (uint16_t i = 0; i < count && c->left() >= 8; ++i) {
      const uint16_t r1 = c->U16(), r2 = c->U16(), c1 = c->U16(), c2 = c->U16();
      if (r2 < r1 || c2 < c1 || r2 + size_t{1} > limits_.max_rows ||
          c2 + size_t{1} > limits_.max_columns) {
        continue;
      }
      merged_.push_back({r1 + 1, c1 + 1, r2 + 1, c2 + 1});
    }
    return Status::Ok();
  }

  const std::string& path_;
  const XlsWorkbook& book_;
  const SpreadsheetLimits& limits_;
  SheetSink* sink_;
  int sheet_ = 0;
  std::string name_;
  SheetRow row_;
  std::vector<MergedRange> merged_;
  bool pending_string_ = false;
  uint16_t pending_row_ = 0, pending_column_ = 0;
};

}  // namespace

std::vector<Problem> FormulasWithoutValue(std::string_view stream, const XlsWorkbook& book,
                                          const std::string& sheet) {
  FormulaScan scan(book);
  const auto wanted = [&](int i) { return sheet.empty() || book.sheets[i].name == sheet; };
  // A damaged stream is refused by the read that follows; the scan reports what it saw.
  (void)WalkWorksheets("", stream, book, wanted, &scan);
  std::vector<Problem> problems = std::move(scan.missing);
  if (!scan.calculated) {
    problems.insert(problems.end(), scan.empty_results.begin(), scan.empty_results.end());
  }
  if (scan.drops_text) problems.insert(problems.end(), scan.zeros.begin(), scan.zeros.end());
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.sheet, a.row, a.column) < std::tie(b.sheet, b.row, b.column);
  });
  return problems;
}

Status ReadXlsSheets(const std::string& path, std::string_view stream, const XlsWorkbook& book,
                     const SpreadsheetOptions& options, SheetSink* sink, SpreadsheetInfo* info) {
  std::string names;
  bool found = options.sheet.empty();
  for (const XlsSheetEntry& s : book.sheets) {
    if (!s.worksheet) continue;
    names += (names.empty() ? "" : "、") + s.name;
    if (s.name == options.sheet) found = true;
  }
  if (!found) {
    return Refuse(path, "没有名为「" + options.sheet + "」的工作表（有：" + names + "）");
  }
  CellReader reader(path, book, options.limits, sink);
  const auto wanted = [&](int i) {
    const bool yes = options.sheet.empty() || book.sheets[i].name == options.sheet;
    if (yes) info->sheets.push_back(book.sheets[i].name);
    return yes;
  };
  return WalkWorksheets(path, stream, book, wanted, &reader);
}

}  // namespace dangan::sheet
