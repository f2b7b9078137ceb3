// Notices (通知, 公告, 介绍信) in the GB/T 9704-2012 layout of a 公文, measured where a clerk would
// measure them: on the printed page (Poppler's word boxes of the real PDF), in millimetres.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "dangan/generator/layout.h"
#include "dangan/generator/pdf_writer.h"
#include "dangan/generator/xlsx_writer.h"
#include "generator/src/pdf/font_chain.h"
#include "generator/src/pdf/notice_plan.h"  // private part: the seal's place, measured on purpose
#include "generator/src/pdf/text_layout.h"
#include "support/sample_document.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

using namespace dangan;
using dangan::test::SourcePath;

namespace {

namespace fs = std::filesystem;

constexpr double kMmPerPt = 25.4 / 72;
// GB/T 9704-2012: 版心 156 mm × 225 mm, 天头 37 mm, 订口 28 mm; 28 characters a line.
constexpr double kLeftMm = 28, kTopMm = 37, kWidthMm = 156, kHeightMm = 225;
constexpr double kCharMm = kWidthMm / 28;
constexpr double kLineMm = kHeightMm / 22;

struct Word {
  int page = 0;
  double left = 0, top = 0, right = 0, bottom = 0;  // mm from the page's top-left corner
  std::string text;
  double middle_x() const { return (left + right) / 2; }
  double middle_y() const { return (top + bottom) / 2; }
};

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// A sample notice printed to a temporary PDF and read back as word boxes.
class PrintedNotice {
 public:
  explicit PrintedNotice(const std::string& id) {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("dangan_notice_" + std::to_string(getpid()) + "_" +
                                         std::to_string(counter++) + ".pdf");
    test::BindSample(id, &bound_);
    sheet_ = LayOut(bound_.doc);
    REQUIRE(sheet_.notice);
    std::unique_ptr<PdfWriter> writer;
    REQUIRE(PdfWriter::Create({}, &writer).ok());
    PdfResult result;
    Status s = writer->Write(sheet_, path_.string(), &result);
    INFO(s.ToString());
    REQUIRE(s.ok());
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path_.string()));
    REQUIRE(doc);
    for (int p = 0; p < doc->pages(); ++p) {
      std::unique_ptr<poppler::page> page(doc->create_page(p));
      REQUIRE(page);
      texts_.push_back(Utf8(page->text()));
      for (const poppler::text_box& box : page->text_list()) {
        poppler::rectf r = box.bbox();
        words_.push_back(Word{p, r.x() * kMmPerPt, r.y() * kMmPerPt, (r.x() + r.width()) * kMmPerPt,
                              (r.y() + r.height()) * kMmPerPt, Utf8(box.text())});
      }
    }
  }
  ~PrintedNotice() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }

  const Sheet& sheet() const { return sheet_; }
  std::string path() const { return path_.string(); }
  size_t pages() const { return texts_.size(); }
  const std::string& text(size_t page) const { return texts_[page]; }
  const std::vector<Word>& words() const { return words_; }

  // The first word that starts with `prefix` (Poppler drops the leading ideographic spaces).
  Word Starting(const std::string& prefix) const {
    for (const Word& w : words_) {
      if (w.text.rfind(prefix, 0) == 0) return w;
    }
    FAIL("no word starts with " << prefix);
    return Word{};
  }
  Word Exactly(const std::string& text) const {
    for (const Word& w : words_) {
      if (w.text == text) return w;
    }
    FAIL("no word " << text);
    return Word{};
  }

 private:
  fs::path path_;
  test::BoundSample bound_;
  Sheet sheet_;
  std::vector<std::string> texts_;
  std::vector<Word> words_;
};

// The plan of a sample notice: where the layout put the seal, before drawing.
struct PlannedNotice {
  test::BoundSample bound;
  Sheet sheet;
  pdf::FontChain fonts;
  std::unique_ptr<pdf::TextLayouter> text;
  pdf::NoticePlan plan;
};

void PlanNoticeSample(const std::string& id, PlannedNotice* p) {
  test::BindSample(id, &p->bound);
  p->sheet = LayOut(p->bound.doc);
  REQUIRE(p->sheet.notice);
  REQUIRE(pdf::FontChain::Load({}, &p->fonts).ok());
  pdf::NoticeFaces faces;
  faces.song = p->fonts.AppendOptional("/usr/share/fonts/truetype/arphic/uming.ttc", 0);
  faces.kai = p->fonts.AppendOptional("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0);
  REQUIRE(pdf::TextLayouter::Create(&p->fonts, &p->text).ok());
  std::vector<pdf::GlyphProblem> problems;
  pdf::PlanNotice(p->sheet, faces, p->text.get(), &p->plan, &problems);
  REQUIRE(problems.empty());
}

}  // namespace

TEST_CASE("the converted notices are laid out as 公文, the other forms keep their grid",
          "[notice]") {
  for (const char* id : {"S-02", "S-05", "S-10", "S-11"}) {
    test::BoundSample bound;
    test::BindSample(id, &bound);
    INFO(id);
    CHECK(bound.t.notice.has_value());
  }
  test::BoundSample o09;
  test::BindSample("O-09", &o09);
  CHECK_FALSE(o09.t.notice.has_value());
  CHECK_FALSE(LayOut(o09.doc).notice);
}

TEST_CASE("a notice's text stands in the GB/T 9704 type area: 28 mm in, 37 mm down, 156 mm wide",
          "[notice]") {
  PrintedNotice s11("S-11");
  // The 发文字号 is the first line of the 版心.
  Word number = s11.Exactly("华精行〔2024〕8号");
  CHECK(number.top == Approx(kTopMm).margin(1.5));
  // The 主送 stands flush left at the 订口 edge.
  Word to = s11.Starting("公司各部门、香港分公司");
  CHECK(to.left == Approx(kLeftMm).margin(0.5));
  CHECK(to.text.find("：") != std::string::npos);
  // No character of the 版心 outside it (the page number and the 天头's 编号 are outside it).
  for (const Word& w : s11.words()) {
    if (w.top < kTopMm - 1 || w.top > kTopMm + kHeightMm) continue;
    INFO(w.text);
    CHECK(w.left >= kLeftMm - 0.5);
    CHECK(w.right <= kLeftMm + kWidthMm + 0.5);
  }
}

TEST_CASE("a notice's title is centred on the type area and the 主送 is one blank line under it",
          "[notice]") {
  PrintedNotice s11("S-11");
  // 24 characters: two balanced lines of 12 (回行时排列对称), each centred on the 版心.
  Word title = s11.Starting("关于停止");
  CHECK(title.text == "关于停止华东精密机械有限");
  Word second = s11.Exactly("公司销售部印章使用的通知");
  CHECK(title.middle_x() == Approx(kLeftMm + kWidthMm / 2).margin(1));
  CHECK(second.middle_x() == Approx(kLeftMm + kWidthMm / 2).margin(1));
  CHECK(second.top - title.top == Approx(kLineMm).margin(0.8));
  // 2号 (22 pt): taller than the 3号 主送.
  Word to = s11.Starting("公司各部门");
  CHECK(title.bottom - title.top > 1.3 * (to.bottom - to.top));
  // Last title line, one blank line, then the 主送: two line pitches lower.
  CHECK(to.top - second.top == Approx(2 * kLineMm).margin(1));
}

TEST_CASE("a notice's paragraphs indent their first line by two characters of 28 to a line",
          "[notice]") {
  PrintedNotice s11("S-11");
  Word first = s11.Starting("根据《关于调整公司组织机构的决定》");
  CHECK(first.left == Approx(kLeftMm + 2 * kCharMm).margin(0.8));
  // A full line runs to the right edge of the 版心 (short of it by less than a character where the
  // next one may not start a line).
  CHECK(first.right < kLeftMm + kWidthMm + 0.5);
  CHECK(first.right > kLeftMm + kWidthMm - kCharMm);
  // The paragraph's second line starts at the left edge, one line pitch lower.
  bool found_second = false;
  for (const Word& w : s11.words()) {
    if (w.page != first.page || std::abs(w.top - first.top - kLineMm) > 0.8) continue;
    CHECK(w.left == Approx(kLeftMm).margin(0.5));
    found_second = true;
    break;
  }
  CHECK(found_second);
  // The facts follow as paragraphs of their own, indented alike.
  Word fact = s11.Starting("停用印章名称：");
  CHECK(fact.left == Approx(kLeftMm + 2 * kCharMm).margin(0.8));
}

TEST_CASE("a notice's date stands four characters from the right, the issuer centred above it",
          "[notice]") {
  PrintedNotice s11("S-11");
  Word date = s11.Exactly("2024年3月27日");
  CHECK(date.right == Approx(kLeftMm + kWidthMm - 4 * kCharMm).margin(1));
  // Centred over the date as far as the 版心 allows: this long name stops at its right edge.
  Word signer = s11.Exactly("华东精密机械有限公司行政管理部");
  CHECK(signer.middle_x() == Approx(date.middle_x()).margin(2));
  CHECK(signer.right < kLeftMm + kWidthMm + 0.5);
  CHECK(date.top - signer.top == Approx(kLineMm).margin(0.8));
  PrintedNotice s10("S-10");  // a shorter name: centred exactly
  CHECK(s10.Exactly("华东精密机械有限公司").middle_x() ==
        Approx(s10.Exactly("2024年5月22日").middle_x()).margin(0.8));
}

TEST_CASE(
    "a notice's seal area is a 42 mm circle centred on issuer and date, which sit below its "
    "centre",
    "[notice]") {
  PlannedNotice planned;
  PlanNoticeSample("S-11", &planned);
  const pdf::NoticeShape& seal = planned.plan.seal;
  CHECK(seal.width * kMmPerPt == Approx(42).margin(0.1));
  CHECK(seal.height * kMmPerPt == Approx(42).margin(0.1));
  const double centre_x = (seal.x + seal.width / 2) * kMmPerPt;
  const double centre_y = (seal.top + seal.height / 2) * kMmPerPt;

  PrintedNotice s11("S-11");
  Word date = s11.Exactly("2024年3月27日");
  Word signer = s11.Exactly("华东精密机械有限公司行政管理部");
  REQUIRE(date.page == planned.plan.seal_page);
  CHECK(centre_x == Approx(date.middle_x()).margin(1));
  // 居印章中心偏下: the middle of 署名 and 日期 lies a little under the seal's centre.
  const double text_middle = (signer.middle_y() + date.middle_y()) / 2;
  CHECK(text_middle > centre_y);
  CHECK(text_middle - centre_y < 6);
  // The seal's top lies within one line of the text above it (the impressions' captions).
  Word last = s11.Exactly("新印章印模");
  CHECK(seal.top * kMmPerPt > last.bottom);
  CHECK(seal.top * kMmPerPt - last.bottom < kLineMm);
}

TEST_CASE("a notice's boxes for seal impressions hold a 42 mm seal", "[notice]") {
  PlannedNotice planned;
  PlanNoticeSample("S-11", &planned);
  int boxes = 0;
  for (const pdf::NoticePage& page : planned.plan.pages) {
    for (const pdf::NoticeShape& s : page.shapes) {
      if (s.kind != pdf::NoticeShape::kBox) continue;
      ++boxes;
      CHECK(s.width * kMmPerPt >= 44);
      CHECK(s.height * kMmPerPt >= 44);
    }
  }
  CHECK(boxes == 2);  // 旧印章印模 and 新印章印模
}

TEST_CASE("a notice's pages are numbered — 1 — at the bottom outside corner", "[notice]") {
  PrintedNotice s11("S-11");
  REQUIRE(s11.pages() >= 1);
  CHECK(s11.text(0).find("— 1 —") != std::string::npos);
  for (const Word& w : s11.words()) {
    if (w.page != 0 || w.text.find('1') == std::string::npos || w.top < kTopMm + kHeightMm)
      continue;
    // Odd page: right, one 4号 character (14 pt) in from the 版心's edge; 7 mm under the 版心.
    CHECK(w.right < kLeftMm + kWidthMm - 14 * kMmPerPt + 0.5);
    CHECK(w.right > kLeftMm + kWidthMm - 14 * kMmPerPt - 8);
    CHECK(w.top > kTopMm + kHeightMm + 4);
    CHECK(w.bottom < kTopMm + kHeightMm + 14);
    return;
  }
  FAIL("no page number under the type area");
}

TEST_CASE("a notice's body and title use the Song and 楷体 faces Debian has", "[notice]") {
  PrintedNotice s10("S-10");
  std::ifstream in(s10.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Subset font names: ABCDEF+UMingCN, ABCDEF+GBZenKai-Medium.
  CHECK((bytes.find("UMing") != std::string::npos));
  CHECK((bytes.find("ZenKai") != std::string::npos));  // AR PL KaitiM GB: GBZenKai-Medium
}

TEST_CASE("a 介绍信 keeps its counterfoil above the cut line and the letter below it", "[notice]") {
  PrintedNotice s05("S-05");
  Word counterfoil = s05.Exactly("存");  // 存　　根: Poppler splits at the wide spaces
  Word cut = s05.Starting("骑缝线");
  Word title = s05.Exactly("介绍信");
  Word to = s05.Exactly("上海市闵行区市场监督管理局：");  // not the counterfoil's 前往单位
  CHECK(counterfoil.page == 0);
  CHECK(cut.page == 0);
  CHECK(counterfoil.top < cut.top);
  CHECK(cut.top < title.top);
  CHECK(title.top < to.top);
  CHECK(to.left == Approx(kLeftMm).margin(0.5));
  // 此致 indented two characters, 敬礼 flush left on the next line.
  Word regards = s05.Starting("此致");
  Word salute = s05.Exactly("敬礼");
  CHECK(regards.left == Approx(kLeftMm + 2 * kCharMm).margin(0.8));
  CHECK(salute.left == Approx(kLeftMm).margin(0.5));
  // The next line; under a counterfoil the letter's lines may close up to 0.7 of the pitch.
  CHECK(salute.top - regards.top > 0.69 * kLineMm);
  CHECK(salute.top - regards.top < kLineMm + 0.8);
  CHECK(s05.pages() == 1);
}

TEST_CASE("a notice's spreadsheet is a plain list of its fields with their values", "[notice]") {
  test::BoundSample bound;
  test::BindSample("S-10", &bound);
  Sheet sheet = LayOut(bound.doc);
  fs::path path =
      fs::temp_directory_path() / ("dangan_notice_" + std::to_string(getpid()) + "_sheet.xlsx");
  XlsxOptions options;
  options.tmpl = &bound.t;
  REQUIRE(WriteXlsx(sheet, path.string(), options).ok());
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(path.string(), &book).ok());
  fs::remove(path);
  REQUIRE(!book.sheets.empty());
  const test::XlsxSheet& s = book.sheets[0];
  bool seal_name = false, media = false;
  for (const auto& [ref, cell] : s.cells) {
    if (cell.value != "印章名称") continue;
    int col = 0, row = 0;
    REQUIRE(test::ParseCellRef(ref, &col, &row));
    CHECK(col == 0);
    CHECK(s.Text("B" + std::to_string(row)) == "华东精密机械有限公司合同专用章");
    seal_name = true;
  }
  for (const auto& [ref, cell] : s.cells) media = media || cell.value == "《新民晚报》";
  CHECK(seal_name);
  CHECK(media);
}

TEST_CASE("a notice template must name its issuer and a date field as its 成文日期", "[notice]") {
  fs::path dir = fs::temp_directory_path() / ("dangan_notice_tmpl_" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& notice) {
    std::ofstream(dir / name)
        << "id: X-01\ntitle: 通知\nsource: 测试\ncategory: 印章\nkind: form\n"
           "style: notice\n"
           "fields:\n"
           "  - {name: 正文, type: 多行文本, required: true}\n"
           "  - {name: 发文单位, type: 文本}\n"
           "  - {name: 发文日期, type: 文本}\n"
        << notice << "archive: {category: WS, retention: Y, department: XZGL, title: 通知}\n";
    return (dir / name).string();
  };
  Template t;
  Status no_signer =
      LoadTemplate(write("a.yaml", "notice:\n  body: [正文]\n  date: 发文日期\n"), &t);
  CHECK_FALSE(no_signer.ok());
  CHECK(no_signer.message().find("signer") != std::string::npos);
  CHECK(no_signer.message().find("a.yaml 第 ") != std::string::npos);
  Status text_date = LoadTemplate(
      write("b.yaml", "notice:\n  body: [正文]\n  signer: 发文单位\n  date: 发文日期\n"), &t);
  CHECK_FALSE(text_date.ok());
  CHECK(text_date.message().find("成文日期") != std::string::npos);
  Status unknown = LoadTemplate(
      write("c.yaml", "notice:\n  body: [正文, 附言]\n  signer: 发文单位\n  date: 发文日期\n"), &t);
  CHECK_FALSE(unknown.ok());
  CHECK(unknown.message().find("附言") != std::string::npos);
  fs::remove_all(dir);
}
