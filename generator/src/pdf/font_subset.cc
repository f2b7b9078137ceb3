#include "pdf/font_subset.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "pdf/big_endian.h"

namespace dangan::pdf {
namespace {

// Composite glyph flags (TrueType glyf table).
constexpr uint16_t kArgsAreWords = 0x0001;
constexpr uint16_t kHaveScale = 0x0008;
constexpr uint16_t kMoreComponents = 0x0020;
constexpr uint16_t kHaveXYScale = 0x0040;
constexpr uint16_t kHaveTwoByTwo = 0x0080;

const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// Calls visit(offset) with the offset of every component's glyph index inside a composite glyph.
// Simple and empty glyphs have none. False when the component records run past the glyph.
template <typename Visit>
bool ForEachComponent(std::string_view glyph, Visit visit) {
  if (glyph.size() < 10 || BeS16(Bytes(glyph)) >= 0) return true;
  size_t at = 10;
  uint16_t flags = 0;
  do {
    if (at + 4 > glyph.size()) return false;
    flags = Be16(Bytes(glyph) + at);
    visit(at + 2);
    at += 4 + ((flags & kArgsAreWords) ? 4 : 2);
    if (flags & kHaveScale) {
      at += 2;
    } else if (flags & kHaveXYScale) {
      at += 4;
    } else if (flags & kHaveTwoByTwo) {
      at += 8;
    }
  } while (flags & kMoreComponents);
  return at <= glyph.size();
}

struct OutTable {
  uint32_t tag;
  std::string data;
};

uint32_t Checksum(std::string_view data) {
  uint32_t sum = 0;
  size_t full = data.size() / 4 * 4;
  for (size_t i = 0; i < full; i += 4) sum += Be32(Bytes(data) + i);
  uint32_t tail = 0;
  for (size_t i = full; i < data.size(); ++i)
    tail |= static_cast<uint32_t>(Bytes(data)[i]) << (24 - 8 * (i - full));
  sum += tail;
  return sum;
}

void PadTo4(std::string* s) { s->resize((s->size() + 3) / 4 * 4, '\0'); }

// The directory lists the tables by tag; their data follows with glyf first, so that the glyphs
// of a subset start at a fixed place right after the directory (see FontSubset::stable_begin).
std::string Assemble(std::vector<OutTable> tables, size_t* glyf_at) {
  std::sort(tables.begin(), tables.end(),
            [](const OutTable& a, const OutTable& b) { return a.tag < b.tag; });
  uint16_t count = static_cast<uint16_t>(tables.size());
  uint16_t power = 1, selector = 0;
  while (power * 2 <= count) {
    power *= 2;
    ++selector;
  }
  std::vector<size_t> order;  // indexes of `tables` in the order their data is written
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i].tag == SfntTag("glyf"))
      order.insert(order.begin(), i);
    else
      order.push_back(i);
  }
  std::vector<size_t> offsets(tables.size());
  size_t offset = 12 + 16 * static_cast<size_t>(count);
  for (size_t i : order) {
    offsets[i] = offset;
    offset += (tables[i].data.size() + 3) / 4 * 4;
  }
  std::string out;
  out.reserve(offset);  // one allocation: the glyphs are most of a subset and were copied once
  PutBe32(&out, 0x00010000);
  PutBe16(&out, count);
  PutBe16(&out, static_cast<uint16_t>(power * 16));
  PutBe16(&out, selector);
  PutBe16(&out, static_cast<uint16_t>(count * 16 - power * 16));
  size_t head_at = 0;
  *glyf_at = out.size() + 16 * static_cast<size_t>(count);
  for (size_t i = 0; i < tables.size(); ++i) {
    const OutTable& t = tables[i];
    PutBe32(&out, t.tag);
    PutBe32(&out, Checksum(t.data));
    PutBe32(&out, static_cast<uint32_t>(offsets[i]));
    PutBe32(&out, static_cast<uint32_t>(t.data.size()));
    if (t.tag == SfntTag("head")) head_at = offsets[i];
    if (t.tag == SfntTag("glyf")) *glyf_at = offsets[i];
  }
  for (size_t i : order) {
    out += tables[i].data;
    PadTo4(&out);
  }
  SetBe32(&out, head_at + 8, 0xB1B0AFBAu - Checksum(out));
  return out;
}

// Appends the components of composite glyphs (recursively) to `glyphs` and numbers them.
Status CloseOverComponents(const TrueTypeFont& font, std::vector<uint16_t>* glyphs,
                           std::unordered_map<uint16_t, uint16_t>* new_id) {
  for (size_t i = 0; i < glyphs->size(); ++i) {
    std::string_view data = font.GlyphData((*glyphs)[i]);
    bool in_range = true;
    bool ok = ForEachComponent(data, [&](size_t at) {
      uint16_t component = Be16(Bytes(data) + at);
      if (component >= font.num_glyphs()) in_range = false;
      if (new_id->emplace(component, static_cast<uint16_t>(glyphs->size())).second)
        glyphs->push_back(component);
    });
    if (!ok || !in_range) {
      return Status::Corruption("字体文件「" + font.path() + "」的复合字形 " +
                                std::to_string((*glyphs)[i]) + " 已损坏");
    }
    if (glyphs->size() > 0xffff) return Status::InvalidArgument("一份文档用到的字形超过 65535 个");
  }
  return Status::Ok();
}

void BuildGlyphTables(const TrueTypeFont& font, const std::vector<uint16_t>& glyphs,
                      const std::unordered_map<uint16_t, uint16_t>& new_id, size_t stable,
                      std::string* glyf, std::string* loca, std::string* hmtx,
                      size_t* stable_size) {
  size_t glyf_size = 0;
  for (uint16_t old : glyphs) glyf_size += (font.GlyphData(old).size() + 3) / 4 * 4;
  glyf->reserve(glyf_size);
  loca->reserve(4 * (glyphs.size() + 1));
  hmtx->reserve(4 * glyphs.size());
  *stable_size = 0;
  for (size_t i = 0; i < glyphs.size(); ++i) {
    uint16_t old = glyphs[i];
    if (i == stable) *stable_size = glyf->size();
    PutBe32(loca, static_cast<uint32_t>(glyf->size()));
    std::string_view data = font.GlyphData(old);
    size_t start = glyf->size();
    glyf->append(data);
    ForEachComponent(
        data, [&](size_t at) { SetBe16(glyf, start + at, new_id.at(Be16(Bytes(data) + at))); });
    PadTo4(glyf);
    TrueTypeFont::HMetric m = font.HorizontalMetric(old);
    PutBe16(hmtx, m.advance);
    PutBe16(hmtx, static_cast<uint16_t>(m.lsb));
  }
  PutBe32(loca, static_cast<uint32_t>(glyf->size()));
  if (stable >= glyphs.size()) *stable_size = glyf->size();
}

std::string PostFormat3(const TrueTypeFont& font) {
  // Format 3 carries no glyph names: viewers use the ToUnicode map, not names, for CID fonts.
  std::string post(32, '\0');
  std::string_view original = font.Table(SfntTag("post"));
  if (original.size() >= 16) post.replace(4, 12, original.substr(4, 12));
  SetBe32(&post, 0, 0x00030000);
  return post;
}

// A format 12 subtable reaches beyond the BMP, which rare name characters need.
std::string Cmap(const std::vector<char32_t>& unicode) {
  std::vector<std::pair<char32_t, uint16_t>> map;
  for (size_t gid = 1; gid < unicode.size() && gid <= 0xffff; ++gid) {
    if (unicode[gid] != 0) map.emplace_back(unicode[gid], static_cast<uint16_t>(gid));
  }
  std::sort(map.begin(), map.end());
  std::string groups;
  uint32_t count = 0;
  for (size_t i = 0; i < map.size();) {
    size_t j = i + 1;
    while (j < map.size() && map[j].first == map[j - 1].first + 1 &&
           map[j].second == map[j - 1].second + 1)
      ++j;
    PutBe32(&groups, map[i].first);
    PutBe32(&groups, map[j - 1].first);
    PutBe32(&groups, map[i].second);
    ++count;
    // A code point listed twice keeps its first glyph.
    while (j < map.size() && map[j].first == map[j - 1].first) ++j;
    i = j;
  }
  std::string cmap;
  PutBe16(&cmap, 0);   // version
  PutBe16(&cmap, 1);   // one subtable
  PutBe16(&cmap, 3);   // Windows
  PutBe16(&cmap, 10);  // Unicode full repertoire
  PutBe32(&cmap, 12);
  PutBe16(&cmap, 12);  // format
  PutBe16(&cmap, 0);
  PutBe32(&cmap, 16 + 12 * count);
  PutBe32(&cmap, 0);  // language
  PutBe32(&cmap, count);
  return cmap + groups;
}

}  // namespace

Status BuildSubset(const TrueTypeFont& font, const std::vector<uint16_t>& glyphs, FontSubset* out,
                   const std::vector<char32_t>& unicode, size_t stable_glyphs) {
  out->glyphs = glyphs;
  if (out->glyphs.empty() || out->glyphs[0] != 0) out->glyphs.insert(out->glyphs.begin(), 0);
  std::unordered_map<uint16_t, uint16_t> new_id;
  new_id.reserve(out->glyphs.size() * 2);
  for (size_t i = 0; i < out->glyphs.size(); ++i)
    new_id.emplace(out->glyphs[i], static_cast<uint16_t>(i));
  DANGAN_RETURN_IF_ERROR(CloseOverComponents(font, &out->glyphs, &new_id));
  uint16_t count = static_cast<uint16_t>(out->glyphs.size());

  std::vector<OutTable> tables;
  std::string glyf, loca, hmtx;
  size_t stable_size = 0;
  BuildGlyphTables(font, out->glyphs, new_id, stable_glyphs, &glyf, &loca, &hmtx, &stable_size);
  tables.push_back({SfntTag("glyf"), std::move(glyf)});
  tables.push_back({SfntTag("loca"), std::move(loca)});
  tables.push_back({SfntTag("hmtx"), std::move(hmtx)});

  std::string head(font.Table(SfntTag("head")).substr(0, 54));
  SetBe32(&head, 8, 0);   // checkSumAdjustment, filled in once the whole file is known
  SetBe16(&head, 50, 1);  // long loca offsets: a subset never needs the short form's space saving
  tables.push_back({SfntTag("head"), std::move(head)});
  std::string hhea(font.Table(SfntTag("hhea")).substr(0, 36));
  SetBe16(&hhea, 34, count);
  tables.push_back({SfntTag("hhea"), std::move(hhea)});
  std::string maxp(font.Table(SfntTag("maxp")));
  SetBe16(&maxp, 4, count);
  tables.push_back({SfntTag("maxp"), std::move(maxp)});
  tables.push_back({SfntTag("post"), PostFormat3(font)});
  if (!unicode.empty()) tables.push_back({SfntTag("cmap"), Cmap(unicode)});
  // Hinting programs are referenced by the glyph instructions we copied, so they travel along.
  for (uint32_t tag : {SfntTag("OS/2"), SfntTag("cvt "), SfntTag("fpgm"), SfntTag("prep")}) {
    std::string_view t = font.Table(tag);
    if (!t.empty()) tables.push_back({tag, std::string(t)});
  }
  out->program = Assemble(std::move(tables), &out->stable_begin);
  out->stable_end = out->stable_begin + stable_size;
  return Status::Ok();
}

}  // namespace dangan::pdf
