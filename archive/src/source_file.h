// Checks a file handed in for filing before anything is stored: it exists, is a regular,
// non-empty, readable file, and its content is what its name or declared media type says.
#pragma once

#include <cstdint>
#include <string>

#include "dangan/archive/archive.h"

namespace dangan::archive {

struct SourceInfo {
  std::string name;        // shown name
  std::string media_type;  // declared, or recognised from the content
  uint64_t size = 0;
};

Status InspectSource(const NewFile& file, SourceInfo* out);

// The media type the first bytes show (PDF, PNG, JPEG, TIFF, ZIP-based office files), else one
// guessed from the extension of `name`, else application/octet-stream.
std::string SniffMediaType(const std::string& head, const std::string& name);

std::string BaseName(const std::string& path);

}  // namespace dangan::archive
