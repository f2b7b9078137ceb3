// The fuzz targets' bodies (see fuzz_entries.h). Readers whose interface takes a path get the
// input written to a scratch file first; the scratch directory is made once per process.
#include "fuzz_entries.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string_view>

#include "dangan/generator/document.h"
#include "dangan/importers/import.h"
#include "dangan/intake/intake.h"
#include "dangan/search/query.h"
#include "dangan/spreadsheet/spreadsheet.h"
#include "dangan/generator/template.h"
#include "dangan/search/tokenizer.h"
#include "intake/src/intake_internal.h"  // private: the sniffing is fuzzed on purpose
#include "spreadsheet/src/sheet_readers.h"  // private: each reader is fuzzed on its own
#include "spreadsheet/src/text_encoding.h"  // private: encoding detection fuzzed on purpose
#include "search/src/tokenize.h"  // private: the tokenizer core fuzzed on purpose

namespace dangan::fuzz {
namespace {

// --- checks ----------------------------------------------------------------------------------------

bool ValidUtf8(std::string_view s) { return sheet::FirstInvalidUtf8(s, true) == std::string::npos; }

// A refusal is for a clerk: it names the file, and it is text (it ends up in --json output too).
void CheckRefusal(const char* target, const Status& status, const std::string& path) {
  if (status.ok()) return;
  const std::string text = status.ToString();
  if (text.empty()) FuzzViolation(target, "refusal without a message");
  if (!ValidUtf8(text)) FuzzViolation(target, "refusal is not valid UTF-8: " + text);
  if (!path.empty()) {
    const std::string base = std::filesystem::path(path).filename().string();
    const std::string stem = std::filesystem::path(path).stem().string();
    if (text.find(base) == std::string::npos && text.find(stem) == std::string::npos)
      FuzzViolation(target, "refusal does not name the file " + base + ": " + text);
  }
}

// --- scratch files ---------------------------------------------------------------------------------

class Scratch {
 public:
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/dangan-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    dir_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Writes the input to DIR/name and returns that path.
  std::string Write(const std::string& name, const uint8_t* data, size_t size) {
    const std::string path = dir_ + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      std::abort();
    }
    return path;
  }

 private:
  std::string dir_;
};

Scratch& TheScratch() {
  static Scratch scratch;
  return scratch;
}

// --- spreadsheets ----------------------------------------------------------------------------------

// Checks what the readers promise their sinks (dangan/spreadsheet.h).
class CheckingSink : public SheetSink {
 public:
  CheckingSink(const char* target, const SpreadsheetLimits& limits)
      : target_(target), limits_(limits) {}

  Status BeginSheet(int sheet_index, const std::string& name) override {
    if (in_sheet_) FuzzViolation(target_, "BeginSheet inside a sheet");
    if (sheet_index <= last_sheet_) FuzzViolation(target_, "sheet indexes not increasing");
    if (!ValidUtf8(name)) FuzzViolation(target_, "sheet name is not UTF-8");
    in_sheet_ = true;
    last_sheet_ = sheet_index;
    last_row_ = 0;
    return Status::Ok();
  }
  Status Row(const SheetRow& row) override {
    if (!in_sheet_ || row.sheet_index != last_sheet_) FuzzViolation(target_, "row outside its sheet");
    if (row.number <= last_row_) FuzzViolation(target_, "row numbers not increasing");
    if (static_cast<size_t>(row.number) > limits_.max_rows)
      FuzzViolation(target_, "row number beyond max_rows");
    if (row.cells.empty() || row.cells.back().type == SheetCellType::kEmpty)
      FuzzViolation(target_, "row with trailing empty cells");
    if (row.cells.size() > limits_.max_columns) FuzzViolation(target_, "row beyond max_columns");
    for (const SheetCell& cell : row.cells) {
      if (cell.text.size() > limits_.max_cell_bytes * 4)  // numbers and dates are short
        FuzzViolation(target_, "cell beyond max_cell_bytes");
      if (!ValidUtf8(cell.text)) FuzzViolation(target_, "cell text is not UTF-8");
    }
    last_row_ = row.number;
    return Status::Ok();
  }
  Status EndSheet(int sheet_index, const std::vector<MergedRange>& merged) override {
    if (!in_sheet_ || sheet_index != last_sheet_) FuzzViolation(target_, "EndSheet without sheet");
    for (const MergedRange& m : merged) {
      if (m.first_row < 1 || m.first_col < 1 || m.last_row < m.first_row ||
          m.last_col < m.first_col)
        FuzzViolation(target_, "merged range out of order");
    }
    in_sheet_ = false;
    return Status::Ok();
  }

 private:
  const char* target_;
  SpreadsheetLimits limits_;
  bool in_sheet_ = false;
  int last_sheet_ = -1;
  int last_row_ = 0;
};

// Limits small enough that a hostile input is refused quickly, the same logic as the defaults.
SpreadsheetOptions FuzzOptions() {
  SpreadsheetOptions options;
  options.limits.max_columns = 1024;
  options.limits.max_rows = 100000;
  options.limits.max_cell_bytes = 4096;
  options.limits.max_line_bytes = 64 * 1024;
  options.limits.max_uncompressed_bytes = 16 << 20;
  return options;
}

template <typename Read>
void ReadSheet(const char* target, const std::string& path, const SpreadsheetOptions& options,
               Read read) {
  CheckingSink sink(target, options.limits);
  SpreadsheetInfo info;
  const Status status = read(path, options, &sink, &info);
  CheckRefusal(target, status, path);
  if (status.ok() && !ValidUtf8(info.encoding)) FuzzViolation(target, "encoding label not UTF-8");
}

// --- the generator's data --------------------------------------------------------------------------

const char* TemplatesDir() {
  const char* dir = std::getenv("DANGAN_TEMPLATES");
  return dir && *dir ? dir : DANGAN_FUZZ_TEMPLATES_DIR;
}

// Templates that between them use every kind of field, computed values, approval chains by
// amount, a form with line items and registers.
const std::vector<Template>& BinderTemplates() {
  static const std::vector<Template> templates = [] {
    std::vector<Template> out;
    for (const char* id : {"O-09", "S-04", "M-07", "D-01", "C-01", "O-17"}) {
      Template t;
      const Status st = LoadTemplate(std::string(TemplatesDir()) + "/" + id + ".yaml", &t);
      if (!st.ok()) {
        std::fprintf(stderr, "fuzz: cannot load template %s: %s\n", id, st.ToString().c_str());
        std::abort();
      }
      out.push_back(std::move(t));
    }
    return out;
  }();
  return templates;
}

// --- search ----------------------------------------------------------------------------------------

sqlite3* SearchDb() {
  static sqlite3* db = [] {
    const std::string setup =
        "CREATE VIRTUAL TABLE t USING fts5(title, people, doc_ref, body, notes, pinyin, "
        "tokenize='dangan');"
        "INSERT INTO t VALUES('印章管理办法','张三','华精办〔2019〕1号','用印登记 ISO9001 合同',"
        "'备注','" + std::string(search::kPinyinMarker) + "印章管理办法 张三');";
    sqlite3* handle = nullptr;
    if (sqlite3_open(":memory:", &handle) != SQLITE_OK || !RegisterChineseTokenizer(handle).ok() ||
        sqlite3_exec(handle, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "fuzz: cannot set up the FTS5 table: %s\n",
                   handle ? sqlite3_errmsg(handle) : "");
      std::abort();
    }
    return handle;
  }();
  return db;
}

const std::vector<search::ColumnAlias>& QueryColumns() {
  static const std::vector<search::ColumnAlias> columns = {
      {"题名", "title"},   {"标题", "title"}, {"责任者", "people"}, {"人员", "people"},
      {"文号", "doc_ref"}, {"正文", "body"},  {"内容", "body"},     {"备注", "notes"}};
  return columns;
}

struct TokenCheck {
  int size = 0;
  int count = 0;
  bool bad = false;
  std::string why;
};

int CheckToken(void* ctx, int /*flags*/, const char* token, int length, int start, int end) {
  auto* check = static_cast<TokenCheck*>(ctx);
  ++check->count;
  if (length <= 0 || token == nullptr) {
    check->bad = true;
    check->why = "empty token";
  } else if (start < 0 || end < start || end > check->size) {
    check->bad = true;
    check->why = "token offsets outside the text: " + std::to_string(start) + ".." +
                 std::to_string(end) + " of " + std::to_string(check->size);
  } else if (!ValidUtf8(std::string_view(token, static_cast<size_t>(length)))) {
    check->bad = true;
    check->why = "token is not UTF-8";
  }
  return SQLITE_OK;
}

}  // namespace

[[noreturn]] void FuzzViolation(const std::string& target, const std::string& what) {
  std::fprintf(stderr, "==dangan-fuzz== %s: %s\n", target.c_str(), what.c_str());
  std::fflush(stderr);
  std::abort();
}

// --- the targets -----------------------------------------------------------------------------------

void XlsxReader(const uint8_t* data, size_t size) {
  const std::string path = TheScratch().Write("输入.xlsx", data, size);
  ReadSheet("xlsx_reader", path, FuzzOptions(), sheet::ReadXlsx);
}

void XlsReader(const uint8_t* data, size_t size) {
  const std::string path = TheScratch().Write("输入.xls", data, size);
  ReadSheet("xls_reader", path, FuzzOptions(), sheet::ReadXls);
}

void OdsReader(const uint8_t* data, size_t size) {
  const std::string path = TheScratch().Write("输入.ods", data, size);
  ReadSheet("ods_reader", path, FuzzOptions(), sheet::ReadOds);
}

void CsvReader(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The dispatcher decides by content (any input may turn out to be a CSV, TSV or a refusal).
  const std::string path = TheScratch().Write("输入.csv", data, size);
  ReadSheet("csv_reader", path, FuzzOptions(), ReadSpreadsheet);
  SpreadsheetOptions gbk = FuzzOptions();
  gbk.encoding = "GBK";
  ReadSheet("csv_reader", path, gbk, ReadSpreadsheet);

  // Detection and streaming conversion: converting in small pieces gives what converting the
  // whole does.
  const sheet::DetectedEncoding detected = sheet::DetectEncoding(bytes, true);
  if (detected.bom > size) FuzzViolation("csv_reader", "BOM longer than the input");
  (void)sheet::GuessEncodingHint(bytes);
  for (const char* converter : {"UTF-8", "GB18030", "UTF-16LE"}) {
    std::string whole, pieces;
    uint64_t whole_error = 0, pieces_error = 0;
    sheet::Utf8Converter a, b;
    if (!a.Open(converter) || !b.Open(converter)) FuzzViolation("csv_reader", "no converter");
    const bool whole_ok = a.Convert(bytes, true, &whole, &whole_error);
    bool pieces_ok = true;
    for (size_t at = 0; pieces_ok && at < size; at += 7) {
      const size_t n = std::min<size_t>(7, size - at);
      pieces_ok = b.Convert(bytes.substr(at, n), at + n == size, &pieces, &pieces_error);
    }
    if (size == 0) pieces_ok = b.Convert(bytes, true, &pieces, &pieces_error);
    if (whole_ok != pieces_ok)
      FuzzViolation("csv_reader", std::string(converter) + ": chunked conversion disagrees");
    if (whole_ok && whole != pieces)
      FuzzViolation("csv_reader", std::string(converter) + ": chunked output differs");
    if (whole_ok && !ValidUtf8(whole))
      FuzzViolation("csv_reader", std::string(converter) + ": output is not UTF-8");
  }
}

void ImportMapping(const uint8_t* data, size_t size) {
  // YAML and JSON go through the same parser (JSON is YAML).
  const std::string path = TheScratch().Write("映射.yaml", data, size);
  dangan::ImportMapping mapping;
  const Status status = LoadImportMapping(path, &mapping);
  CheckRefusal("import_mapping", status, path);
  if (status.ok() && mapping.header_row < 0) FuzzViolation("import_mapping", "negative header_row");
}

void TemplateLoader(const uint8_t* data, size_t size) {
  const std::string path = TheScratch().Write("模板.yaml", data, size);
  Template tmpl;
  const Status status = LoadTemplate(path, &tmpl);
  CheckRefusal("template_loader", status, path);
  if (status.ok()) (void)tmpl.DisplayTitle();
}

void DataBinder(const uint8_t* data, size_t size) {
  // The reader is chosen by the name: JSON for what looks like JSON, CSV otherwise.
  size_t i = 0;
  if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) ++i;
  const bool json = i < size && (data[i] == '{' || data[i] == '[');
  const std::string path = TheScratch().Write(json ? "数据.json" : "数据.csv", data, size);
  for (const Template& tmpl : BinderTemplates()) {
    std::vector<RawRecord> records;
    const Status read = ReadData(tmpl, path, {}, &records);
    CheckRefusal("data_binder", read, path);
    if (!read.ok()) continue;
    for (RawRecord& record : records) {
      Document doc;
      const Status bound = BindDocument(tmpl, std::move(record), &doc);
      CheckRefusal("data_binder", bound, path);
      if (bound.ok()) {
        for (const auto& [field, value] : doc.values) {
          if (!ValidUtf8(value)) FuzzViolation("data_binder", "bound value is not UTF-8");
        }
        (void)doc.ArchiveTitle();
      }
    }
  }
  if (json) {
    std::map<std::string, std::string> header;
    CheckRefusal("data_binder", ReadHeaderValues(path, &header), path);
  }
}

void QueryParser(const uint8_t* data, size_t size) {
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  for (std::string_view pinyin : {std::string_view(), std::string_view("pinyin")}) {
    search::ParsedQuery query;
    const Status status = search::ParseQuery(typed, QueryColumns(), &query, pinyin);
    CheckRefusal("query_parser", status, "");
    if (!status.ok()) continue;
    if (query.match.empty()) FuzzViolation("query_parser", "accepted query with no expression");
    // The promise of dangan/query.h: no input yields an expression FTS5 rejects.
    sqlite3_stmt* stmt = nullptr;
    sqlite3* db = SearchDb();
    int rc = sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &stmt, nullptr);
    if (rc == SQLITE_OK)
      rc = sqlite3_bind_text(stmt, 1, query.match.data(), static_cast<int>(query.match.size()),
                             SQLITE_TRANSIENT);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    const std::string error = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    if (!error.empty())
      FuzzViolation("query_parser", "FTS5 rejects «" + query.match + "»: " + error);
  }
}

void Tokenizer(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // As a document, as a query, and as the pinyin column (behind its marker).
  const std::string pinyin = std::string(search::kPinyinMarker) + std::string(text);
  for (const std::string_view input : {text, std::string_view(pinyin)}) {
    for (int flags : {0x0004 /* FTS5_TOKENIZE_DOCUMENT */, 0x0001 /* FTS5_TOKENIZE_QUERY */}) {
      TokenCheck check;
      check.size = static_cast<int>(input.size());
      search::internal::TokenizeText(input.data(), check.size, flags, &check, CheckToken);
      if (check.bad) FuzzViolation("tokenizer", check.why);
    }
  }
  for (const search::Token& token : search::Tokenize(text)) {
    if (token.start < 0 || token.end < token.start || token.end > static_cast<int>(size))
      FuzzViolation("tokenizer", "Tokenize offsets outside the text");
  }
  if (!ValidUtf8(search::FoldText(text))) FuzzViolation("tokenizer", "FoldText gives invalid UTF-8");
}

void IntakeSniff(const uint8_t* data, size_t size) {
  const std::string head(reinterpret_cast<const char*>(data), std::min<size_t>(size, 1024));
  const std::string path = TheScratch().Write("扫描件", data, size);
  const std::string media_type = SniffMediaType(path);
  if (media_type != intake::MediaTypeOfBytes(head))
    FuzzViolation("intake_sniff", "SniffMediaType disagrees with the leading bytes");
  if (!ValidUtf8(intake::DescribeBytes(head))) FuzzViolation("intake_sniff", "description not UTF-8");
  // The container checks, whatever the bytes claim to be: a damaged file must be refused in
  // words, never crash the check.
  for (const char* type : {"application/pdf", "image/png", "image/jpeg", "image/tiff"}) {
    const std::string problem = intake::ContainerProblem(path, type);
    if (!ValidUtf8(problem)) FuzzViolation("intake_sniff", "container problem not UTF-8");
  }
  const int frames = intake::CountTiffFrames(path);
  if (frames == 0 || frames < -1) FuzzViolation("intake_sniff", "impossible TIFF frame count");
  if (media_type != "application/pdf") (void)CountPages(path, media_type);
  (void)DocNumberFromQr(std::string(reinterpret_cast<const char*>(data), size));
}

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"xlsx_reader", XlsxReader},   {"xls_reader", XlsReader},
      {"ods_reader", OdsReader},
      {"csv_reader", CsvReader},     {"import_mapping", ImportMapping},
      {"template_loader", TemplateLoader}, {"data_binder", DataBinder},
      {"query_parser", QueryParser}, {"tokenizer", Tokenizer},
      {"intake_sniff", IntakeSniff},
  };
  return targets;
}

Entry FindEntry(const std::string& name) {
  for (const Target& t : Targets()) {
    if (name == t.name) return t.entry;
  }
  return nullptr;
}

}  // namespace dangan::fuzz
