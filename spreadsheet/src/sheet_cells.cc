// Cell texts every reader produces the same way: numbers in shortest round-trip form and Excel
// serial dates in ISO form, with the 1900 system's leap-year quirk.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "dangan/records/text.h"
#include "sheet_readers.h"

namespace dangan::sheet {
namespace {

// Excel's last date, 9999-12-31.
constexpr double kMaxSerial = 2958465;

void AppendDate(int64_t day, std::string* out) {
  char buf[32];
  if (day == 60) {
    *out += "1900-02-29";  // Lotus 1-2-3's day that never was; Excel shows it too
    return;
  }
  // Before March 1900 the 1900 system counts from 1899-12-31 (serial 1 = 1900-01-01).
  int64_t y;
  unsigned m, d;
  CivilFromDays(day < 60 ? day + 1 : day, &y, &m, &d);
  if (day == 0) {
    *out += "1900-01-00";  // what Excel shows for serial 0
    return;
  }
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  *out += buf;
}

void AppendTime(int64_t seconds, bool with_seconds, std::string* out) {
  char buf[16];
  const int h = static_cast<int>(seconds / 3600), m = static_cast<int>(seconds / 60 % 60);
  if (with_seconds) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, m, static_cast<int>(seconds % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%02d:%02d", h, m);
  }
  *out += buf;
}

}  // namespace

std::string NumberText(double number) {
  if (std::isfinite(number) && number == std::trunc(number) && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<long long>(number));
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, number);
  return std::string(buf, result.ptr);
}

void SetDateCell(double serial, DateShows shows, SheetCell* cell) {
  cell->number = serial;
  cell->text.clear();
  if (!(serial >= 0 && serial < kMaxSerial + 1)) {  // Excel shows #### for these
    cell->type = SheetCellType::kNumber;
    cell->text = NumberText(serial);
    return;
  }
  cell->type = SheetCellType::kDate;
  int64_t day = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - static_cast<double>(day)) * 86400);
  if (seconds >= 86400) {
    ++day;
    seconds -= 86400;
  }
  const bool time_only = shows == DateShows::kTime || shows == DateShows::kTimeSeconds;
  if (!time_only) AppendDate(day, &cell->text);
  if (shows == DateShows::kDate) return;
  if (!time_only) cell->text += ' ';
  AppendTime(seconds, shows == DateShows::kDateTimeSeconds || shows == DateShows::kTimeSeconds,
             &cell->text);
}

bool TrimRow(SheetRow* row) {
  while (!row->cells.empty() && row->cells.back().type == SheetCellType::kEmpty) {
    row->cells.pop_back();
  }
  return !row->cells.empty();
}

}  // namespace dangan::sheet
