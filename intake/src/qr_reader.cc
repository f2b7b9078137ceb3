// QR codes on page images, read with ZBar: the generator prints "dangan|模板|单号" on every page
// so that a signed scan finds its way back to the item of the form it copies.
// libzbar is loaded (dlopen) the first time a page is looked at, not linked: it brings D-Bus,
// X11 and video4linux libraries that no other command needs at start-up. Its C API is used,
// looked up by name.
#include <dlfcn.h>
#include <zbar.h>

#include <algorithm>

#include "intake_internal.h"

#ifndef DANGAN_ZBAR_SONAME
#error "DANGAN_ZBAR_SONAME (libzbar's soname) must be defined by the build"
#endif

namespace dangan::intake {

namespace {

// The functions of libzbar's C API that dangan uses, resolved once.
struct ZBar {
// clang-format off
#define DANGAN_ZBAR_FUNCTIONS(X)                                                              \
  X(zbar_image_scanner_create) X(zbar_image_scanner_destroy) X(zbar_image_scanner_set_config) \
  X(zbar_image_create) X(zbar_image_destroy) X(zbar_image_set_format) X(zbar_image_set_size)  \
  X(zbar_image_set_data) X(zbar_scan_image) X(zbar_image_first_symbol) X(zbar_symbol_next)    \
  X(zbar_symbol_get_data) X(zbar_symbol_get_data_length) X(zbar_symbol_get_loc_size)          \
  X(zbar_symbol_get_loc_x) X(zbar_symbol_get_loc_y)
// clang-format on
#define DANGAN_ZBAR_MEMBER(name) decltype(&zbar::name) name = nullptr;
  DANGAN_ZBAR_FUNCTIONS(DANGAN_ZBAR_MEMBER)
#undef DANGAN_ZBAR_MEMBER
  std::string error;  // why it could not be loaded, or ""
};

const ZBar& Zbar() {
  static const ZBar* const zbar = [] {
    auto* z = new ZBar;
    void* handle = dlopen(DANGAN_ZBAR_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      z->error = why != nullptr ? why : DANGAN_ZBAR_SONAME;
      return z;
    }
#define DANGAN_ZBAR_RESOLVE(name)                                          \
  z->name = reinterpret_cast<decltype(&zbar::name)>(dlsym(handle, #name)); \
  if (z->name == nullptr && z->error.empty()) z->error = DANGAN_ZBAR_SONAME ": " #name;
    DANGAN_ZBAR_FUNCTIONS(DANGAN_ZBAR_RESOLVE)
#undef DANGAN_ZBAR_RESOLVE
    return z;
  }();
  return *zbar;
}

// The corners ZBar reports, widened by the quiet zone (4 modules; a version 3 code is 29 modules
// wide, so a sixth of its size covers it with room to spare).
PixelBox Area(const zbar::zbar_symbol_t* symbol) {
  const ZBar& z = Zbar();
  const int x0 = z.zbar_symbol_get_loc_x(symbol, 0), y0 = z.zbar_symbol_get_loc_y(symbol, 0);
  PixelBox box{x0, y0, x0, y0};
  const unsigned n = z.zbar_symbol_get_loc_size(symbol);
  for (unsigned i = 1; i < n; ++i) {
    box.left = std::min(box.left, z.zbar_symbol_get_loc_x(symbol, i));
    box.right = std::max(box.right, z.zbar_symbol_get_loc_x(symbol, i));
    box.top = std::min(box.top, z.zbar_symbol_get_loc_y(symbol, i));
    box.bottom = std::max(box.bottom, z.zbar_symbol_get_loc_y(symbol, i));
  }
  const int margin = std::max(box.right - box.left, box.bottom - box.top) / 6 + 2;
  return PixelBox{box.left - margin, box.top - margin, box.right + margin, box.bottom + margin};
}

}  // namespace

Status LoadQrReader() {
  if (Zbar().error.empty()) return Status::Ok();
  return Status::Unsupported("无法识别二维码：无法载入 ZBar 程序库（" + Zbar().error +
                             "；Debian 软件包 libzbar0）");
}

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
  std::vector<std::string> codes;
  const ZBar& z = Zbar();
  if (!z.error.empty()) return codes;  // LoadQrReader() said why, before any page
  std::unique_ptr<zbar::zbar_image_scanner_t, decltype(z.zbar_image_scanner_destroy)> scanner(
      z.zbar_image_scanner_create(), z.zbar_image_scanner_destroy);
  z.zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  z.zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  std::unique_ptr<zbar::zbar_image_t, decltype(z.zbar_image_destroy)> image(z.zbar_image_create(),
                                                                            z.zbar_image_destroy);
  z.zbar_image_set_format(image.get(), zbar_fourcc('Y', '8', '0', '0'));
  z.zbar_image_set_size(image.get(), static_cast<unsigned>(w), static_cast<unsigned>(h));
  z.zbar_image_set_data(image.get(), y800.data(), y800.size(), nullptr);
  z.zbar_scan_image(scanner.get(), image.get());
  for (const zbar::zbar_symbol_t* s = z.zbar_image_first_symbol(image.get()); s != nullptr;
       s = z.zbar_symbol_next(s)) {
    const std::string payload(z.zbar_symbol_get_data(s), z.zbar_symbol_get_data_length(s));
    if (where != nullptr && z.zbar_symbol_get_loc_size(s) > 0) where->push_back(Area(s));
    if (std::find(codes.begin(), codes.end(), payload) == codes.end()) codes.push_back(payload);
  }
  return codes;
}

}  // namespace dangan::intake
