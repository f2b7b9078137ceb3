// The OLE2 compound file (Microsoft's "structured storage") around a legacy workbook, opened with
// libgsf: the BIFF stream of an .xls or .et ("Workbook" in BIFF8, "Book" in BIFF5), or the
// reason the file holds none (an encrypted .xlsx, a Word or PowerPoint file). No glib type
// leaves xls_cfb.cc.
#pragma once

#include <cstdint>
#include <string>

#include "dangan/base/status.h"

namespace dangan::sheet {

// Reads the workbook stream of the compound file at `path` into `stream`, refusing (naming the
// file) a damaged container, a stream over `max_bytes`, and a file that holds no workbook.
Status ReadWorkbookStream(const std::string& path, uint64_t max_bytes, std::string* stream);

}  // namespace dangan::sheet
