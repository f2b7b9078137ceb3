// QR codes on page images, read with ZBar: the generator prints "dangan|模板|单号" on every page
// so that a signed scan finds its way back to the item of the form it copies.
#include <zbar.h>

#include <algorithm>

#include "intake_internal.h"

namespace dangan::intake {

namespace {

// The corners ZBar reports, widened by the quiet zone (4 modules; a version 3 code is 29 modules
// wide, so a sixth of its size covers it with room to spare).
PixelBox Area(const zbar::Symbol& symbol) {
  PixelBox box{symbol.get_location_x(0), symbol.get_location_y(0), symbol.get_location_x(0),
               symbol.get_location_y(0)};
  for (int i = 1; i < symbol.get_location_size(); ++i) {
    box.left = std::min(box.left, symbol.get_location_x(i));
    box.right = std::max(box.right, symbol.get_location_x(i));
    box.top = std::min(box.top, symbol.get_location_y(i));
    box.bottom = std::max(box.bottom, symbol.get_location_y(i));
  }
  const int margin = std::max(box.right - box.left, box.bottom - box.top) / 6 + 2;
  return PixelBox{box.left - margin, box.top - margin, box.right + margin, box.bottom + margin};
}

}  // namespace

std::vector<std::string> ReadQrCodes(Pix* gray, std::vector<PixelBox>* where) {
  const int w = pixGetWidth(gray), h = pixGetHeight(gray);
  // ZBar wants packed 8-bit rows; leptonica packs pixels into 32-bit words.
  std::vector<unsigned char> y800(static_cast<size_t>(w) * h);
  const l_int32 wpl = pixGetWpl(gray);
  const l_uint32* data = pixGetData(gray);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    unsigned char* row = y800.data() + static_cast<size_t>(y) * w;
    for (int x = 0; x < w; ++x) row[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
  }
  zbar::ImageScanner scanner;
  scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::Image image(w, h, "Y800", y800.data(), y800.size());
  scanner.scan(image);
  std::vector<std::string> codes;
  for (auto s = image.symbol_begin(); s != image.symbol_end(); ++s) {
    const std::string payload = s->get_data();
    if (where != nullptr && s->get_location_size() > 0) where->push_back(Area(*s));
    if (std::find(codes.begin(), codes.end(), payload) == codes.end()) codes.push_back(payload);
  }
  return codes;
}

}  // namespace dangan::intake
