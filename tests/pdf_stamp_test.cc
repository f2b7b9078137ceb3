// The 归档章 on a copy for use: six values in a red 45 × 16 mm frame at the top right of page
// one, read back as a viewer shows them, while the original stays byte for byte as filed.
#include "dangan/generator/pdf_stamp.h"

#include <podofo/podofo.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <zbar.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "dangan/generator/generator.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"

namespace {

namespace fs = std::filesystem;
using dangan::ArchiveSeal;
using dangan::StampArchiveSeal;
using dangan::Status;
using dangan::test::ReadPdf;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::Squeeze;

constexpr double kDpi = 150;
constexpr double kPxPerMm = kDpi / 25.4;

const ArchiveSeal kSeal{"Z109", "2024", "0007", "办公室", "永久", "3"};

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Generates the sample document of template `id` and returns its PDF.
std::string GenerateForm(const std::string& id, const std::string& dir) {
  dangan::Template t;
  REQUIRE(dangan::LoadTemplate(SourcePath("templates/" + id + ".yaml"), &t).ok());
  std::vector<dangan::RawRecord> records;
  REQUIRE(dangan::ReadData(t, SourcePath("samples/" + id + ".json"), {}, &records).ok());
  dangan::Generator generator;
  std::vector<dangan::GeneratedDocument> docs;
  Status s = generator.Generate(t, std::move(records), dangan::OutputFormat::kPdf, dir, &docs);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return docs.at(0).files.at(0).path;
}

struct Word {
  std::string text;
  double x0, y0, x1, y1;  // points from the top-left corner of the page as shown
};

std::vector<Word> Words(const std::string& path, int page_index) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  REQUIRE(doc);
  std::unique_ptr<poppler::page> page(doc->create_page(page_index));
  std::vector<Word> words;
  for (const poppler::text_box& box : page->text_list()) {
    poppler::byte_array utf8 = box.text().to_utf8();
    poppler::rectf r = box.bbox();
    words.push_back(
        Word{std::string(utf8.begin(), utf8.end()), r.left(), r.top(), r.right(), r.bottom()});
  }
  return words;
}

// The words of `copy` that `original` does not have at the same place.
std::vector<Word> NewWords(const std::vector<Word>& original, const std::vector<Word>& copy) {
  std::multimap<std::string, Word> old;
  for (const Word& w : original) old.emplace(w.text, w);
  std::vector<Word> added;
  for (const Word& w : copy) {
    auto [begin, end] = old.equal_range(w.text);
    auto same = std::find_if(begin, end, [&](const auto& o) {
      return std::abs(o.second.x0 - w.x0) < 0.5 && std::abs(o.second.y0 - w.y0) < 0.5;
    });
    if (same == end) {
      added.push_back(w);
    } else {
      old.erase(same);
    }
  }
  return added;
}

struct Raster {
  int width = 0, height = 0;
  std::vector<uint32_t> pixels;  // 0xAARRGGBB

  uint32_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
  bool red(int x, int y) const {
    uint32_t p = at(x, y);
    int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
    return r > 160 && g < 110 && b < 110;
  }
};

Raster Render(const std::string& path, int page_index) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  REQUIRE(doc);
  std::unique_ptr<poppler::page> page(doc->create_page(page_index));
  poppler::page_renderer renderer;
  poppler::image image = renderer.render_page(page.get(), kDpi, kDpi);
  REQUIRE(image.is_valid());
  REQUIRE(image.format() == poppler::image::format_argb32);
  Raster r{image.width(), image.height(), {}};
  for (int y = 0; y < r.height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(
        image.const_data() + static_cast<size_t>(y) * image.bytes_per_row());
    r.pixels.insert(r.pixels.end(), row, row + r.width);
  }
  return r;
}

struct PixelBox {
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;  // inclusive
  bool empty() const { return x1 < 0; }
  double width_mm() const { return (x1 - x0 + 1) / kPxPerMm; }
  double height_mm() const { return (y1 - y0 + 1) / kPxPerMm; }
};

// Bounds of the pixels that are red in `copy` but not in `original`.
PixelBox NewRed(const Raster& original, const Raster& copy) {
  PixelBox box;
  for (int y = 0; y < copy.height; ++y) {
    for (int x = 0; x < copy.width; ++x) {
      if (!copy.red(x, y) || original.red(x, y)) continue;
      box.x0 = std::min(box.x0, x);
      box.y0 = std::min(box.y0, y);
      box.x1 = std::max(box.x1, x);
      box.y1 = std::max(box.y1, y);
    }
  }
  return box;
}

// Pixels that differ between the two renderings outside `box`.
size_t ChangedOutside(const Raster& a, const Raster& b, const PixelBox& box) {
  size_t changed = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      bool inside = x >= box.x0 - 1 && x <= box.x1 + 1 && y >= box.y0 - 1 && y <= box.y1 + 1;
      if (!inside && a.at(x, y) != b.at(x, y)) ++changed;
    }
  }
  return changed;
}

// The QR codes zbar reads on a rendering: the form's identity must survive the stamp.
std::vector<std::string> QrCodes(const Raster& r) {
  std::vector<unsigned char> gray;
  gray.reserve(r.pixels.size());
  for (uint32_t p : r.pixels) gray.push_back(static_cast<unsigned char>((p >> 8) & 0xff));
  zbar::ImageScanner scanner;
  scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::Image image(r.width, r.height, "Y800", gray.data(), gray.size());
  scanner.scan(image);
  std::vector<std::string> codes;
  for (auto s = image.symbol_begin(); s != image.symbol_end(); ++s) codes.push_back(s->get_data());
  return codes;
}

bool Covers(const PixelBox& seal, const Word& w) {
  double px = kDpi / 72;
  return w.x0 * px < seal.x1 && w.x1 * px > seal.x0 && w.y0 * px < seal.y1 && w.y1 * px > seal.y0;
}

// The stamp is where the standard and the brief put it: the right half, near the top, at least
// 10 mm from the top and right edges, and 45 × 16 mm.
void CheckSealBox(const PixelBox& seal, const Raster& page) {
  REQUIRE_FALSE(seal.empty());
  CHECK(seal.width_mm() == Approx(45).margin(0.6));
  CHECK(seal.height_mm() == Approx(16).margin(0.6));
  CHECK(seal.x0 >= page.width / 2);
  CHECK(page.width - 1 - seal.x1 >= 10 * kPxPerMm - 2);
  CHECK(seal.y0 >= 10 * kPxPerMm - 2);
  CHECK(seal.y1 <= page.height / 3);
}

// Each value sits in its fixed cell: 全宗号 | 年度 | 件号 over 机构 | 保管期限 | 页数.
void CheckValuesInCells(const std::vector<Word>& added, const PixelBox& seal,
                        const ArchiveSeal& values) {
  const std::vector<std::string> order{values.fonds,      values.year,      values.piece,
                                       values.department, values.retention, values.pages};
  std::vector<std::string> texts;
  for (const Word& w : added) texts.push_back(w.text);
  INFO("new words: " << Catch::Detail::stringify(texts));
  REQUIRE(added.size() == order.size());
  double px = kDpi / 72;  // word boxes are in points
  for (size_t i = 0; i < order.size(); ++i) {
    auto it =
        std::find_if(added.begin(), added.end(), [&](const Word& w) { return w.text == order[i]; });
    REQUIRE(it != added.end());
    double cx = (it->x0 + it->x1) / 2 * px, cy = (it->y0 + it->y1) / 2 * px;
    int column = static_cast<int>((cx - seal.x0) / ((seal.x1 - seal.x0 + 1) / 3.0));
    int row = static_cast<int>((cy - seal.y0) / ((seal.y1 - seal.y0 + 1) / 2.0));
    INFO(order[i]);
    CHECK(column == static_cast<int>(i % 3));
    CHECK(row == static_cast<int>(i / 3));
  }
}

// Our forms keep the top right blank for the seal (page_frame.cc), so it covers none of their
// words.
void CheckStampedForm(const std::string& original, const std::string& copy,
                      const std::string& title) {
  auto before = ReadPdf(original, true), after = ReadPdf(copy, true);
  REQUIRE(after.loaded);
  CHECK(after.errors.empty());
  // Page one: the form's own text first, then the six values in the stamp's order.
  CHECK(Squeeze(after.pages.at(0)) == Squeeze(before.pages.at(0)) + "Z10920240007办公室永久3");
  // The other pages are untouched.
  REQUIRE(after.pages.size() == before.pages.size());
  for (size_t i = 1; i < before.pages.size(); ++i) {
    CHECK(after.pages[i] == before.pages[i]);
    CHECK(after.ink[i] == before.ink[i]);
  }
  for (const auto& font : after.fonts) {
    INFO(font.name);
    CHECK(font.embedded);
    CHECK(font.subset);
  }

  Raster a = Render(original, 0), b = Render(copy, 0);
  PixelBox seal = NewRed(a, b);
  CheckSealBox(seal, b);
  CHECK(ChangedOutside(a, b, seal) == 0);
  std::vector<Word> words = Words(original, 0);
  CheckValuesInCells(NewWords(words, Words(copy, 0)), seal, kSeal);
  std::vector<std::string> codes = QrCodes(a);
  REQUIRE(codes.size() == 1);
  CHECK(QrCodes(b) == codes);
  REQUIRE(std::count_if(words.begin(), words.end(),
                        [&](const Word& w) { return w.text == title; }) == 1);
  for (const Word& w : words) {
    INFO(w.text);
    CHECK_FALSE(Covers(seal, w));
  }
}

// A PDF that dangan did not make: PoDoFo's painter with a standard font. Its content ends with
// a halved CTM that it never restores; a dark block sits in the top-right corner and a thin rule
// runs left of it.
// `crop_mm` hides that much of the top and right edges behind a CropBox.
std::string ForeignPdf(const std::string& path, int rotate, double crop_mm = 0) {
  PoDoFo::PdfMemDocument doc;
  PoDoFo::PdfRect a4 = PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4);
  PoDoFo::PdfPage* page = doc.CreatePage(a4);
  if (rotate != 0) page->SetRotation(rotate);
  if (crop_mm > 0) {
    double crop = crop_mm * 72 / 25.4;
    PoDoFo::PdfRect visible(0, 0, a4.GetWidth() - crop, a4.GetHeight() - crop);
    PoDoFo::PdfVariant box;
    visible.ToVariant(box);
    page->GetObject()->GetDictionary().AddKey("CropBox", box);
  }
  PoDoFo::PdfPainter painter;
  painter.SetPage(page);
  painter.SetFont(doc.CreateFont("Helvetica"));
  painter.GetFont()->SetFontSize(12);
  painter.DrawText(56, 780, "A letter from elsewhere");
  painter.DrawText(56, 760, "Received with thanks.");
  // A receipt block 30 mm x 20 mm, 12 mm from the top and right edges: the seal must avoid it.
  double mm = 72 / 25.4;
  painter.SetColor(0.2, 0.2, 0.2);
  painter.Rectangle(595.28 - 42 * mm, 841.89 - 32 * mm, 30 * mm, 20 * mm);
  painter.Fill();
  // A thin rule 20 mm from the top, left of the block: the seal may not cross it either.
  painter.SetStrokingColor(0, 0, 0);
  painter.SetStrokeWidth(0.5);
  painter.DrawLine(300, 841.89 - 20 * mm, 595.28 - 44 * mm, 841.89 - 20 * mm);
  painter.SetTransformationMatrix(0.5, 0, 0, 0.5, 0, 0);
  painter.SetColor(0, 0, 0);
  painter.DrawText(112, 200, "Footnote drawn at half size");
  painter.FinishPage();
  doc.Write(path.c_str());
  return path;
}

// A foreign PDF encrypted with AES-256, the one algorithm PoDoFo 0.9.8 can write under
// OpenSSL 3 (RC4 and MD5 sit in its legacy provider).
std::string EncryptedPdf(const std::string& path, const std::string& user_password) {
  PoDoFo::PdfMemDocument doc;
  doc.Load(ForeignPdf(path + ".plain.pdf", 0).c_str());
  doc.SetEncrypted(user_password, "owner", PoDoFo::PdfEncrypt::ePdfPermissions_Print,
                   PoDoFo::PdfEncrypt::ePdfEncryptAlgorithm_AESV3,
                   PoDoFo::PdfEncrypt::ePdfKeyLength_256);
  doc.Write(path.c_str());
  return path;
}

// Page one's content as tokens, e.g. "q 0.5 0 0 0.5 0 0 cm BT … ".
std::string ContentTokens(const std::string& path) {
  PoDoFo::PdfMemDocument doc;
  doc.Load(path.c_str());
  PoDoFo::PdfContentsTokenizer tokens(doc.GetPage(0));
  PoDoFo::EPdfContentsType type;
  const char* keyword = nullptr;
  PoDoFo::PdfVariant operand;
  std::string out = " ";
  while (tokens.ReadNext(type, keyword, operand)) {
    if (type == PoDoFo::ePdfContentsType_Keyword) {
      out += keyword;
    } else if (operand.IsReal() || operand.IsNumber()) {
      std::ostringstream number;
      number << operand.GetReal();
      out += number.str();
    } else {
      std::string text;
      operand.ToString(text);
      out += text;
    }
    out += ' ';
  }
  return out;
}

Status Stamp(const std::string& in, const std::string& out, const ArchiveSeal& seal = kSeal) {
  return StampArchiveSeal(in, out, seal);
}

}  // namespace

CATCH_TRANSLATE_EXCEPTION(const PoDoFo::PdfError& e) {
  return std::string("PoDoFo: ") + PoDoFo::PdfError::ErrorName(e.GetError());
}

TEST_CASE("a stamped copy of a portrait form carries the seal at the top right of page one",
          "[stamp]") {
  std::string dir = ScratchDir("stamp-portrait");
  std::string original = GenerateForm("C-01", dir);
  std::string bytes = ReadBytes(original);
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(ReadBytes(original) == bytes);
  CheckStampedForm(original, copy, "客户投诉登记处理单");
}

TEST_CASE("a stamped copy of a landscape register keeps its other pages and its original",
          "[stamp]") {
  std::string dir = ScratchDir("stamp-landscape");
  std::string original = GenerateForm("S-04", dir);
  std::string bytes = ReadBytes(original);
  REQUIRE(ReadPdf(original).pages.size() >= 2);
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(ReadBytes(original) == bytes);
  CHECK(fs::file_size(copy) > 0);
  CheckStampedForm(original, copy, "用印登记表");
}

TEST_CASE("the seal lands top right on a foreign PDF that leaves its CTM scaled", "[stamp]") {
  std::string dir = ScratchDir("stamp-foreign");
  std::string original = ForeignPdf(dir + "/letter.pdf", 0);
  // The premise: the page's content really ends with a halved CTM and no Q to undo it.
  std::string ops = ContentTokens(original);
  INFO(ops);
  size_t scaled = ops.find("0.5 0 0 0.5 0 0 cm");
  REQUIRE(scaled != std::string::npos);
  CHECK(ops.find(" Q ", scaled) == std::string::npos);
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy);
  INFO(s.ToString());
  REQUIRE(s.ok());

  auto after = ReadPdf(copy);
  CHECK(after.errors.empty());
  CHECK(Squeeze(after.pages.at(0)).find("Z10920240007办公室永久3") != std::string::npos);
  Raster a = Render(original, 0), b = Render(copy, 0);
  PixelBox seal = NewRed(a, b);
  CheckSealBox(seal, b);
  CHECK(ChangedOutside(a, b, seal) == 0);
  // Clear of the receipt block (30 × 20 mm, 12 mm from the top and right edges) and of the rule.
  double block_left = b.width - 42 * kPxPerMm, block_bottom = 32 * kPxPerMm;
  CHECK((seal.x1 < block_left || seal.y0 > block_bottom));
  double rule = 20 * kPxPerMm;
  CHECK((seal.y1 < rule || seal.y0 > rule));
  CheckValuesInCells(NewWords(Words(original, 0), Words(copy, 0)), seal, kSeal);
}

TEST_CASE("the seal is upright at the top right of a page shown rotated", "[stamp]") {
  std::string dir = ScratchDir("stamp-rotated");
  std::string original = ForeignPdf(dir + "/turned.pdf", 90);
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy);
  INFO(s.ToString());
  REQUIRE(s.ok());
  Raster a = Render(original, 0), b = Render(copy, 0);
  REQUIRE(b.width > b.height);  // shown as landscape
  PixelBox seal = NewRed(a, b);
  CheckSealBox(seal, b);  // 45 mm wide and 16 mm high as shown: upright
  CHECK(ChangedOutside(a, b, seal) == 0);
}

TEST_CASE("the seal keeps 10 mm inside a CropBox smaller than the page", "[stamp]") {
  std::string dir = ScratchDir("stamp-cropped");
  std::string original = ForeignPdf(dir + "/cropped.pdf", 0, 25);
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy);
  INFO(s.ToString());
  REQUIRE(s.ok());
  Raster a = Render(original, 0), b = Render(copy, 0);
  REQUIRE(b.width < 200 * kPxPerMm);  // Poppler shows the cropped page
  PixelBox seal = NewRed(a, b);
  CheckSealBox(seal, b);
  CHECK(ChangedOutside(a, b, seal) == 0);
}

TEST_CASE("an empty 机构 cell is left blank", "[stamp]") {
  std::string dir = ScratchDir("stamp-no-dept");
  std::string original = ForeignPdf(dir + "/letter.pdf", 0);
  ArchiveSeal seal = kSeal;
  seal.department.clear();
  std::string copy = dir + "/copy.pdf";
  REQUIRE(Stamp(original, copy, seal).ok());
  CHECK(Squeeze(ReadPdf(copy).pages.at(0)).find("Z10920240007永久3") != std::string::npos);
}

TEST_CASE("a long 机构 name shrinks to fit its cell, one too long for it is refused", "[stamp]") {
  std::string dir = ScratchDir("stamp-long");
  std::string original = ForeignPdf(dir + "/letter.pdf", 0);
  ArchiveSeal seal = kSeal;
  seal.department = "党群工作部纪检监察室";
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy, seal);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(Squeeze(ReadPdf(copy).pages.at(0)).find("党群工作部纪检监察室") != std::string::npos);

  std::string refused = dir + "/refused.pdf";
  seal.department.clear();
  for (int i = 0; i < 60; ++i) seal.department += "档";
  s = Stamp(original, refused, seal);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("机构") != std::string::npos);
  CHECK_FALSE(fs::exists(refused));
}

TEST_CASE("a value no font can draw is refused naming the cell and the character", "[stamp]") {
  std::string dir = ScratchDir("stamp-glyph");
  std::string original = ForeignPdf(dir + "/letter.pdf", 0);
  ArchiveSeal seal = kSeal;
  seal.fonds = "Z\xcd\xb8";  // U+0378, unassigned: in no font
  std::string copy = dir + "/copy.pdf";
  Status s = Stamp(original, copy, seal);
  CHECK_FALSE(s.ok());
  CHECK(s.ToString().find("全宗号") != std::string::npos);
  CHECK(s.ToString().find("U+0378") != std::string::npos);
  CHECK_FALSE(fs::exists(copy));
}

TEST_CASE("bad originals are refused with a message naming the file", "[stamp]") {
  std::string dir = ScratchDir("stamp-bad");
  std::string copy = dir + "/copy.pdf";
  auto refused = [&](const std::string& in, Status::Code code, const std::string& words) {
    Status s = Stamp(in, copy);
    INFO(s.ToString());
    CHECK(s.code() == code);
    CHECK(s.message().find(in) != std::string::npos);
    CHECK(s.message().find(words) != std::string::npos);
    CHECK_FALSE(fs::exists(copy));
  };

  SECTION("missing") { refused(dir + "/nothing.pdf", Status::Code::kNotFound, "不存在"); }
  SECTION("a PNG under a .pdf name") {
    std::string png = dir + "/scan.pdf";
    WriteBytes(png, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(200, 'x'));
    refused(png, Status::Code::kInvalidArgument, "不是 PDF");
  }
  SECTION("truncated") {
    std::string whole = ReadBytes(ForeignPdf(dir + "/whole.pdf", 0));
    std::string cut = dir + "/cut.pdf";
    WriteBytes(cut, whole.substr(0, whole.size() / 2));
    refused(cut, Status::Code::kCorruption, "损坏");
  }
  SECTION("encrypted, with or without an open password") {
    for (const std::string& user : {std::string(), std::string("secret")}) {
      std::string locked = EncryptedPdf(dir + "/locked" + user + ".pdf", user);
      std::string bytes = ReadBytes(locked);
      refused(locked, Status::Code::kUnsupported, "加密");
      CHECK(ReadBytes(locked) == bytes);
    }
  }
  SECTION("encrypted by a security handler PoDoFo does not know") {
    std::string locked = EncryptedPdf(dir + "/odd.pdf", "");
    std::string bytes = ReadBytes(locked);
    size_t at = bytes.find("/Filter/Standard");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 16, "/Filter/Standarx");  // same length: the xref offsets stay right
    WriteBytes(locked, bytes);
    refused(locked, Status::Code::kUnsupported, "加密");
  }
  SECTION("the copy may not replace the original") {
    std::string original = ForeignPdf(dir + "/self.pdf", 0);
    std::string bytes = ReadBytes(original);
    Status s = Stamp(original, dir + "/./self.pdf");
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message().find("原件") != std::string::npos);
    CHECK(ReadBytes(original) == bytes);
  }
}
