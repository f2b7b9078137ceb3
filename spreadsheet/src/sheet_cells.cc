// Cell texts every reader produces the same way: numbers in shortest round-trip form and Excel
// serial dates in ISO form, with the 1900 system's leap-year quirk.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "sheet_readers.h"

namespace dangan::sheet {
namespace {

// Excel's last date, 9999-12-31.
constexpr double kMaxSerial = 2958465;

struct Civil {
  int64_t y;
  unsigned m, d;
};

// The inverse of DaysFromCivil (H. Hinnant's algorithms, proleptic Gregorian calendar).
Civil CivilFromDays(int64_t days_from_1899_12_30) {
  const int64_t z = days_from_1899_12_30 - 25569 + 719468;  // 1970-01-01 is serial 25569
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

void AppendDate(int64_t day, std::string* out) {
  char buf[32];
  if (day == 60) {
    *out += "1900-02-29";  // Lotus 1-2-3's day that never was; Excel shows it too
    return;
  }
  // Before March 1900 the 1900 system counts from 1899-12-31 (serial 1 = 1900-01-01).
  const Civil c = day < 60 ? CivilFromDays(day + 1) : CivilFromDays(day);
  if (day == 0) {
    *out += "1900-01-00";  // what Excel shows for serial 0
    return;
  }
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
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

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468 + 25569;
}

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
