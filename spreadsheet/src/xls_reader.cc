// .xls (BIFF 5/8, Excel 95–2003 and WPS) through FreeXL, which decodes the strings by the
// workbook's CODEPAGE (GBK for the Chinese Excel 95 files) and reports dates already formatted.
// FreeXL does not report merged ranges; EndSheet gets none.
//
// FreeXL 1.0.6 is not safe on damaged files: fuzzing found it converting a string whose length
// exceeds its record straight from its stack (reading tens of KB past a local buffer) and
// leaking on others. So FreeXL runs in a child process that only reports what FreeXL returns
// (workbook info, sheet names, dimensions, cell values) through a pipe; everything else is done
// here, in the parent. A file that crashes or hangs FreeXL kills only that child and is refused.
#include <freexl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "dangan/records/text.h"
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DANGAN_XLS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define DANGAN_XLS_ASAN 1
#endif
#ifdef DANGAN_XLS_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#include "sheet_readers.h"
#include "xls_rich_strings.h"

namespace dangan::sheet {
namespace {

struct Closer {
  void operator()(const void* handle) const { freexl_close(handle); }
};
using Handle = std::unique_ptr<const void, Closer>;

std::string OpenProblem(int code) {
  switch (code) {
    case FREEXL_INSUFFICIENT_MEMORY:
      return "文件过大，内存不足以读取";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
      return "这是 Office 97-2003 格式的文件，但其中没有 Excel 工作簿（可能是 Word 或 PowerPoint "
             "文件）";
    case FREEXL_UNSUPPORTED_CHARSET:
    case FREEXL_INVALID_CHARACTER:
      return "工作簿的文字编码（代码页）无法识别，请在 Excel 或 WPS 中另存为 .xlsx 后再导入";
    case FREEXL_BIFF_INVALID_BOF:
      return "不是 Excel 工作簿，或是 Excel 5.0 之前的版本（请另存为 .xlsx 后再导入）";
    default:
      return "文件已损坏或不完整（可能复制或上传时中断），无法作为 .xls 读取";
  }
}

// FreeXL formats dates "YYYY-MM-DD", date-times "YYYY-MM-DD HH:MM:SS", times "HH:MM:SS"; the
// serial (1900 system) is rebuilt from that text for SheetCell::number.
double SerialOfText(const char* text, bool has_date, bool has_time) {
  int y = 1899, m = 12, d = 30, hh = 0, mm = 0, ss = 0;
  if (has_date && std::sscanf(text, "%d-%d-%d", &y, &m, &d) != 3) return 0;
  if (has_time) std::sscanf(text + (has_date ? 11 : 0), "%d:%d:%d", &hh, &mm, &ss);
  int64_t day = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (has_date && day < 61) day -= 1;  // before 1900-03-01: the Lotus leap day is not counted
  return static_cast<double>(day) + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

// --- FreeXL in a child process ----------------------------------------------------------------

// What FreeXL returned for one cell (FreeXL_CellValue, with its text copied).
struct RawCell {
  unsigned r = 0, c = 0;
  unsigned char type = FREEXL_CELL_NULL;
  int64_t int_value = 0;
  double double_value = 0;
  std::string text;
};

// Seconds without a byte from the child before FreeXL is taken to hang.
constexpr int kChildSilenceSeconds = 60;

// The child's side: buffered writes of integers and strings to the pipe.
class ChildWriter {
 public:
  explicit ChildWriter(int fd) : fd_(fd) {}
  ~ChildWriter() { Flush(); }
  void U64(uint64_t v) { buffer_.append(reinterpret_cast<const char*>(&v), sizeof v); Maybe(); }
  void F64(double v) { buffer_.append(reinterpret_cast<const char*>(&v), sizeof v); Maybe(); }
  void Text(const char* text) {
    const size_t n = text ? std::strlen(text) : 0;
    U64(n);
    buffer_.append(text ? text : "", n);
    Maybe();
  }
  void Flush() {
    for (size_t done = 0; done < buffer_.size();) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(3);  // the parent stopped reading
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
  }

 private:
  void Maybe() {
    if (buffer_.size() >= (64 << 10)) Flush();
  }
  int fd_;
  std::string buffer_;
};

// Runs in the child: FreeXL's answers, in the order the parent reads them. Cells are sent only
// when FreeXL has a value (not FREEXL_CELL_NULL), each sheet's list ending with type 0xFF.
[[noreturn]] void DumpWithFreeXl(const std::string& path, const SpreadsheetOptions& options,
                                 int fd) {
  ChildWriter out(fd);
  const void* handle = nullptr;
  const int opened = freexl_open(path.c_str(), &handle);
  out.U64(static_cast<uint64_t>(static_cast<int64_t>(opened)));
  out.U64(handle != nullptr);
  if (opened != FREEXL_OK || handle == nullptr) {
    out.Flush();
    ::_exit(0);
  }
  unsigned password = 0, version = 0, codepage = 0, count = 0;
  freexl_get_info(handle, FREEXL_BIFF_PASSWORD, &password);
  freexl_get_info(handle, FREEXL_BIFF_VERSION, &version);
  freexl_get_info(handle, FREEXL_BIFF_CODEPAGE, &codepage);
  freexl_get_info(handle, FREEXL_BIFF_SHEET_COUNT, &count);
  out.U64(password);
  out.U64(version);
  out.U64(codepage);
  out.U64(count);
  if (password == FREEXL_BIFF_OBFUSCATED) {
    out.Flush();
    ::_exit(0);
  }
  for (unsigned i = 0; i < count; ++i) {
    const char* name = nullptr;
    const bool named =
        freexl_get_worksheet_name(handle, static_cast<unsigned short>(i), &name) == FREEXL_OK;
    out.U64(named);
    if (!named) break;
    out.Text(name);
    if (!options.sheet.empty() && options.sheet != (name ? name : "")) continue;
    unsigned rows = 0;
    unsigned short columns = 0;
    const bool dimensioned =
        freexl_select_active_worksheet(handle, static_cast<unsigned short>(i)) == FREEXL_OK &&
        freexl_worksheet_dimensions(handle, &rows, &columns) == FREEXL_OK;
    out.U64(dimensioned);
    if (!dimensioned) break;
    out.U64(rows);
    out.U64(columns);
    if (rows > options.limits.max_rows || columns > options.limits.max_columns) break;
    for (unsigned r = 0; r < rows; ++r) {
      for (unsigned short c = 0; c < columns; ++c) {
        FreeXL_CellValue value;
        if (freexl_get_cell_value(handle, r, c, &value) != FREEXL_OK) {
          out.U64(r);
          out.U64(c);
          out.U64(0xFE);  // unreadable
          out.Flush();
          ::_exit(0);
        }
        if (value.type == FREEXL_CELL_NULL) continue;
        out.U64(r);
        out.U64(c);
        out.U64(value.type);
        if (value.type == FREEXL_CELL_INT) {
          out.U64(static_cast<uint64_t>(static_cast<int64_t>(value.value.int_value)));
        } else if (value.type == FREEXL_CELL_DOUBLE) {
          out.F64(value.value.double_value);
        } else {
          out.Text(value.value.text_value);
        }
      }
    }
    out.U64(0);
    out.U64(0);
    out.U64(0xFF);  // end of the sheet
  }
  out.Flush();
  ::_exit(0);
}

// The parent's side: the child's pipe, read with a time limit. Any failure (the child died,
// went silent, or sent something malformed) makes ok() false.
class ChildReader {
 public:
  ~ChildReader() { Stop(); }

  bool Start(const std::string& path, const SpreadsheetOptions& options) {
    int fds[2];
    if (::pipe(fds) != 0) return false;
    pid_ = ::fork();
    if (pid_ < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      return false;
    }
    if (pid_ == 0) {
      ::close(fds[0]);
      ::signal(SIGPIPE, SIG_IGN);
#ifdef DANGAN_XLS_ASAN
      // A sanitizer report about FreeXL ends this child only; a fuzzer's crash handler
      // inherited from the parent must not record it as the parent's crash.
      __sanitizer_set_death_callback(nullptr);
#endif
      DumpWithFreeXl(path, options, fds[1]);
    }
    ::close(fds[1]);
    fd_ = fds[0];
    return true;
  }

  bool ok() const { return ok_; }
  bool timed_out() const { return timed_out_; }

  uint64_t U64() {
    uint64_t v = 0;
    Read(&v, sizeof v);
    return v;
  }
  double F64() {
    double v = 0;
    Read(&v, sizeof v);
    return v;
  }
  std::string Text(size_t max_bytes) {
    const uint64_t n = U64();
    if (!ok_ || n > max_bytes) {
      ok_ = false;
      return "";
    }
    std::string text(static_cast<size_t>(n), '\0');
    Read(text.data(), text.size());
    return text;
  }

  // Ends the child (killing it if it still runs) and reaps it.
  void Stop() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = -1;
  }

 private:
  void Read(void* out, size_t n) {
    auto* p = static_cast<char*>(out);
    while (ok_ && n > 0) {
      if (begin_ == buffer_.size()) Fill();
      const size_t take = std::min(n, buffer_.size() - begin_);
      std::memcpy(p, buffer_.data() + begin_, take);
      begin_ += take;
      p += take;
      n -= take;
    }
  }
  void Fill() {
    buffer_.resize(64 << 10);
    begin_ = 0;
    pollfd pfd{fd_, POLLIN, 0};
    int ready;
    while ((ready = ::poll(&pfd, 1, kChildSilenceSeconds * 1000)) < 0 && errno == EINTR) {
    }
    if (ready == 0) timed_out_ = true;
    ssize_t got = -1;
    if (ready > 0) {
      while ((got = ::read(fd_, buffer_.data(), buffer_.size())) < 0 && errno == EINTR) {
      }
    }
    if (got <= 0) {
      ok_ = false;
      buffer_.clear();
      return;
    }
    buffer_.resize(static_cast<size_t>(got));
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool ok_ = true, timed_out_ = false;
  std::string buffer_;
  size_t begin_ = 0;
};

class XlsReader {
 public:
  XlsReader(const std::string& path, const SpreadsheetOptions& options)
      : path_(path), options_(options) {}

  Status Read(SheetSink* sink, SpreadsheetInfo* info) {
    if (!child_.Start(path_, options_)) {
      return Status::IoError(path_ + "：无法启动读取 .xls 的进程（" + SystemErrorText(errno) + "）");
    }
    const int opened = static_cast<int>(static_cast<int64_t>(child_.U64()));
    const bool has_handle = child_.U64() != 0;
    if (!child_.ok()) return Broken();
    // FreeXL 1.0.6 can report success with no handle when it gives up on a damaged file.
    if (opened != FREEXL_OK || !has_handle) return Refuse(path_, OpenProblem(opened));
    unsigned count = 0;
    DANGAN_RETURN_IF_ERROR(CheckWorkbook(info, &count));
    bool found = options_.sheet.empty();
    std::string names;
    for (unsigned i = 0; i < count; ++i) {
      const bool named = child_.U64() != 0;
      if (!child_.ok()) return Broken();
      if (!named) {
        return Refuse(path_, "第 " + std::to_string(i + 1) + " 个工作表的名称无法读取，文件已损坏");
      }
      const std::string sheet = child_.Text(options_.limits.max_cell_bytes);
      if (!child_.ok()) return Broken();
      names += (names.empty() ? "" : "、") + sheet;
      if (!options_.sheet.empty() && sheet != options_.sheet) continue;
      found = true;
      info->sheets.push_back(sheet);
      DANGAN_RETURN_IF_ERROR(ReadSheet(static_cast<int>(i), sheet, sink));
    }
    if (!found) {
      return Refuse(path_, "没有名为「" + options_.sheet + "」的工作表（有：" + names + "）");
    }
    return Status::Ok();
  }

 private:
  // The child died (FreeXL crashed on the file), went silent, or sent nonsense.
  Status Broken() {
    const bool timed_out = child_.timed_out();
    child_.Stop();
    if (timed_out) {
      return Refuse(path_, "读取超过 " + std::to_string(kChildSilenceSeconds) +
                               " 秒没有进展，文件可能已损坏，无法作为 .xls 读取");
    }
    return Refuse(path_, "文件已损坏，无法作为 .xls 读取（读取时出错）");
  }

  Status CheckWorkbook(SpreadsheetInfo* info, unsigned* count) {
    const uint64_t password = child_.U64(), version = child_.U64(), codepage = child_.U64();
    *count = static_cast<unsigned>(child_.U64());
    if (!child_.ok()) return Broken();
    if (password == FREEXL_BIFF_OBFUSCATED) {
      return Refuse(path_, "工作簿设有打开密码，请先在 Excel 或 WPS 中取消密码再导入");
    }
    // FreeXL skips BIFF5's rich-text cells; they are read from the stream directly.
    if (version == FREEXL_BIFF_VER_5)
      ReadBiff5RichStrings(path_, static_cast<unsigned>(codepage), &rich_);
    info->encoding =
        "BIFF" + std::to_string(version) +
        (codepage == FREEXL_BIFF_UTF16LE ? " UTF-16" : " CP" + std::to_string(codepage));
    return Status::Ok();
  }

  // The next cell the child sends for this sheet; `*end` at the sheet's end marker.
  Status NextCell(const std::string& sheet, RawCell* cell, bool* end) {
    cell->r = static_cast<unsigned>(child_.U64());
    cell->c = static_cast<unsigned>(child_.U64());
    cell->type = static_cast<unsigned char>(child_.U64());
    *end = cell->type == 0xFF;
    if (cell->type == 0xFE) {
      return Refuse(path_, Place(sheet, cell->r + 1, static_cast<int>(cell->c) + 1) +
                               "：单元格无法读取，文件已损坏");
    }
    if (cell->type == FREEXL_CELL_INT) {
      cell->int_value = static_cast<int64_t>(child_.U64());
    } else if (cell->type == FREEXL_CELL_DOUBLE) {
      cell->double_value = child_.F64();
    } else if (!*end) {
      // The limit is checked again on the cell; this only bounds what is accepted from the pipe.
      cell->text = child_.Text(options_.limits.max_cell_bytes * 4 + 64);
    }
    if (!child_.ok()) return Broken();
    return Status::Ok();
  }

  Status ReadSheet(int index, const std::string& name, SheetSink* sink) {
    DANGAN_RETURN_IF_ERROR(sink->BeginSheet(index, name));
    sheet_ = index;
    const bool dimensioned = child_.U64() != 0;
    if (!child_.ok()) return Broken();
    if (!dimensioned) return Refuse(path_, Place(name, 0) + "无法读取，文件已损坏");
    const uint64_t rows = child_.U64(), columns = child_.U64();
    if (!child_.ok()) return Broken();
    if (rows > options_.limits.max_rows || columns > options_.limits.max_columns) {
      return Refuse(path_, Place(name, 0) + "有 " + std::to_string(rows) + " 行、" +
                               std::to_string(columns) + " 列，超出上限（最多 " +
                               std::to_string(options_.limits.max_rows) + " 行、" +
                               std::to_string(options_.limits.max_columns) + " 列）");
    }
    RawCell next;
    bool end = false;
    DANGAN_RETURN_IF_ERROR(NextCell(name, &next, &end));
    SheetRow row;
    row.sheet_index = index;
    for (unsigned r = 0; r < rows; ++r) {
      row.number = static_cast<int>(r + 1);
      row.cells.assign(columns, SheetCell());
      for (unsigned c = 0; c < columns; ++c) {
        const bool here = !end && next.r == r && next.c == c;
        DANGAN_RETURN_IF_ERROR(ReadCell(name, r, c, here ? &next : nullptr, &row.cells[c]));
        if (here) DANGAN_RETURN_IF_ERROR(NextCell(name, &next, &end));
      }
      if (TrimRow(&row)) DANGAN_RETURN_IF_ERROR(sink->Row(row));
    }
    if (!end) return Broken();  // a cell outside the sheet's dimensions, or out of order
    return sink->EndSheet(index, {});
  }

  // `raw` is what FreeXL has for the cell, or nullptr when it has nothing (FREEXL_CELL_NULL).
  Status ReadCell(const std::string& sheet, unsigned r, unsigned c, const RawCell* raw,
                  SheetCell* cell) {
    switch (raw ? raw->type : FREEXL_CELL_NULL) {
      case FREEXL_CELL_INT:
        cell->type = SheetCellType::kNumber;
        cell->number = static_cast<double>(raw->int_value);
        cell->text = std::to_string(raw->int_value);
        break;
      case FREEXL_CELL_DOUBLE:
        cell->type = SheetCellType::kNumber;
        cell->number = raw->double_value;
        cell->text = NumberText(raw->double_value);
        break;
      case FREEXL_CELL_TEXT:
      case FREEXL_CELL_SST_TEXT:
        cell->text = raw->text;
        cell->type = cell->text.empty() ? SheetCellType::kEmpty : SheetCellType::kText;
        break;
      case FREEXL_CELL_DATE:
      case FREEXL_CELL_DATETIME:
      case FREEXL_CELL_TIME: {
        const bool has_date = raw->type != FREEXL_CELL_TIME;
        const bool has_time = raw->type != FREEXL_CELL_DATE;
        cell->type = SheetCellType::kDate;
        cell->text = raw->text;
        cell->number = SerialOfText(cell->text.c_str(), has_date, has_time);
        break;
      }
      default:  // FREEXL_CELL_NULL, or a rich-text cell FreeXL skipped
        RichText(r, c, cell);
        break;
    }
    if (cell->text.size() > options_.limits.max_cell_bytes) {
      return Refuse(path_, Place(sheet, r + 1, static_cast<int>(c) + 1) + "：单元格内容超过 " +
                               ByteSize(options_.limits.max_cell_bytes));
    }
    return Status::Ok();
  }

  void RichText(unsigned r, unsigned c, SheetCell* cell) const {
    if (static_cast<size_t>(sheet_) >= rich_.size()) return;
    const auto found = rich_[sheet_].find({r, c});
    if (found == rich_[sheet_].end() || found->second.empty()) return;
    cell->type = SheetCellType::kText;
    cell->text = found->second;
  }

  std::string path_;
  const SpreadsheetOptions& options_;
  ChildReader child_;
  RichCells rich_;
  int sheet_ = 0;  // the worksheet being read
};

}  // namespace

Status ReadXls(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
               SpreadsheetInfo* info) {
  XlsReader reader(path, options);
  return reader.Read(sink, info);
}

}  // namespace dangan::sheet
