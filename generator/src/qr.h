// QR code of a document's identity, shared by the PDF and XLSX back ends.
#pragma once

#include <string>
#include <vector>

namespace dangan {

struct QrMatrix {
  int size = 0;            // modules per side, without quiet zone
  std::vector<bool> dark;  // row-major, size*size
  bool at(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Encodes `payload` (UTF-8, 8-bit mode, error correction level M). Empty matrix on failure.
QrMatrix MakeQr(const std::string& payload);

}  // namespace dangan
