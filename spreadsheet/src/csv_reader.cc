// CSV and TSV (RFC 4180: quoted fields with delimiters, doubled quotes and line breaks inside;
// CRLF or LF) in any encoding ICU converts, streamed: the file is read in chunks, converted to
// UTF-8 and split into records as it comes, so a 100 MB line is refused after its first MB and
// a file of invalid bytes after its first bad one.
#include <cerrno>
#include <cstdio>
#include <memory>

#include "sheet_readers.h"
#include "text_encoding.h"

namespace dangan::sheet {
namespace {

constexpr size_t kChunk = 1 << 20;
// Detection looks at this much; the rest is checked as it is converted.
constexpr size_t kDetectPrefix = 4 << 20;

using File = std::unique_ptr<FILE, int (*)(FILE*)>;

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// "第 12 行 C 列" — a CSV has no sheets to name.
std::string CsvPlace(int64_t row, int column) {
  std::string place = "第 " + std::to_string(row) + " 行";
  if (column > 0) place += " " + ColumnName(column) + " 列";
  return place;
}

// Splits UTF-8 text into records, fed in pieces of any size.
class RecordSplitter {
 public:
  RecordSplitter(char delimiter, const SpreadsheetLimits& limits, SheetSink* sink)
      : delimiter_(delimiter), limits_(limits), sink_(sink) {
    row_.number = 1;
  }

  // A failure is a reason without the file name.
  std::string Feed(std::string_view text) {
    for (const char c : text) {
      if (!problem_.empty()) break;
      Byte(c);
    }
    return problem_;
  }

  std::string Finish() {
    if (!problem_.empty()) return problem_;
    if (state_ == State::kQuoted) {
      return CsvPlace(row_.number, static_cast<int>(row_.cells.size()) + 1) +
             "：引号没有闭合（从这里到文件末尾都被当作一个单元格）";
    }
    if (state_ != State::kFieldStart || !row_.cells.empty() || !field_.empty()) EndRecord();
    return problem_;
  }

  Status sink_status;
  int64_t physical_line() const { return line_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  void Byte(char c) {
    if (++line_bytes_ > limits_.max_line_bytes) {
      problem_ = "文件第 " + std::to_string(line_) + " 行超过 " + ByteSize(limits_.max_line_bytes) +
                 "，不像是表格数据（可能不是 CSV 文件，或缺少换行）";
      return;
    }
    if (c == '\n') {
      ++line_;
      line_bytes_ = 0;
    }
    if (after_cr_ && c == '\n' && state_ != State::kQuoted) {  // the LF of a CRLF
      after_cr_ = false;
      return;
    }
    after_cr_ = c == '\r';
    switch (state_) {
      case State::kFieldStart:
        if (c == '"') {
          state_ = State::kQuoted;
          return;
        }
        state_ = State::kUnquoted;
        return Unquoted(c);
      case State::kUnquoted:
        return Unquoted(c);
      case State::kQuoted:
        if (c == '"') {
          state_ = State::kQuoteInQuoted;
        } else {
          Append(c);
        }
        return;
      case State::kQuoteInQuoted:
        if (c == '"') {
          state_ = State::kQuoted;
          return Append('"');
        }
        // `"abc"def` is not RFC 4180; read it as spreadsheet programs do, as abcdef.
        state_ = State::kUnquoted;
        return Unquoted(c);
    }
  }

  void Unquoted(char c) {
    if (c == delimiter_) return EndField();
    if (c == '\r' || c == '\n') return EndRecord();
    Append(c);
  }

  void Append(char c) {
    if (c == '\n' && !field_.empty() && field_.back() == '\r') field_.pop_back();  // CRLF inside
    field_ += c;
    if (field_.size() > limits_.max_cell_bytes) {
      problem_ = CsvPlace(row_.number, static_cast<int>(row_.cells.size()) + 1) +
                 "：单元格内容超过 " + ByteSize(limits_.max_cell_bytes) + "（可能是引号没有闭合）";
    }
  }

  void EndField() {
    if (row_.cells.size() >= limits_.max_columns) {
      problem_ = CsvPlace(row_.number, 0) + "：超过 " + std::to_string(limits_.max_columns) +
                 " 列（最多到 " + ColumnName(static_cast<int>(limits_.max_columns)) + " 列）";
      return;
    }
    row_.cells.emplace_back();
    SheetCell& cell = row_.cells.back();
    if (!field_.empty()) {
      cell.type = SheetCellType::kText;
      cell.text.swap(field_);
    }
    field_.clear();
    state_ = State::kFieldStart;
  }

  void EndRecord() {
    EndField();
    if (!problem_.empty()) return;
    if (static_cast<uint64_t>(row_.number) > limits_.max_rows) {
      problem_ = CsvPlace(row_.number, 0) + "：超过 " + std::to_string(limits_.max_rows) + " 行";
      return;
    }
    if (TrimRow(&row_)) {
      sink_status = sink_->Row(row_);
      if (!sink_status.ok()) problem_ = sink_status.message();
    }
    row_.cells.clear();
    ++row_.number;
  }

  char delimiter_;
  SpreadsheetLimits limits_;
  SheetSink* sink_;
  SheetRow row_;
  std::string field_;
  State state_ = State::kFieldStart;
  bool after_cr_ = false;
  int64_t line_ = 1;
  size_t line_bytes_ = 0;
  std::string problem_;
};

int64_t LineOfOffset(std::string_view text, size_t offset) {
  int64_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

class DelimitedReader {
 public:
  DelimitedReader(const std::string& path, char delimiter, const SpreadsheetOptions& options)
      : path_(path), delimiter_(delimiter), options_(options) {}

  Status Read(SheetSink* sink, SpreadsheetInfo* info) {
    File file(std::fopen(path_.c_str(), "rb"), std::fclose);
    if (!file) return Refuse(path_, "无法打开：" + SystemErrorText(errno));
    // Up to kDetectPrefix, in steps, so that a small file does not cost a 4 MB buffer.
    std::string prefix;
    for (size_t want = 64 << 10; prefix.size() < kDetectPrefix; want *= 2) {
      const size_t had = prefix.size();
      prefix.resize(std::min(kDetectPrefix, had + want));
      const size_t got = std::fread(&prefix[had], 1, prefix.size() - had, file.get());
      prefix.resize(had + got);
      if (had + got < prefix.capacity() && got < want) break;  // end of file (or an error)
    }
    const bool complete = prefix.size() < kDetectPrefix;
    DetectedEncoding encoding;
    DANGAN_RETURN_IF_ERROR(ChooseEncoding(prefix, complete, &encoding));
    info->encoding = encoding.label;
    info->sheets.push_back(BaseName(path_));
    DANGAN_RETURN_IF_ERROR(sink->BeginSheet(0, info->sheets.back()));
    Utf8Converter converter;
    converter.Open(encoding.converter);
    RecordSplitter splitter(delimiter_, options_.limits, sink);
    std::string chunk = prefix.substr(encoding.bom);
    prefix.clear();
    prefix.shrink_to_fit();
    std::string utf8;
    bool first = true;
    for (bool last = complete;; last = false) {
      if (!last && chunk.empty()) {
        chunk.resize(kChunk);
        chunk.resize(std::fread(&chunk[0], 1, chunk.size(), file.get()));
        if (std::ferror(file.get())) return Refuse(path_, "读取失败：" + SystemErrorText(errno));
        last = chunk.empty() || std::feof(file.get());
      }
      utf8.clear();
      uint64_t error_at = 0;
      if (!converter.Convert(chunk, last, &utf8, &error_at)) {
        splitter.Feed(utf8);
        return Refuse(path_, "文件第 " + std::to_string(splitter.physical_line()) + " 行（第 " +
                                 std::to_string(error_at + encoding.bom) + " 字节）不是有效的 " +
                                 encoding.label + " 编码" + EncodingAdvice());
      }
      chunk.clear();
      // A byte-order mark the chosen converter kept (--encoding UTF-16LE on a file with one).
      if (first && utf8.compare(0, 3, "\xEF\xBB\xBF") == 0) utf8.erase(0, 3);
      first = false;
      std::string problem = splitter.Feed(utf8);
      if (problem.empty() && last) problem = splitter.Finish();
      if (!splitter.sink_status.ok()) return splitter.sink_status;
      if (!problem.empty()) return Refuse(path_, problem);
      if (last) break;
    }
    return sink->EndSheet(0, {});
  }

 private:
  Status ChooseEncoding(const std::string& prefix, bool complete, DetectedEncoding* out) {
    if (!options_.encoding.empty()) {
      Utf8Converter probe;
      if (!probe.Open(options_.encoding)) {
        return Refuse(path_, "不认识的文字编码「" + options_.encoding +
                                 "」（可用 UTF-8、GB18030、GBK、Big5、UTF-16LE 等）");
      }
      out->converter = out->label = options_.encoding;  // a BOM is dropped after conversion
      return Status::Ok();
    }
    *out = DetectEncoding(prefix, complete);
    if (!out->converter.empty()) return Status::Ok();
    const std::string hint = GuessEncodingHint(prefix);
    return Refuse(path_, "文字编码无法识别：既不是 UTF-8，也不是 GB18030（GBK）" +
                             std::string("（按 UTF-8 读，文件第 ") +
                             std::to_string(LineOfOffset(prefix, out->invalid_at)) + " 行、第 " +
                             std::to_string(out->invalid_at) + " 字节处出错）" +
                             (hint.empty() ? "" : "；" + hint) +
                             "。如确知编码，可用 --encoding 指定（如 --encoding Big5）");
  }

  std::string EncodingAdvice() const {
    return options_.encoding.empty()
               ? "（文件前面部分像是这种编码，后面却不是；可用 --encoding 指定编码）"
               : "（按 --encoding " + options_.encoding + " 读取）";
  }

  std::string path_;
  char delimiter_;
  const SpreadsheetOptions& options_;
};

}  // namespace

Status ReadDelimited(const std::string& path, char delimiter, const SpreadsheetOptions& options,
                     SheetSink* sink, SpreadsheetInfo* info) {
  DelimitedReader reader(path, delimiter, options);
  return reader.Read(sink, info);
}

}  // namespace dangan::sheet
