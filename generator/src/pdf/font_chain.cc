#include "pdf/font_chain.h"

namespace dangan::pdf {
namespace {

constexpr size_t kMaxFonts = 32;  // a glyph's font index is stored in one byte

const char kZenHei[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
const char kDroidFallback[] = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
const char kHanaMinB[] = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf";
// Last: the CJK fonts lack common symbols of office forms (• › ☐ ☑ ✓ €).
const char kDejaVuSans[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

Status LoadDefaults(std::vector<std::unique_ptr<TrueTypeFont>>* fonts) {
  std::unique_ptr<TrueTypeFont> font;
  Status primary = TrueTypeFont::Open(kZenHei, 0, &font);
  if (primary.code() == Status::Code::kNotFound) {
    return Status::NotFound("缺少默认中文字体「" + std::string(kZenHei) +
                            "」，请安装 fonts-wqy-zenhei，或在配置中指定 TrueType 字体");
  }
  DANGAN_RETURN_IF_ERROR(primary);
  fonts->push_back(std::move(font));
  // The fallbacks are optional: a machine without them still prints everything GBK covers, and a
  // character they would have drawn is reported rather than dropped.
  for (const char* path : {kDroidFallback, kHanaMinB, kDejaVuSans}) {
    if (TrueTypeFont::Open(path, 0, &font).ok()) fonts->push_back(std::move(font));
  }
  return Status::Ok();
}

}  // namespace

Status FontChain::Load(const std::vector<FontFile>& files, FontChain* out) {
  out->fonts_.clear();
  if (files.empty()) return LoadDefaults(&out->fonts_);
  if (files.size() > kMaxFonts) {
    return Status::InvalidArgument("字体最多配置 " + std::to_string(kMaxFonts) + " 个");
  }
  for (const FontFile& file : files) {
    std::unique_ptr<TrueTypeFont> font;
    DANGAN_RETURN_IF_ERROR(TrueTypeFont::Open(file.path, file.face_index, &font));
    out->fonts_.push_back(std::move(font));
  }
  return Status::Ok();
}

int FontChain::AppendOptional(const char* path, int face_index) {
  std::unique_ptr<TrueTypeFont> font;
  if (fonts_.size() >= kMaxFonts || !TrueTypeFont::Open(path, face_index, &font).ok()) return -1;
  fonts_.push_back(std::move(font));
  return static_cast<int>(fonts_.size() - 1);
}

}  // namespace dangan::pdf
