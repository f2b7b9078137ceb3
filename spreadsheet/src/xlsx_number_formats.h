// Which number formats of an .xlsx make a number a date or a time: Excel stores dates as serial
// numbers and only the cell's format tells them apart.
#pragma once

#include <optional>
#include <string>

#include "sheet_readers.h"

namespace dangan::sheet {

// How a cell of number format `id` (with custom `code`, empty for built-in ids) shows its value
// when that is a date or time; nullopt for every other format.
std::optional<DateShows> DateFormatOf(int id, const std::string& code);

}  // namespace dangan::sheet
