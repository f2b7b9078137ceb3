// Reads form data files (JSON, CSV) into RawRecords. Only the shape is checked here;
// the values are checked by the binder.
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dangan/base/input_limits.h"
#include "dangan/generator/document.h"
#include "dangan/records/text.h"
#include "text.h"
#include "values.h"

namespace dangan {

void RowTable::AddRow(const std::vector<std::string_view>& cells) {
  for (std::string_view cell : cells) {
    arena_.append(cell.data(), cell.size());
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
  }
}

void RowTable::Reserve(size_t rows, size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(rows * columns_ + 1);
}

std::string_view RowTable::at(size_t row, size_t column) const {
  size_t i = row * columns_ + column;
  return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
}

namespace {

const char kRowsKey[] = "明细";

using Json = nlohmann::json;

std::string JsonScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return FormatNumber(v.get<double>());
  return v.dump();
}

// Index of the table column named `key` (traditional or full-width spellings accepted), or -1.
int ColumnIndex(const Template& t, const std::string& key) {
  if (!t.table) return -1;
  const auto& columns = t.table->columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].field.name == key) return static_cast<int>(i);
  }
  std::string folded = FoldForCompare(key);
  for (size_t i = 0; i < columns.size(); ++i) {
    if (FoldForCompare(columns[i].field.name) == folded) return static_cast<int>(i);
  }
  return -1;
}

class JsonReader {
 public:
  JsonReader(const Template& t, const std::string& path) : t_(t), path_(path) {}

  Status Read(const Json& root, std::vector<RawRecord>* out) {
    if (root.is_object()) return AddRecord(root, path_, out);
    if (!root.is_array())
      return Status::InvalidArgument("数据 " + path_ + "：应为 JSON 对象或列表");
    if (t_.kind == TemplateKind::kRegister) {
      // A register's list is its rows.
      Json record = Json::object();
      record[kRowsKey] = root;
      return AddRecord(record, path_, out);
    }
    for (size_t i = 0; i < root.size(); ++i) {
      if (!root[i].is_object()) {
        return Status::InvalidArgument("数据 " + path_ + " 第 " + std::to_string(i + 1) +
                                       " 条记录：应为 JSON 对象");
      }
      DANGAN_RETURN_IF_ERROR(
          AddRecord(root[i], path_ + " 第 " + std::to_string(i + 1) + " 条记录", out));
    }
    return Status::Ok();
  }

 private:
  Status AddRecord(const Json& object, const std::string& origin, std::vector<RawRecord>* out) {
    RawRecord record;
    record.origin = origin;
    record.row_origin = kRowsKey;
    record.rows = RowTable(t_.table ? t_.table->columns.size() : 0);
    std::vector<Problem> problems;
    for (const auto& [key, value] : object.items()) {
      if (FoldForCompare(key) == FoldForCompare(kRowsKey)) {
        AddRows(value, &record, &problems);
      } else if (value.is_array() || value.is_object()) {
        problems.push_back(
            MakeProblem(problem_codes::kInvalidData, 0, key, "应为单个值，不是列表或对象"));
      } else {
        record.values[key] = JsonScalarText(value);
      }
    }
    if (!problems.empty()) return Status::InvalidArgument("数据 " + origin + " 有错误：", problems);
    out->push_back(std::move(record));
    return Status::Ok();
  }

  void AddRows(const Json& rows, RawRecord* record, std::vector<Problem>* problems) {
    if (!t_.table) {
      problems->push_back(MakeProblem(problem_codes::kUnknownField, 0, kRowsKey,
                                      "模板 " + t_.id + " 没有表格，不能有这一项"));
      return;
    }
    if (!rows.is_array()) {
      problems->push_back(MakeProblem(problem_codes::kInvalidData, 0, kRowsKey, "应为列表"));
      return;
    }
    std::vector<std::string> cells(t_.table->columns.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      const int64_t row = static_cast<int64_t>(r + 1);
      if (!rows[r].is_object()) {
        problems->push_back(
            MakeProblem(problem_codes::kInvalidData, row, kRowsKey, "应为 JSON 对象"));
        continue;
      }
      std::fill(cells.begin(), cells.end(), std::string());
      for (const auto& [key, value] : rows[r].items()) {
        int c = ColumnIndex(t_, key);
        if (c < 0) {
          problems->push_back(
              MakeProblem(problem_codes::kUnknownField, row, key, "表格中没有这一列"));
        } else {
          cells[c] = JsonScalarText(value);
        }
      }
      std::vector<std::string_view> views(cells.begin(), cells.end());
      record->rows.AddRow(views);
    }
  }

  const Template& t_;
  const std::string& path_;
};

// Splits one CSV record starting at `pos` (RFC 4180 quoting; quoted fields may hold newlines)
// into fields[0 .. *count). The strings of `fields` are reused from record to record, so that a
// long file is split without allocating. Returns false at end of input.
bool NextCsvRecord(const std::string& text, size_t* pos, std::vector<std::string>* fields,
                   size_t* count, size_t* line, std::string* error) {
  *count = 0;
  if (*pos >= text.size()) return false;
  auto next_field = [&]() -> std::string& {
    if (*count == fields->size()) fields->emplace_back();
    std::string& f = (*fields)[(*count)++];
    f.clear();
    return f;
  };
  std::string* field = &next_field();
  bool quoted = false, was_quoted = false;
  const char* const data = text.data();
  const size_t n = text.size();
  size_t i = *pos;
  while (i < n) {
    if (quoted) {
      // Copy up to the next quote in one go, counting the line breaks inside the field.
      size_t end = i;
      while (end < n && data[end] != '"') {
        if (data[end] == '\n') ++*line;
        ++end;
      }
      field->append(data + i, end - i);
      i = end;
      if (i == n) break;
      if (i + 1 < n && data[i + 1] == '"') {
        *field += '"';
        i += 2;
      } else {
        quoted = false;
        ++i;
      }
      continue;
    }
    const char c = data[i];
    if (c == '"' && field->empty() && !was_quoted) {
      quoted = was_quoted = true;
      ++i;
    } else if (c == ',') {
      field = &next_field();
      was_quoted = false;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
      ++i;
      break;
    } else {
      // Plain text runs to the next separator; a quote inside it is an ordinary character.
      size_t end = i + 1;
      while (end < n && data[end] != ',' && data[end] != '\n' && data[end] != '\r' &&
             data[end] != '"') {
        ++end;
      }
      field->append(data + i, end - i);
      i = end;
    }
  }
  if (quoted) {
    *error = "引号没有闭合";
    return false;
  }
  *pos = i;
  ++*line;
  return true;
}

Status ReadCsv(const Template& t, const std::string& path, const std::string& text,
               std::vector<RawRecord>* out) {
  if (!t.table)
    return Status::InvalidArgument("数据 " + path + "：只有带表格的模板可以用 CSV 数据");
  size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  if (!IsValidUtf8(text)) {
    return Status::InvalidArgument("数据 " + path +
                                   "：不是 UTF-8 编码（GBK 等旧编码的表格请用导入功能）");
  }
  size_t line = 1;
  std::vector<std::string> fields;
  size_t count = 0;
  std::string error;
  if (!NextCsvRecord(text, &pos, &fields, &count, &line, &error)) {
    return Status::InvalidArgument("数据 " + path + "：文件为空，第一行应为列名");
  }
  std::vector<int> column_of(count);
  std::vector<Problem> problems;
  for (size_t i = 0; i < count; ++i) {
    column_of[i] = ColumnIndex(t, Trim(fields[i]));
    if (column_of[i] < 0 && !Trim(fields[i]).empty()) {
      problems.push_back(
          MakeProblem(problem_codes::kUnknownField, 1, Trim(fields[i]), "表格中没有这一列"));
    }
  }
  RawRecord record;
  record.origin = path;
  record.row_origin = "CSV";
  record.first_row_line = 2;
  record.rows = RowTable(t.table->columns.size());
  // The cells' text is at most the file's; the rows at most its lines.
  size_t lines = 1;
  for (const char* p = text.data() + pos;
       (p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p))); ++p) {
    ++lines;
  }
  record.rows.Reserve(lines, text.size() - pos);
  std::vector<std::string_view> cells(t.table->columns.size());
  while (true) {
    size_t record_line = line;
    if (!NextCsvRecord(text, &pos, &fields, &count, &line, &error)) {
      if (!error.empty()) {
        problems.push_back(
            MakeProblem(problem_codes::kInvalidData, static_cast<int64_t>(record_line), "", error));
      }
      break;
    }
    bool blank = count == 1 && Trim(fields[0]).empty();
    if (blank) continue;  // blank lines are not rows
    if (count > column_of.size()) {
      problems.push_back(MakeProblem(problem_codes::kTooManyValues,
                                     static_cast<int64_t>(record_line), "",
                                     "有 " + std::to_string(count) + " 个值，但只有 " +
                                         std::to_string(column_of.size()) + " 个列名"));
      continue;
    }
    std::fill(cells.begin(), cells.end(), std::string_view());
    for (size_t i = 0; i < count; ++i) {
      if (column_of[i] >= 0) cells[column_of[i]] = fields[i];
    }
    record.rows.AddRow(cells);
    if (problems.size() > 100) break;
  }
  if (!problems.empty()) return Status::InvalidArgument("数据 " + path + " 有错误：", problems);
  out->push_back(std::move(record));
  return Status::Ok();
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status ReadFile(const std::string& path, std::string* text) {
  // A directory "opens" as a stream whose size is garbage (it aborted the command), and a FIFO
  // or /dev/zero never ends: only a regular file of bounded size is read.
  const Status file = CheckInputFile(path, "数据文件", kMaxDataFileBytes);
  if (file.code() == Status::Code::kNotFound)
    return Status::NotFound("数据文件 " + path + " 不存在或无法读取");
  DANGAN_RETURN_IF_ERROR(file);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("数据文件 " + path + " 不存在或无法读取");
  // Read a regular file straight into a string of its size: going through a stringstream holds a
  // large file three times over for a moment.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && in) {
    text->resize(static_cast<size_t>(size));
    in.read(text->data(), size);
    if (in.gcount() == size) {
      in.peek();  // a file that grew meanwhile: take the rest too
      if (in.eof()) return Status::Ok();
    }
    text->resize(static_cast<size_t>(in.gcount()));
    in.clear();
  } else {
    in.clear();
    in.seekg(0, std::ios::beg);
    text->clear();
  }
  std::stringstream rest;
  rest << in.rdbuf();
  *text += rest.str();
  return Status::Ok();
}

Status ParseJson(const std::string& path, const std::string& text, Json* root) {
  try {
    *root = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann reports the byte offset; turn it into a line for the clerk.
    size_t line = 1 + std::count(text.begin(), text.begin() + std::min(e.byte, text.size()), '\n');
    return Status::InvalidArgument("数据 " + path + " 第 " + std::to_string(line) +
                                   " 行：JSON 格式错误（" + e.what() + "）");
  }
  return Status::Ok();
}

}  // namespace

Status ReadHeaderValues(const std::string& path, std::map<std::string, std::string>* out) {
  std::string text;
  DANGAN_RETURN_IF_ERROR(ReadFile(path, &text));
  Json root;
  DANGAN_RETURN_IF_ERROR(ParseJson(path, text, &root));
  if (!root.is_object())
    return Status::InvalidArgument("数据 " + path + "：表头数据应为 JSON 对象");
  for (const auto& [key, value] : root.items()) {
    if (!value.is_array() && !value.is_object()) (*out)[key] = JsonScalarText(value);
  }
  return Status::Ok();
}

Status ReadJsonData(const Template& tmpl, std::string_view text, const std::string& origin,
                    std::vector<RawRecord>* out) {
  if (Trim(text).empty()) return Status::InvalidArgument("数据 " + origin + "：为空");
  Json root;
  DANGAN_RETURN_IF_ERROR(ParseJson(origin, std::string(text), &root));
  std::vector<RawRecord> records;
  DANGAN_RETURN_IF_ERROR(JsonReader(tmpl, origin).Read(root, &records));
  if (records.empty()) return Status::InvalidArgument("数据 " + origin + "：没有任何记录");
  *out = std::move(records);
  return Status::Ok();
}

Status ReadData(const Template& tmpl, const std::string& path,
                const std::map<std::string, std::string>& overrides, std::vector<RawRecord>* out) {
  std::string text;
  DANGAN_RETURN_IF_ERROR(ReadFile(path, &text));
  if (Trim(text).empty()) return Status::InvalidArgument("数据 " + path + "：文件为空");
  std::vector<RawRecord> records;
  std::string lower = path;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(lower, ".csv")) {
    DANGAN_RETURN_IF_ERROR(ReadCsv(tmpl, path, text, &records));
  } else {
    Json root;
    DANGAN_RETURN_IF_ERROR(ParseJson(path, text, &root));
    DANGAN_RETURN_IF_ERROR(JsonReader(tmpl, path).Read(root, &records));
  }
  if (records.empty()) return Status::InvalidArgument("数据 " + path + "：没有任何记录");
  for (const auto& [key, value] : overrides) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
      return Status::InvalidArgument("表头字段「" + key + "」的值不是有效的 UTF-8 文字");
    }
  }
  for (RawRecord& r : records) {
    for (const auto& [key, value] : overrides) r.values[key] = value;
  }
  *out = std::move(records);
  return Status::Ok();
}

}  // namespace dangan
