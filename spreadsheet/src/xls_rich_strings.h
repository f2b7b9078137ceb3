// The rich-text cells of a BIFF5 workbook (RSTRING records), which FreeXL 1.0.6 skips: Excel 95
// and WPS write one for every cell whose text mixes fonts — in Chinese files, any title with
// Latin digits in it ("关于印发《2019年度工作要点》的通知") — so without them those cells
// would come out empty.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dangan::sheet {

// (0-based row, column) -> text as UTF-8, for each worksheet in workbook order.
using RichCells = std::vector<std::map<std::pair<unsigned, unsigned>, std::string>>;

// Reads the RSTRING records of the BIFF5 workbook at `path`, decoding with Windows code page
// `codepage`. Returns false when the compound file cannot be walked (the caller keeps what FreeXL
// read); true, possibly with no cells, otherwise.
bool ReadBiff5RichStrings(const std::string& path, unsigned codepage, RichCells* out);

}  // namespace dangan::sheet
