// TrueType reading and subsetting: the embedded fonts hold exactly the glyphs a document draws,
// as valid TrueType programs, read straight out of the installed font collections.
#include "generator/src/pdf/font_subset.h"  // private part, tested on purpose

#include <podofo/podofo.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "dangan/generator/pdf_writer.h"
#include "generator/src/pdf/big_endian.h"  // private part, tested on purpose
#include "generator/src/pdf/truetype_font.h"  // private part, tested on purpose

namespace {

using dangan::Status;
using dangan::pdf::Be16;
using dangan::pdf::Be32;
using dangan::pdf::FontSubset;
using dangan::pdf::SfntTag;
using dangan::pdf::TrueTypeFont;

const char kZenHei[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
const char kDroid[] = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

std::unique_ptr<TrueTypeFont> OpenFont(const char* path, int face = 0) {
  std::unique_ptr<TrueTypeFont> font;
  Status st = TrueTypeFont::Open(path, face, &font);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return font;
}

std::u32string Utf32(const std::string& utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x3f >> (len - 1));
    for (int k = 1; k < len; ++k) cp = cp << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
    out.push_back(cp);
    i += len;
  }
  return out;
}

const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

uint32_t Checksum(std::string_view data) {
  uint32_t sum = 0;
  for (size_t i = 0; i < data.size(); i += 4) {
    uint8_t word[4] = {0, 0, 0, 0};
    for (size_t k = 0; k < 4 && i + k < data.size(); ++k)
      word[k] = static_cast<uint8_t>(data[i + k]);
    sum += Be32(word);
  }
  return sum;
}

// Component glyph ids of a composite glyph, read independently of the subsetter.
std::vector<uint16_t> Components(std::string_view glyph) {
  std::vector<uint16_t> out;
  if (glyph.size() < 10 || static_cast<int16_t>(Be16(Bytes(glyph))) >= 0) return out;
  size_t at = 10;
  uint16_t flags;
  do {
    flags = Be16(Bytes(glyph) + at);
    out.push_back(Be16(Bytes(glyph) + at + 2));
    at += 4 + ((flags & 1) ? 4 : 2) +
          ((flags & 8)      ? 2
           : (flags & 0x40) ? 4
           : (flags & 0x80) ? 8
                            : 0);
  } while (flags & 0x20);
  return out;
}

TEST_CASE("WenQuanYi Zen Hei is read straight from its .ttc collection", "[pdf]") {
  auto font = OpenFont(kZenHei, 0);
  CHECK(font->postscript_name() == "WenQuanYiZenHei");
  CHECK(font->num_glyphs() > 40000);
  for (char32_t cp : Utf32("档案會議，A1")) {
    INFO(static_cast<unsigned>(cp));
    CHECK(font->GlyphFor(cp) != 0);
  }
  CHECK(font->Advance1000(font->GlyphFor(U'档')) == 1000);
  CHECK(font->Advance1000(font->GlyphFor(U'A')) < 700);
  CHECK(font->GlyphFor(0x20BB7) == 0);  // Ext-B is beyond Zen Hei

  auto mono = OpenFont(kZenHei, 1);
  CHECK(mono->postscript_name() != font->postscript_name());

  std::unique_ptr<TrueTypeFont> none;
  CHECK(TrueTypeFont::Open(kZenHei, 7, &none).code() == Status::Code::kInvalidArgument);
  CHECK(TrueTypeFont::Open("/nonexistent.ttf", 0, &none).code() == Status::Code::kNotFound);
}

TEST_CASE("A 20-character subset is a small, valid TrueType font with the same glyphs", "[pdf]") {
  auto font = OpenFont(kZenHei);
  std::u32string text = Utf32("档案借阅登记簿申请部门办公用品会议纪要表");
  REQUIRE(text.size() == 20);
  std::vector<uint16_t> glyphs{0};
  std::vector<char32_t> unicode{0};
  for (char32_t cp : text) {
    glyphs.push_back(font->GlyphFor(cp));
    unicode.push_back(cp);
  }

  FontSubset subset;
  REQUIRE(dangan::pdf::BuildSubset(*font, glyphs, &subset, unicode).ok());
  CHECK(subset.program.size() < 30 * 1024);
  REQUIRE(subset.glyphs.size() >= glyphs.size());
  CHECK(std::equal(glyphs.begin(), glyphs.end(), subset.glyphs.begin()));  // requested ids are kept

  std::unique_ptr<TrueTypeFont> reread;
  Status st = TrueTypeFont::FromBytes(subset.program, &reread);
  INFO(st.ToString());
  REQUIRE(st.ok());
  REQUIRE(reread->num_glyphs() == subset.glyphs.size());
  for (uint16_t gid = 0; gid < reread->num_glyphs(); ++gid) {
    std::string_view original = font->GlyphData(subset.glyphs[gid]);
    std::string_view copied = reread->GlyphData(gid);
    INFO("glyph " << gid);
    CHECK(copied.substr(0, original.size()) == original);
    CHECK(copied.size() - original.size() < 4);  // only alignment padding added
    CHECK(reread->Advance1000(gid) == font->Advance1000(subset.glyphs[gid]));
  }
  CHECK(reread->units_per_em() == font->units_per_em());
  CHECK(reread->bbox_1000() == font->bbox_1000());
  CHECK(Be16(Bytes(reread->Table(SfntTag("post")))) == 3);
  // Its own cmap maps each character to its new glyph id, which is also its CID in the PDF.
  for (size_t i = 0; i < text.size(); ++i) CHECK(reread->GlyphFor(text[i]) == i + 1);
}

TEST_CASE("Subset checksums are right, so strict readers accept the font", "[pdf]") {
  auto font = OpenFont(kZenHei);
  std::vector<uint16_t> glyphs{0, font->GlyphFor(U'表'), font->GlyphFor(U'格')};
  FontSubset subset;
  REQUIRE(dangan::pdf::BuildSubset(*font, glyphs, &subset).ok());
  const std::string& p = subset.program;
  CHECK(Checksum(p) == 0xB1B0AFBAu);  // head.checkSumAdjustment balances the whole file
  uint16_t tables = Be16(Bytes(p) + 4);
  uint32_t previous_tag = 0;
  for (uint16_t i = 0; i < tables; ++i) {
    const uint8_t* rec = Bytes(p) + 12 + 16 * i;
    uint32_t tag = Be32(rec), sum = Be32(rec + 4), offset = Be32(rec + 8), length = Be32(rec + 12);
    CHECK(tag > previous_tag);  // binary-searchable directory
    previous_tag = tag;
    CHECK(offset % 4 == 0);
    REQUIRE(offset + length <= p.size());
    if (tag == SfntTag("head")) continue;  // its checksum is taken before the adjustment is set
    CHECK(Checksum(std::string_view(p).substr(offset, length)) == sum);
  }
}

TEST_CASE("Composite glyphs bring their components along, renumbered inside the subset", "[pdf]") {
  auto font = OpenFont(kDroid);
  uint16_t composite = font->GlyphFor(U'檔');
  std::vector<uint16_t> parts = Components(font->GlyphData(composite));
  REQUIRE_FALSE(parts.empty());

  FontSubset subset;
  REQUIRE(dangan::pdf::BuildSubset(*font, {0, composite}, &subset, {0, U'檔'}).ok());
  CHECK(subset.glyphs.size() >= 2 + std::set<uint16_t>(parts.begin(), parts.end()).size());
  std::unique_ptr<TrueTypeFont> reread;
  REQUIRE(TrueTypeFont::FromBytes(subset.program, &reread).ok());
  std::vector<uint16_t> renumbered = Components(reread->GlyphData(1));
  REQUIRE(renumbered.size() == parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    REQUIRE(renumbered[i] < reread->num_glyphs());
    CHECK(subset.glyphs[renumbered[i]] == parts[i]);
    std::string_view original = font->GlyphData(parts[i]);
    CHECK(reread->GlyphData(renumbered[i]).substr(0, original.size()) == original);
  }
}

// The FontFile2 programs of a written PDF, decompressed, read with PoDoFo.
std::vector<std::string> EmbeddedFontPrograms(const std::string& path) {
  PoDoFo::PdfError::EnableDebug(false);  // the parser otherwise prints the trailer
  PoDoFo::PdfMemDocument doc;
  doc.Load(path.c_str());
  std::vector<std::string> programs;
  for (PoDoFo::PdfObject* obj : doc.GetObjects()) {
    if (!obj->IsDictionary() || !obj->GetDictionary().HasKey("FontFile2")) continue;
    PoDoFo::PdfObject* file =
        doc.GetObjects().GetObject(obj->GetDictionary().GetKey("FontFile2")->GetReference());
    char* data = nullptr;
    PoDoFo::pdf_long length = 0;
    file->GetStream()->GetFilteredCopy(&data, &length);
    programs.emplace_back(data, static_cast<size_t>(length));
    PoDoFo::podofo_free(data);
    CHECK(file->GetDictionary().GetKey("Length1")->GetNumber() == length);
  }
  return programs;
}

TEST_CASE("The font embedded in a PDF holds only the glyphs that document draws", "[pdf]") {
  namespace fs = std::filesystem;
  std::unique_ptr<dangan::PdfWriter> writer;
  REQUIRE(
      dangan::PdfWriter::Create(dangan::PdfOptions{{dangan::FontFile{kZenHei, 0}}, ""}, &writer).ok());
  dangan::Sheet sheet;
  sheet.title = "会议签到表";
  sheet.doc_number = "7";
  sheet.column_widths = {10};
  dangan::Row row;
  dangan::Cell cell;
  cell.text = "签到";
  row.cells.push_back(cell);
  sheet.head.push_back(row);
  std::string path =
      (fs::temp_directory_path() / ("dangan_font_subset_test_" + std::to_string(getpid()) + ".pdf"))
          .string();
  REQUIRE(writer->Write(sheet, path, nullptr).ok());
  std::vector<std::string> programs = EmbeddedFontPrograms(path);
  fs::remove(path);

  REQUIRE(programs.size() == 1);
  std::unique_ptr<TrueTypeFont> embedded;
  REQUIRE(TrueTypeFont::FromBytes(programs[0], &embedded).ok());
  // Title 会议签到表, 编号：7, the footer's 第 1 页 共 1 页, the cell's 签到: 17 distinct
  // characters plus .notdef, and perhaps a few components of composite glyphs.
  std::set<char32_t> distinct;
  for (char32_t cp : Utf32("会议签到表编号：7第 1 页 共 1 页签到")) distinct.insert(cp);
  CHECK(embedded->num_glyphs() >= distinct.size() + 1);
  CHECK(embedded->num_glyphs() <= distinct.size() + 1 + 10);
  CHECK(programs[0].size() < 20000);
}

}  // namespace
