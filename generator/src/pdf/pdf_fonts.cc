#include "pdf/pdf_fonts.h"

#include <podofo/podofo.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "pdf/deflate_stream.h"
#include "pdf/font_subset.h"
#include "pdf/reused_deflate.h"

namespace dangan::pdf {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfString;
using PoDoFo::PdfVariant;

constexpr uint16_t kMaxCid = 0xffff;
constexpr int kDefaultWidth = 1000;  // CJK ideographs; only the other widths need listing in /W

PdfVariant Int(long v) { return PdfVariant(static_cast<PoDoFo::pdf_int64>(v)); }

void AppendHex4(std::string* out, unsigned v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(v >> shift) & 0xf]);
}

void AppendUtf16Hex(std::string* out, char32_t cp) {
  if (cp < 0x10000) {
    AppendHex4(out, static_cast<unsigned>(cp));
  } else {
    char32_t v = cp - 0x10000;
    AppendHex4(out, static_cast<unsigned>(0xd800 + (v >> 10)));
    AppendHex4(out, static_cast<unsigned>(0xdc00 + (v & 0x3ff)));
  }
}

// The six-letter tag tells viewers this is a subset; deriving it from the content gives different
// subsets of one font different names, as the PDF specification asks.
std::string SubsetTag(uint8_t font, const std::vector<char32_t>& unicode) {
  uint64_t hash = 1469598103934665603ull ^ font;
  for (char32_t cp : unicode) hash = (hash ^ cp) * 1099511628211ull;
  std::string tag;
  for (int i = 0; i < 6; ++i) {
    tag.push_back(static_cast<char>('A' + hash % 26));
    hash /= 26;
  }
  return tag;
}

std::string ToUnicodeCMap(const std::vector<char32_t>& unicode) {
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  // bfchar sections may hold at most 100 entries each.
  for (size_t first = 1; first < unicode.size(); first += 100) {
    size_t last = std::min(unicode.size(), first + 100);
    cmap += std::to_string(last - first) + " beginbfchar\n";
    for (size_t cid = first; cid < last; ++cid) {
      cmap += '<';
      AppendHex4(&cmap, static_cast<unsigned>(cid));
      cmap += "> <";
      AppendUtf16Hex(&cmap, unicode[cid]);
      cmap += ">\n";
    }
    cmap += "endbfchar\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return cmap;
}

// /W lists only runs of glyphs whose width differs from /DW.
PdfArray Widths(const TrueTypeFont& font, const std::vector<uint16_t>& glyphs) {
  PdfArray w;
  for (size_t cid = 0; cid < glyphs.size();) {
    if (font.Advance1000(glyphs[cid]) == kDefaultWidth) {
      ++cid;
      continue;
    }
    PdfArray run;
    size_t first = cid;
    for (; cid < glyphs.size() && font.Advance1000(glyphs[cid]) != kDefaultWidth; ++cid) {
      run.push_back(Int(font.Advance1000(glyphs[cid])));
    }
    w.push_back(Int(static_cast<long>(first)));
    w.push_back(run);
  }
  return w;
}

// A subset and its ToUnicode map, compressed. A batch of forms of one template often repeats the
// very same subset (blank forms, or the same names and numbers), and compressing the font program
// was the largest cost of a one-page form: each distinct subset is built and compressed once per
// process.
struct PackedSubset {
  std::vector<uint16_t> glyphs;  // the subset's glyphs, components of composites included
  size_t program_size = 0;
  std::string program, to_unicode;  // Flate-compressed
};

class SubsetCache {
 public:
  // What makes a subset: the font (by address, and by file and name, as a font loaded later may
  // reuse a freed address) and the glyphs in CID order with the code point each stands for.
  using Key =
      std::tuple<const TrueTypeFont*, std::string, std::vector<uint16_t>, std::vector<char32_t>>;

  std::shared_ptr<const PackedSubset> Find(const Key& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }

  void Add(Key key, std::shared_ptr<const PackedSubset> subset) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Bounded memory: a long-running server forgets everything once the cache is full, which
    // costs one compression per subset afterwards, never a wrong font.
    size_t size = subset->program.size() + subset->to_unicode.size();
    if (bytes_ + size > kMaxBytes) {
      entries_.clear();
      bytes_ = 0;
    }
    if (entries_.emplace(std::move(key), std::move(subset)).second) bytes_ += size;
  }

 private:
  static constexpr size_t kMaxBytes = 4 << 20;
  std::mutex mutex_;
  std::map<Key, std::shared_ptr<const PackedSubset>> entries_;
  size_t bytes_ = 0;
};

SubsetCache& Cache() {
  static SubsetCache cache;
  return cache;
}

PdfObject* FontDescriptor(PoDoFo::PdfVecObjects* objects, const TrueTypeFont& font,
                          const std::string& name, const PackedSubset& subset) {
  PdfObject* file = objects->CreateObject();
  SetCompressedStream(file, subset.program);
  file->GetDictionary().AddKey("Length1", Int(static_cast<long>(subset.program_size)));

  PdfObject* descriptor = objects->CreateObject("FontDescriptor");
  PdfDictionary& d = descriptor->GetDictionary();
  d.AddKey("FontName", PdfName(name));
  d.AddKey("Flags", Int(4));  // symbolic: the glyphs go beyond the standard Latin character set
  PdfArray bbox;
  for (int v : font.bbox_1000()) bbox.push_back(Int(v));
  d.AddKey("FontBBox", bbox);
  d.AddKey("ItalicAngle", Int(0));
  d.AddKey("Ascent", Int(font.ascent_1000()));
  d.AddKey("Descent", Int(font.descent_1000()));
  d.AddKey("CapHeight", Int(font.cap_height_1000()));
  d.AddKey("StemV", Int(80));  // not in the font file; a regular weight's usual value
  d.AddKey("FontFile2", file->Reference());
  return descriptor;
}

}  // namespace

uint16_t DocumentFonts::NewCid(const Glyph& glyph) {
  FontUse& use = used_[glyph.font];
  if (use.glyphs.size() > kMaxCid) return 0;  // reported by Embed()
  if (use.type0 == nullptr) use.type0 = objects_->CreateObject("Font");
  uint16_t cid = static_cast<uint16_t>(use.glyphs.size());
  use.glyphs.push_back(glyph.gid);
  use.unicode.push_back(glyph.cp);
  use.cid.emplace(glyph.cp, cid);
  return cid;
}

Status DocumentFonts::Embed() {
  for (size_t i = 0; i < used_.size(); ++i) {
    if (used_[i].type0 != nullptr)
      DANGAN_RETURN_IF_ERROR(EmbedFont(static_cast<uint8_t>(i), &used_[i]));
  }
  return Status::Ok();
}

Status DocumentFonts::EmbedFont(uint8_t index, FontUse* use) {
  const TrueTypeFont& font = chain_->font(index);
  if (use->glyphs.size() > kMaxCid) {
    return Status::InvalidArgument("一份文档用到字体「" + font.path() +
                                   "」中超过 65535 个不同字符，请拆分文档");
  }
  SubsetCache::Key key{&font, font.path() + "\n" + font.postscript_name(), use->glyphs,
                       use->unicode};
  std::shared_ptr<const PackedSubset> packed = Cache().Find(key);
  if (packed == nullptr) {
    FontSubset subset;
    DANGAN_RETURN_IF_ERROR(BuildSubset(font, use->glyphs, &subset, use->unicode, use->primed));
    auto made = std::make_shared<PackedSubset>();
    made->glyphs = std::move(subset.glyphs);
    made->program_size = subset.program.size();
    if (!CompressReusingMiddle(subset.program, subset.stable_begin, subset.stable_end,
                               &made->program) ||
        !Compress(ToUnicodeCMap(use->unicode), Deflate::kFast, &made->to_unicode)) {
      return Status::Internal("压缩字体「" + font.path() + "」的子集失败（内存不足）");
    }
    packed = made;
    Cache().Add(std::move(key), packed);
  }
  std::string name = SubsetTag(index, use->unicode) + "+" + font.postscript_name();
  PdfObject* descriptor = FontDescriptor(objects_, font, name, *packed);

  PdfObject* cid_font = objects_->CreateObject("Font");
  PdfDictionary& c = cid_font->GetDictionary();
  c.AddKey("Subtype", PdfName("CIDFontType2"));
  c.AddKey("BaseFont", PdfName(name));
  PdfDictionary system_info;
  system_info.AddKey("Registry", PdfString("Adobe"));
  system_info.AddKey("Ordering", PdfString("Identity"));
  system_info.AddKey("Supplement", Int(0));
  c.AddKey("CIDSystemInfo", system_info);
  c.AddKey("FontDescriptor", descriptor->Reference());
  c.AddKey("DW", Int(kDefaultWidth));
  c.AddKey("W", Widths(font, packed->glyphs));
  c.AddKey("CIDToGIDMap", PdfName("Identity"));

  PdfObject* to_unicode = objects_->CreateObject();
  SetCompressedStream(to_unicode, packed->to_unicode);

  PdfDictionary& t = use->type0->GetDictionary();
  t.AddKey("Subtype", PdfName("Type0"));
  t.AddKey("BaseFont", PdfName(name));
  t.AddKey("Encoding", PdfName("Identity-H"));
  PdfArray descendants;
  descendants.push_back(cid_font->Reference());
  t.AddKey("DescendantFonts", descendants);
  t.AddKey("ToUnicode", to_unicode->Reference());
  return Status::Ok();
}

}  // namespace dangan::pdf
