// Minimal PNG encoder for the QR code image (libxlsxwriter only takes PNG/JPEG/GIF/BMP).
#pragma once

#include <string>
#include <vector>

namespace dangan::xlsx {

// Encodes a 1-bit grayscale PNG. `dark` is row-major, width*height; true = black pixel.
// Returns the file bytes, or an empty string if zlib fails.
std::string EncodeMonochromePng(int width, int height, const std::vector<bool>& dark);

}  // namespace dangan::xlsx
