// What a ZIP container holds, for the four-property checks: OFD (GB/T 33190) and XLSX are both
// ZIP packages, told apart by their parts; a DOCX or any other ZIP is named for the message.
#pragma once

#include <string>

namespace dangan::jobs {

enum class ZipKind { kNotZip, kOfd, kXlsx, kDocx, kOtherZip };

struct ZipContents {
  ZipKind kind = ZipKind::kNotZip;
  std::string problem;     // the container does not open (damaged, cut short); "" = it opens
  bool encrypted = false;  // an entry has the encryption flag (general purpose bit 0) set
};

// Reads the central directory with libzip (checking its consistency); reads no entry's data.
ZipContents InspectZip(const std::string& path);

}  // namespace dangan::jobs
