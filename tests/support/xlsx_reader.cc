#include "support/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace dangan::test {
namespace {

// Attributes of the element being opened, looked up by qualified name ("r", "r:id").
class Attrs {
 public:
  explicit Attrs(const XML_Char** atts) : atts_(atts) {}
  std::string Get(const char* name) const {
    for (const XML_Char** a = atts_; *a != nullptr; a += 2) {
      if (std::strcmp(a[0], name) == 0) return a[1];
    }
    return "";
  }
  std::map<std::string, std::string> All() const {
    std::map<std::string, std::string> out;
    for (const XML_Char** a = atts_; *a != nullptr; a += 2) out[a[0]] = a[1];
    return out;
  }

 private:
  const XML_Char** atts_;
};

// Receives SAX events with element names stripped of any namespace prefix.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void Start(const std::string& name, const Attrs& attrs) = 0;
  virtual void End(const std::string& /*name*/) {}
  virtual void Text(const char* /*s*/, int /*len*/) {}
  // Innermost open element `depth` levels up (0 = the current one); empty past the root.
  const std::string& Open(size_t depth = 0) const {
    static const std::string kNone;
    return depth < stack.size() ? stack[stack.size() - 1 - depth] : kNone;
  }
  std::vector<std::string> stack;
};

std::string LocalName(const XML_Char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
  auto* h = static_cast<Handler*>(data);
  h->stack.push_back(LocalName(name));
  h->Start(h->stack.back(), Attrs(atts));
}

void XMLCALL OnEnd(void* data, const XML_Char* /*name*/) {
  auto* h = static_cast<Handler*>(data);
  const std::string name = h->stack.back();
  h->End(name);
  h->stack.pop_back();
}

void XMLCALL OnText(void* data, const XML_Char* s, int len) {
  static_cast<Handler*>(data)->Text(s, len);
}

Status Parse(const std::string& xml, const std::string& part, Handler* handler) {
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                      &XML_ParserFree);
  XML_SetUserData(parser.get(), handler);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) !=
      XML_STATUS_OK) {
    return Status::Corruption(part + ": " + XML_ErrorString(XML_GetErrorCode(parser.get())) +
                              " at line " + std::to_string(XML_GetCurrentLineNumber(parser.get())));
  }
  return Status::Ok();
}

int ToInt(const std::string& s, int fallback = 0) {
  return s.empty() ? fallback : std::atoi(s.c_str());
}
double ToDouble(const std::string& s) { return s.empty() ? 0 : std::strtod(s.c_str(), nullptr); }

struct SheetEntry {
  std::string name, state, rel_id;
};

class WorkbookHandler : public Handler {
 public:
  void Start(const std::string& name, const Attrs& a) override {
    if (name == "sheet") sheets.push_back({a.Get("name"), a.Get("state"), a.Get("r:id")});
    if (name == "definedName") {
      defined_names.push_back({a.Get("name"), ToInt(a.Get("localSheetId"), -1), ""});
    }
  }
  void Text(const char* s, int len) override {
    if (Open() == "definedName") defined_names.back().value.append(s, len);
  }
  std::vector<SheetEntry> sheets;
  std::vector<XlsxDefinedName> defined_names;
};

class RelsHandler : public Handler {
 public:
  void Start(const std::string& name, const Attrs& a) override {
    if (name == "Relationship") targets[a.Get("Id")] = a.Get("Target");
  }
  std::map<std::string, std::string> targets;
};

class SharedStringsHandler : public Handler {
 public:
  void Start(const std::string& name, const Attrs&) override {
    if (name == "si") strings.emplace_back();
  }
  void Text(const char* s, int len) override {
    // Phonetic runs (rPh) are annotations, not part of the value.
    if (Open() == "t" && Open(1) != "rPh") strings.back().append(s, len);
  }
  std::vector<std::string> strings;
};

class StylesHandler : public Handler {
 public:
  explicit StylesHandler(XlsxStyles* out) : s_(out) {}
  void Start(const std::string& name, const Attrs& a) override {
    const std::string& parent = Open(1);
    if (name == "numFmt") s_->num_fmts[ToInt(a.Get("numFmtId"))] = a.Get("formatCode");
    if (name == "font" && parent == "fonts") s_->fonts.emplace_back();
    if (parent == "font" && Open(2) == "fonts") FontProperty(name, a);
    if (name == "fill") s_->fill_colors.emplace_back();
    if (name == "fgColor" && Open(2) == "fill") s_->fill_colors.back() = a.Get("rgb");
    if (name == "border" && parent == "borders") s_->borders.emplace_back();
    if (parent == "border" && Open(2) == "borders") BorderSide(name, a.Get("style"));
    if (name == "xf" && parent == "cellXfs") AddXf(a);
    if (name == "alignment" && Open(2) == "cellXfs") Alignment(a);
  }

 private:
  void FontProperty(const std::string& name, const Attrs& a) {
    XlsxFont& f = s_->fonts.back();
    if (name == "b") f.bold = a.Get("val") != "0";
    if (name == "sz") f.size = ToDouble(a.Get("val"));
    if (name == "color") f.color = a.Get("rgb");
    if (name == "name") f.name = a.Get("val");
  }
  void BorderSide(const std::string& side, const std::string& style) {
    XlsxBorder& b = s_->borders.back();
    if (side == "left") b.left = style;
    if (side == "right") b.right = style;
    if (side == "top") b.top = style;
    if (side == "bottom") b.bottom = style;
  }
  void AddXf(const Attrs& a) {
    XlsxXf xf;
    xf.num_fmt_id = ToInt(a.Get("numFmtId"));
    xf.font_id = ToInt(a.Get("fontId"));
    xf.fill_id = ToInt(a.Get("fillId"));
    xf.border_id = ToInt(a.Get("borderId"));
    s_->cell_xfs.push_back(xf);
  }
  void Alignment(const Attrs& a) {
    XlsxXf& xf = s_->cell_xfs.back();
    xf.horizontal = a.Get("horizontal");
    xf.vertical = a.Get("vertical");
    xf.wrap = a.Get("wrapText") == "1";
  }
  XlsxStyles* s_;
};

class SheetHandler : public Handler {
 public:
  SheetHandler(XlsxSheet* sheet, const std::vector<std::string>* shared)
      : sheet_(sheet), shared_(shared) {}
  void Start(const std::string& name, const Attrs& a) override {
    if (name == "row")
      Row(a);
    else if (name == "c")
      StartCell(a);
    else if (name == "col")
      Column(a);
    else if (name == "mergeCell")
      sheet_->merges.push_back(a.Get("ref"));
    else if (name == "dataValidation")
      Validation(a);
    else if (name == "pageSetup")
      sheet_->page_setup = a.All();
    else if (name == "pageMargins")
      sheet_->page_margins = a.All();
    else if (name == "pane")
      sheet_->pane = a.All();
    else if (name == "printOptions")
      sheet_->print_options = a.All();
    else if (name == "sheetFormatPr")
      sheet_->format_pr = a.All();
    else if (name == "drawing")
      sheet_->drawing_rel = a.Get("r:id");
  }
  void Text(const char* s, int len) override {
    const std::string& open = Open();
    if (in_cell_ && (open == "v" || (open == "t" && Open(1) == "is"))) text_.append(s, len);
    if (open == "formula1") sheet_->validations.back().formula1.append(s, len);
    if (open == "oddHeader") sheet_->odd_header.append(s, len);
    if (open == "oddFooter") sheet_->odd_footer.append(s, len);
  }
  void End(const std::string& name) override {
    if (name == "c") EndCell();
  }

 private:
  void Row(const Attrs& a) {
    if (!a.Get("ht").empty()) sheet_->row_heights[ToInt(a.Get("r"))] = ToDouble(a.Get("ht"));
  }
  void Column(const Attrs& a) {
    sheet_->columns.push_back({ToInt(a.Get("min")), ToInt(a.Get("max")), ToDouble(a.Get("width"))});
  }
  void Validation(const Attrs& a) {
    XlsxValidation v;
    v.type = a.Get("type");
    v.sqref = a.Get("sqref");
    v.attributes = a.All();
    sheet_->validations.push_back(v);
  }
  void StartCell(const Attrs& a) {
    in_cell_ = true;
    ref_ = a.Get("r");
    type_ = a.Get("t");
    style_ = ToInt(a.Get("s"));
    text_.clear();
  }
  void EndCell();

  XlsxSheet* sheet_;
  const std::vector<std::string>* shared_;
  bool in_cell_ = false;
  std::string ref_, type_, text_;
  int style_ = 0;
};

void SheetHandler::EndCell() {
  in_cell_ = false;
  XlsxCell cell;
  cell.style = style_;
  cell.value = text_;
  if (type_ == "s") {
    cell.type = XlsxCell::Type::kSharedString;
    const size_t index = static_cast<size_t>(ToInt(text_, -1));
    cell.value = index < shared_->size() ? (*shared_)[index] : "";
  } else if (type_ == "inlineStr") {
    cell.type = XlsxCell::Type::kInlineString;
  } else if (type_ == "b") {
    cell.type = XlsxCell::Type::kBoolean;
  } else if (type_ == "str") {
    cell.type = XlsxCell::Type::kFormulaString;
  } else if (type_ == "e") {
    cell.type = XlsxCell::Type::kError;
  }
  sheet_->cells[ref_] = cell;
}

Status ReadEntries(const std::string& path, XlsxWorkbook* wb) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (zip == nullptr)
    return Status::IoError("cannot open " + path + " as zip (libzip error " +
                           std::to_string(error) + ")");
  const zip_int64_t count = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_file_t* file = zip_stat_index(zip, i, 0, &st) == 0 ? zip_fopen_index(zip, i, 0) : nullptr;
    if (file == nullptr) {
      zip_close(zip);
      return Status::Corruption(path + ": unreadable zip entry " + std::to_string(i));
    }
    std::string bytes(st.size, '\0');
    const zip_int64_t got = zip_fread(file, bytes.data(), st.size);
    zip_fclose(file);
    if (got != static_cast<zip_int64_t>(st.size)) {
      zip_close(zip);
      return Status::Corruption(path + ": short read of " + st.name);
    }
    wb->entries.push_back(st.name);
    wb->raw[st.name] = std::move(bytes);
  }
  zip_discard(zip);
  return Status::Ok();
}

std::string Entry(const XlsxWorkbook& wb, const std::string& name) {
  const auto it = wb.raw.find(name);
  return it == wb.raw.end() ? "" : it->second;
}

// Relationship targets are relative to xl/ unless absolute.
std::string PartPath(const std::string& target) {
  return target.rfind('/', 0) == 0 ? target.substr(1) : "xl/" + target;
}

Status ReadSheets(const std::vector<SheetEntry>& entries, const std::vector<std::string>& shared,
                  XlsxWorkbook* wb) {
  RelsHandler rels;
  DANGAN_RETURN_IF_ERROR(
      Parse(Entry(*wb, "xl/_rels/workbook.xml.rels"), "workbook.xml.rels", &rels));
  for (const SheetEntry& e : entries) {
    XlsxSheet sheet;
    sheet.name = e.name;
    sheet.hidden = e.state == "hidden" || e.state == "veryHidden";
    sheet.part = PartPath(rels.targets[e.rel_id]);
    if (!wb->HasEntry(sheet.part)) return Status::Corruption("missing part " + sheet.part);
    SheetHandler handler(&sheet, &shared);
    DANGAN_RETURN_IF_ERROR(Parse(Entry(*wb, sheet.part), sheet.part, &handler));
    wb->sheets.push_back(std::move(sheet));
  }
  return Status::Ok();
}

}  // namespace

double XlsxCell::number() const { return std::strtod(value.c_str(), nullptr); }

const XlsxXf& XlsxStyles::Xf(int style) const {
  static const XlsxXf kNone;
  return style >= 0 && static_cast<size_t>(style) < cell_xfs.size() ? cell_xfs[style] : kNone;
}

const XlsxFont& XlsxStyles::Font(int style) const {
  static const XlsxFont kNone;
  const size_t id = static_cast<size_t>(Xf(style).font_id);
  return id < fonts.size() ? fonts[id] : kNone;
}

std::string XlsxStyles::FillColor(int style) const {
  const size_t id = static_cast<size_t>(Xf(style).fill_id);
  return id < fill_colors.size() ? fill_colors[id] : "";
}

const XlsxBorder& XlsxStyles::Border(int style) const {
  static const XlsxBorder kNone;
  const size_t id = static_cast<size_t>(Xf(style).border_id);
  return id < borders.size() ? borders[id] : kNone;
}

std::string XlsxStyles::FormatCode(int style) const {
  const int id = Xf(style).num_fmt_id;
  const auto it = num_fmts.find(id);
  return it != num_fmts.end() ? it->second : "builtin:" + std::to_string(id);
}

bool XlsxStyles::IsDateFormat(int style) const {
  const int id = Xf(style).num_fmt_id;
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  const auto it = num_fmts.find(id);
  if (it == num_fmts.end()) return false;
  bool quoted = false, bracket = false;
  const std::string& code = it->second;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && c == '[')
      bracket = true;
    else if (!quoted && c == ']')
      bracket = false;
    else if (!quoted && c == '\\')
      ++i;
    else if (!quoted && !bracket && std::strchr("ymdhs", c) != nullptr)
      return true;
  }
  return false;
}

const XlsxCell* XlsxSheet::Find(const std::string& ref) const {
  const auto it = cells.find(ref);
  return it == cells.end() ? nullptr : &it->second;
}

std::string XlsxSheet::Text(const std::string& ref) const {
  const XlsxCell* c = Find(ref);
  return c ? c->value : "";
}

double XlsxSheet::ColumnWidth(int col) const {
  for (const XlsxColumn& c : columns) {
    if (col + 1 >= c.min && col + 1 <= c.max) return c.width;
  }
  return 0;
}

double XlsxSheet::RowHeight(int row) const {
  const auto it = row_heights.find(row);
  return it == row_heights.end() ? 0 : it->second;
}

bool XlsxSheet::HasMerge(const std::string& range) const {
  for (const std::string& m : merges) {
    if (m == range) return true;
  }
  return false;
}

int XlsxSheet::MaxRow() const {
  int max = 0;
  for (const auto& [ref, cell] : cells) {
    int col = 0, row = 0;
    if (ParseCellRef(ref, &col, &row) && row > max) max = row;
  }
  return max;
}

Status XlsxWorkbook::Open(const std::string& path, XlsxWorkbook* out) {
  *out = XlsxWorkbook();
  DANGAN_RETURN_IF_ERROR(ReadEntries(path, out));
  WorkbookHandler workbook;
  DANGAN_RETURN_IF_ERROR(Parse(Entry(*out, "xl/workbook.xml"), "workbook.xml", &workbook));
  out->defined_names = workbook.defined_names;
  SharedStringsHandler shared;
  if (out->HasEntry("xl/sharedStrings.xml")) {
    DANGAN_RETURN_IF_ERROR(
        Parse(Entry(*out, "xl/sharedStrings.xml"), "sharedStrings.xml", &shared));
  }
  StylesHandler styles(&out->styles);
  DANGAN_RETURN_IF_ERROR(Parse(Entry(*out, "xl/styles.xml"), "styles.xml", &styles));
  return ReadSheets(workbook.sheets, shared.strings, out);
}

const XlsxSheet* XlsxWorkbook::Sheet(const std::string& name) const {
  for (const XlsxSheet& s : sheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const XlsxDefinedName* XlsxWorkbook::DefinedName(const std::string& name) const {
  for (const XlsxDefinedName& d : defined_names) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool XlsxWorkbook::HasEntry(const std::string& name) const { return raw.count(name) > 0; }

bool ParseCellRef(const std::string& ref, int* col, int* row) {
  size_t i = 0;
  int c = 0;
  while (i < ref.size() && std::isupper(static_cast<unsigned char>(ref[i])))
    c = c * 26 + (ref[i++] - 'A' + 1);
  if (i == 0 || i == ref.size()) return false;
  *col = c - 1;
  *row = std::atoi(ref.c_str() + i);
  return *row > 0;
}

}  // namespace dangan::test
