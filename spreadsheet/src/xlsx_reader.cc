// .xlsx: the workbook's sheet list, the shared strings and the cell styles, then each sheet's
// cells, all streamed through expat (SAX) straight from the zip entries: a 100,000-row sheet is
// never held as XML or as a document tree, only the row being read.
#include <charconv>
#include <map>
#include <optional>
#include <vector>

#include "dangan/records/text.h"
#include "sheet_readers.h"
#include "xlsx_number_formats.h"
#include "xlsx_package.h"

namespace dangan::sheet {
namespace {

// Serial day of 1904-01-01 in the 1900 system: 1904 workbooks count from there.
constexpr double k1904Offset = 1462;

bool IsTrue(const char* value) {
  return value != nullptr && (std::string_view(value) == "1" || std::string_view(value) == "true");
}

// OOXML writes characters XML cannot hold as _xHHHH_ (e.g. _x000D_); _x005F_ escapes the '_'.
void DecodeEscapes(std::string* text) {
  if (text->find("_x") == std::string::npos) return;
  std::string out;
  for (size_t i = 0; i < text->size(); ++i) {
    unsigned code = 0;
    if ((*text)[i] == '_' && i + 6 < text->size() && (*text)[i + 1] == 'x' &&
        (*text)[i + 6] == '_' &&
        std::from_chars(text->data() + i + 2, text->data() + i + 6, code, 16).ptr ==
            text->data() + i + 6) {
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | code >> 6);
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | code >> 12);
        out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
      i += 6;
    } else {
      out += (*text)[i];
    }
  }
  *text = std::move(out);
}

// "AB12" -> column 28, row 12 (either 0 when absent). Huge values saturate, failing every limit.
void ParseCellRef(const char* ref, int64_t* column, int64_t* row) {
  constexpr int64_t kCap = int64_t{1} << 40;
  *column = *row = 0;
  const char* p = ref;
  for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); ++p) {
    *column = std::min(kCap, *column * 26 + ((*p | 0x20) - 'a' + 1));
  }
  for (; *p >= '0' && *p <= '9'; ++p) *row = std::min(kCap, *row * 10 + (*p - '0'));
}

// --- workbook.xml and its relationships
// -----------------------------------------------------------

struct SheetEntry {
  std::string name, rel_id, part;
};

class RelsHandler : public XmlHandler {
 public:
  std::map<std::string, std::string> targets;  // Id -> Target
  void Start(std::string_view name, const char** a) override {
    if (name != "Relationship") return;
    const char* id = Attribute(a, "Id");
    const char* target = Attribute(a, "Target");
    if (id && target) targets[id] = target;
  }
  void End(std::string_view) override {}
};

class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  void Start(std::string_view name, const char** a) override {
    if (name == "workbookPr") date1904 = IsTrue(Attribute(a, "date1904"));
    if (name != "sheet") return;
    const char* sheet_name = Attribute(a, "name");
    const char* id = Attribute(a, "id");  // r:id
    sheets.push_back({sheet_name ? sheet_name : "", id ? id : "", ""});
  }
  void End(std::string_view) override {}
};

// A relationship target relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/…").
std::string ResolvePart(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string base = "xl/";
  std::string rest = target;
  while (rest.compare(0, 3, "../") == 0) {
    rest = rest.substr(3);
    base.clear();
  }
  return base + rest;
}

// --- styles.xml: which cell styles show dates
// ------------------------------------------------------

class StylesHandler : public XmlHandler {
 public:
  std::map<int, std::string> codes;  // custom numFmtId -> formatCode
  std::vector<int> xf_formats;       // cellXfs index -> numFmtId
  void Start(std::string_view name, const char** a) override {
    if (name == "cellXfs") in_cell_xfs_ = true;
    if (name == "numFmt") {
      const char* id = Attribute(a, "numFmtId");
      const char* code = Attribute(a, "formatCode");
      if (id && code) codes[std::atoi(id)] = code;
    }
    if (name == "xf" && in_cell_xfs_) {
      const char* id = Attribute(a, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  bool in_cell_xfs_ = false;
};

std::vector<std::optional<DateShows>> DateStyles(const StylesHandler& styles) {
  std::vector<std::optional<DateShows>> shows;
  shows.reserve(styles.xf_formats.size());
  for (int id : styles.xf_formats) {
    const auto code = styles.codes.find(id);
    shows.push_back(DateFormatOf(id, code == styles.codes.end() ? "" : code->second));
  }
  return shows;
}

// --- sharedStrings.xml ---------------------------------------------------------------------------

// The strings of the shared table in one buffer: a million short strings cost their bytes and
// an offset each, not a std::string each.
class SharedStrings : public XmlHandler {
 public:
  explicit SharedStrings(size_t max_cell_bytes) : max_cell_bytes_(max_cell_bytes) {}

  size_t size() const { return ends_.size(); }
  std::string_view Get(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(pool_).substr(begin, ends_[i] - begin);
  }

  void Start(std::string_view name, const char**) override {
    if (name == "si") current_.clear();
    if (name == "rPh") in_phonetic_ = true;  // Japanese reading hints, not the text
    if (name == "t" && !in_phonetic_) in_text_ = true;
  }
  void End(std::string_view name) override {
    if (name == "t") in_text_ = false;
    if (name == "rPh") in_phonetic_ = false;
    if (name == "si") {
      DecodeEscapes(&current_);
      pool_ += current_;
      ends_.push_back(pool_.size());
    }
  }
  void Text(const char* text, int length) override {
    if (!in_text_) return;
    current_.append(text, static_cast<size_t>(length));
    if (current_.size() > max_cell_bytes_) {
      Fail("第 " + std::to_string(ends_.size() + 1) + " 个共享字符串超过 " +
           ByteSize(max_cell_bytes_) + "（Excel 单元格最多 32767 个字符）");
    }
  }

 private:
  size_t max_cell_bytes_;
  std::string pool_;
  std::vector<size_t> ends_;
  std::string current_;
  bool in_text_ = false, in_phonetic_ = false;
};

// --- a worksheet ---------------------------------------------------------------------------------

struct SheetContext {
  int index = 0;
  std::string name;
  const SharedStrings* strings = nullptr;
  const std::vector<std::optional<DateShows>>* date_styles = nullptr;
  bool date1904 = false;
  SpreadsheetLimits limits;
};

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const SheetContext& context, SheetSink* sink) : c_(context), sink_(sink) {
    row_.sheet_index = c_.index;
  }

  Status sink_status;
  std::vector<MergedRange> merged;

  std::string Where() const override {
    return Place(c_.name, row_open_ ? row_.number : 0, cell_open_ ? column_ : 0);
  }

  void Start(std::string_view name, const char** a) override {
    switch (name.size()) {
      case 1:
        if (name[0] == 'c') return StartCell(a);
        if (name[0] == 'v') return Collect(!in_inline_);
        if (name[0] == 't') return Collect(in_inline_ && !in_phonetic_);
        return;
      case 2:
        if (name == "is") in_inline_ = true;
        return;
      case 3:
        if (name == "row") return StartRow(a);
        if (name == "rPh") in_phonetic_ = true;
        return;
      case 9:
        if (name == "mergeCell") return AddMerge(Attribute(a, "ref"));
        return;
      default:
        return;
    }
  }

  void End(std::string_view name) override {
    if (name.size() == 1 && (name[0] == 'v' || name[0] == 't')) {
      collecting_ = false;
    } else if (name == "c") {
      EndCell();
    } else if (name == "row") {
      EndRow();
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "rPh") {
      in_phonetic_ = false;
    }
  }

  void Text(const char* text, int length) override {
    if (!collecting_) return;
    text_.append(text, static_cast<size_t>(length));
    if (text_.size() > c_.limits.max_cell_bytes) {
      Fail("单元格内容超过 " + ByteSize(c_.limits.max_cell_bytes) +
           "（Excel 单元格最多 32767 个字符）");
    }
  }

 private:
  void Collect(bool on) {
    if (!on) return;
    collecting_ = true;
    if (!in_inline_) text_.clear();  // <v>; inline rich text runs accumulate
  }

  void StartRow(const char** a) {
    int64_t number = previous_row_ + 1;
    if (const char* r = Attribute(a, "r")) {
      int64_t ignored = 0;
      ParseCellRef(r, &ignored, &number);
    }
    if (number < 1 || static_cast<uint64_t>(number) > c_.limits.max_rows) {
      return Fail("第 " + std::to_string(number) + " 行超出上限（最多 " +
                  std::to_string(c_.limits.max_rows) + " 行）");
    }
    // Rows come in ascending order (Excel repairs a file where they do not, as damaged): a row
    // repeated or out of place would reach the import twice or under another row's number.
    if (number <= previous_row_) {
      return Fail("第 " + std::to_string(number) + " 行出现在第 " + std::to_string(previous_row_) +
                  " 行之后，行的顺序错乱，文件已损坏");
    }
    previous_row_ = number;
    row_open_ = true;
    row_.number = static_cast<int>(number);
    row_.cells.clear();
    column_ = 0;
  }

  void StartCell(const char** a) {
    int64_t column = column_ + 1, row = 0;
    type_ = 'n';
    style_ = 0;
    for (const char** p = a; *p != nullptr; p += 2) {
      const char* n = p[0];
      if (n[0] == 'r' && n[1] == 0) ParseCellRef(p[1], &column, &row);
      if (n[0] == 't' && n[1] == 0)
        type_ = p[1][0] == 'i' ? 'i' : p[1][0];  // s n b e str inlineStr d
      if (n[0] == 't' && std::string_view(p[1]) == "str") type_ = 'f';
      if (n[0] == 's' && n[1] == 0) style_ = std::atoi(p[1]);
    }
    if (column < 1) column = column_ + 1;
    column_ = static_cast<int>(std::min<int64_t>(column, INT32_MAX));
    cell_open_ = true;
    if (static_cast<uint64_t>(column) > c_.limits.max_columns) {
      return Fail("单元格在第 " + std::to_string(column) + " 列，超出上限（最多 " +
                  std::to_string(c_.limits.max_columns) + " 列，即 " +
                  ColumnName(static_cast<int>(c_.limits.max_columns)) + " 列）");
    }
    text_.clear();
  }

  void EndCell() {
    cell_open_ = false;
    if (text_.empty() || !row_open_) return;
    if (row_.cells.size() < static_cast<size_t>(column_)) row_.cells.resize(column_);
    SheetCell& cell = row_.cells[column_ - 1];
    cell = SheetCell();
    FillCell(&cell);
  }

  void FillCell(SheetCell* cell) {
    switch (type_) {
      case 's':
        return SharedString(cell);
      case 'i':
      case 'f':
        DecodeEscapes(&text_);
        cell->type = text_.empty() ? SheetCellType::kEmpty : SheetCellType::kText;
        cell->text = text_;
        return;
      case 'b':
        cell->type = SheetCellType::kBoolean;
        cell->number = text_ == "1" || text_ == "true" ? 1 : 0;
        cell->text = cell->number ? "TRUE" : "FALSE";
        return;
      case 'e':
        cell->type = SheetCellType::kError;
        cell->text = text_;
        return;
      case 'd':
        return IsoDate(cell);
      default:
        return Number(cell);
    }
  }

  void SharedString(SheetCell* cell) {
    size_t index = 0;
    const auto r = std::from_chars(text_.data(), text_.data() + text_.size(), index);
    if (r.ec != std::errc() || index >= c_.strings->size()) {
      return Fail("单元格引用的共享字符串（第 " + text_ + " 个）不存在，文件已损坏");
    }
    const std::string_view s = c_.strings->Get(index);
    cell->type = s.empty() ? SheetCellType::kEmpty : SheetCellType::kText;
    cell->text.assign(s.data(), s.size());
  }

  void Number(SheetCell* cell) {
    double value = 0;
    const auto r = std::from_chars(text_.data(), text_.data() + text_.size(), value);
    if (r.ec != std::errc() || r.ptr != text_.data() + text_.size()) {
      return Fail("数值「" + text_.substr(0, 40) + "」无法识别，文件已损坏");
    }
    const auto& styles = *c_.date_styles;
    if (style_ >= 0 && static_cast<size_t>(style_) < styles.size() && styles[style_]) {
      return SetDateCell(c_.date1904 ? value + k1904Offset : value, *styles[style_], cell);
    }
    cell->type = SheetCellType::kNumber;
    cell->number = value;
    cell->text = NumberText(value);
  }

  // t="d": an ISO 8601 date written as text (Strict OOXML, some exporters).
  void IsoDate(SheetCell* cell) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    const int n = std::sscanf(text_.c_str(), "%d-%d-%dT%d:%d:%d", &y, &m, &d, &hh, &mm, &ss);
    if (n < 3 || m < 1 || m > 12 || d < 1 || d > 31) {
      cell->type = SheetCellType::kText;
      cell->text = text_;
      return;
    }
    const double serial =
        static_cast<double>(DaysFromCivil(y, m, d)) + (hh * 3600 + mm * 60 + ss) / 86400.0;
    SetDateCell(serial, n > 3 ? DateShows::kDateTimeSeconds : DateShows::kDate, cell);
  }

  void EndRow() {
    if (!row_open_) return;  // a stray </row>
    row_open_ = false;
    if (!sink_status.ok() || !TrimRow(&row_)) return;
    sink_status = sink_->Row(row_);
    if (!sink_status.ok()) Fail("");
  }

  void AddMerge(const char* ref) {
    if (ref == nullptr) return;
    const std::string_view r(ref);
    const size_t colon = r.find(':');
    if (colon == std::string_view::npos) return;
    int64_t c1, r1, c2, r2;
    ParseCellRef(std::string(r.substr(0, colon)).c_str(), &c1, &r1);
    ParseCellRef(std::string(r.substr(colon + 1)).c_str(), &c2, &r2);
    const int64_t max_c = static_cast<int64_t>(c_.limits.max_columns);
    const int64_t max_r = static_cast<int64_t>(c_.limits.max_rows);
    if (c1 < 1 || r1 < 1 || c2 < c1 || r2 < r1 || c2 > max_c || r2 > max_r) return;
    merged.push_back(
        {static_cast<int>(r1), static_cast<int>(c1), static_cast<int>(r2), static_cast<int>(c2)});
  }

  SheetContext c_;
  SheetSink* sink_;
  SheetRow row_;
  int64_t previous_row_ = 0;
  int column_ = 0;
  char type_ = 'n';
  int style_ = 0;
  bool row_open_ = false, cell_open_ = false;
  bool collecting_ = false, in_inline_ = false, in_phonetic_ = false;
  std::string text_;
};

// --- the workbook --------------------------------------------------------------------------------

class XlsxReader {
 public:
  XlsxReader(const std::string& path, const SpreadsheetOptions& options)
      : path_(path),
        options_(options),
        package_(path, options.limits),
        strings_(options.limits.max_cell_bytes) {}

  Status Read(SheetSink* sink, SpreadsheetInfo* info) {
    DANGAN_RETURN_IF_ERROR(package_.Open());
    DANGAN_RETURN_IF_ERROR(ReadWorkbook());
    DANGAN_RETURN_IF_ERROR(package_.Parse("xl/styles.xml", "样式表", &styles_, true));
    date_styles_ = DateStyles(styles_);
    DANGAN_RETURN_IF_ERROR(package_.Parse(SharedStringsPart(), "共享字符串表", &strings_, true));
    bool found = options_.sheet.empty();
    for (size_t i = 0; i < sheets_.size(); ++i) {
      if (!options_.sheet.empty() && sheets_[i].name != options_.sheet) continue;
      found = true;
      info->sheets.push_back(sheets_[i].name);
      DANGAN_RETURN_IF_ERROR(ReadSheet(static_cast<int>(i), sink));
    }
    if (!found)
      return Refuse(path_,
                    "没有名为「" + options_.sheet + "」的工作表（有：" + SheetNames() + "）");
    return Status::Ok();
  }

 private:
  Status ReadWorkbook() {
    WorkbookHandler workbook;
    DANGAN_RETURN_IF_ERROR(package_.Parse("xl/workbook.xml", "工作簿目录", &workbook));
    DANGAN_RETURN_IF_ERROR(
        package_.Parse("xl/_rels/workbook.xml.rels", "工作簿关系表", &rels_, true));
    date1904_ = workbook.date1904;
    sheets_ = std::move(workbook.sheets);
    for (size_t i = 0; i < sheets_.size(); ++i) {
      const auto target = rels_.targets.find(sheets_[i].rel_id);
      // Without relationships, Excel's own naming is the best guess.
      sheets_[i].part = target != rels_.targets.end()
                            ? ResolvePart(target->second)
                            : "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
    }
    if (sheets_.empty()) return Refuse(path_, "工作簿中没有工作表");
    return Status::Ok();
  }

  std::string SharedStringsPart() const {
    for (const auto& [id, target] : rels_.targets) {
      if (target.find("sharedStrings") != std::string::npos) return ResolvePart(target);
    }
    return "xl/sharedStrings.xml";
  }

  Status ReadSheet(int index, SheetSink* sink) {
    const SheetEntry& entry = sheets_[index];
    DANGAN_RETURN_IF_ERROR(sink->BeginSheet(index, entry.name));
    SheetContext context{index, entry.name, &strings_, &date_styles_, date1904_, options_.limits};
    SheetHandler handler(context, sink);
    const Status parsed = package_.Parse(entry.part, "工作表「" + entry.name + "」", &handler);
    if (!handler.sink_status.ok()) return handler.sink_status;
    DANGAN_RETURN_IF_ERROR(parsed);
    return sink->EndSheet(index, handler.merged);
  }

  std::string SheetNames() const {
    std::string names;
    for (const auto& s : sheets_) names += (names.empty() ? "" : "、") + s.name;
    return names;
  }

  std::string path_;
  const SpreadsheetOptions& options_;
  XlsxPackage package_;
  RelsHandler rels_;
  StylesHandler styles_;
  std::vector<std::optional<DateShows>> date_styles_;
  SharedStrings strings_;
  std::vector<SheetEntry> sheets_;
  bool date1904_ = false;
};

}  // namespace

Status ReadXlsx(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
                SpreadsheetInfo* info) {
  XlsxReader reader(path, options);
  return reader.Read(sink, info);
}

}  // namespace dangan::sheet
