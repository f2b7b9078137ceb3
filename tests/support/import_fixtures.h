// Helpers for the import tests: reading an ImportReport, copying a legacy sample next to the
// scratch archive (so that the rejected-rows report lands there).
#pragma once

#include <string>

#include "dangan/importers/import.h"

namespace dangan::import_test {

// Whether the report holds a problem of spreadsheet row `row`, in a column whose name starts with
// `column` ("E（题名）"), whose reason contains `text`.
// A problem with this code at the row and column ("C" matches "C（保管期限）").
bool HasProblemCode(const ImportReport& r, int row, const std::string& column,
                    const std::string& code);
// A problem whose message says `text` (what the clerk must read there, such as a hint).
bool HasProblem(const ImportReport& r, int row, const std::string& column, const std::string& text);

// Every problem on a line (sheet, row, column, reason), for INFO.
std::string Problems(const ImportReport& r);

// Copies the source-tree file `relative` into `dir`; returns the copy's path.
std::string CopySample(const std::string& dir, const std::string& relative);

}  // namespace dangan::import_test
