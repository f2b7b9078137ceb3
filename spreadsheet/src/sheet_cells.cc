// Cell texts every reader produces the same way: numbers in shortest round-trip form and Excel
// serial dates in ISO form, with the 1900 system's leap-year quirk.
#include <cmath>
#include <cstdio>

#include "dangan/records/text.h"
#include "sheet_readers.h"

namespace dangan::sheet {
namespace {

// Excel's last date, 9999-12-31.
constexpr double kMaxSerial = 2958465;

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
  if (!time_only) AppendExcelDate(day, &cell->text);
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
