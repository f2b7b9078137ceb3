// Builds small .xlsx packages (and hostile ones) in tests with libzip, part by part.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dangan::test {

struct ZipPart {
  std::string name;
  std::string content;
};

// Writes `parts` deflated at level 9 to `path`; returns path (REQUIREs success).
std::string WriteZip(const std::string& path, const std::vector<ZipPart>& parts);

// The parts of a minimal workbook around the given worksheet XML (sheet "Sheet1"), with
// `styles` as xl/styles.xml (empty: none) and `shared` as xl/sharedStrings.xml (empty: none).
std::vector<ZipPart> MinimalWorkbook(const std::string& sheet_xml, const std::string& styles = "",
                                     const std::string& shared = "",
                                     const std::string& workbook_pr = "");

// <worksheet …><sheetData>rows</sheetData>extra</worksheet>
std::string WorksheetXml(const std::string& rows, const std::string& extra = "");

}  // namespace dangan::test
