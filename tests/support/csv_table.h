// CSV as LibreOffice exports it (RFC 4180), for tests that compare with what LibreOffice shows.
// Independent of dangan's own CSV reader on purpose: the tests measure dangan against it.
#pragma once

#include <string>
#include <vector>

namespace dangan::test {

using CsvTable = std::vector<std::vector<std::string>>;

// Quoted fields may hold commas, quotes and line breaks; rows end with \n or \r\n.
CsvTable ParseCsv(const std::string& text);

}  // namespace dangan::test
