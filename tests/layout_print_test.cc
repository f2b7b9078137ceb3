// Layout as a clerk signs it: measured on the printed page (Poppler's word boxes of the real PDF)
// and on the layout stage's geometry, not on what the code meant to draw.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "dangan/generator/layout.h"
#include "dangan/generator/pdf_writer.h"
#include "generator/src/pdf/document_plan.h"  // private part: the geometry, measured on purpose
#include "generator/src/pdf/font_chain.h"
#include "generator/src/pdf/layout_metrics.h"
#include "generator/src/pdf/text_layout.h"
#include "support/sample_document.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::SourcePath;

namespace {

namespace fs = std::filesystem;

constexpr double kMmPerPt = 25.4 / 72;

using Bound = test::BoundSample;
using test::BindSample;

// A word as Poppler finds it on a page: one line of one cell, for text without spaces.
struct Word {
  int page = 0;
  double left = 0, top = 0, right = 0, bottom = 0;  // points from the page's top-left corner
  std::string text;
  double middle_x() const { return (left + right) / 2; }
};

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

class PrintedSample {
 public:
  // `title`, when given, replaces the sample's printed title.
  explicit PrintedSample(const std::string& id, const std::string& title = "") {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("dangan_layout_print_" + std::to_string(getpid()) + "_" +
                                         std::to_string(counter++) + ".pdf");
    BindSample(id, &bound_);
    sheet_ = LayOut(bound_.doc);
    if (!title.empty()) sheet_.title = title;
    std::unique_ptr<PdfWriter> writer;
    REQUIRE(PdfWriter::Create({}, &writer).ok());
    PdfResult result;
    Status s = writer->Write(sheet_, path_.string(), &result);
    INFO(s.ToString());
    REQUIRE(s.ok());
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path_.string()));
    REQUIRE(doc);
    pages_ = doc->pages();
    for (int p = 0; p < pages_; ++p) {
      std::unique_ptr<poppler::page> page(doc->create_page(p));
      REQUIRE(page);
      page_text_.push_back(Utf8(page->text()));
      for (const poppler::text_box& box : page->text_list()) {
        poppler::rectf r = box.bbox();
        words_.push_back(
            Word{p, r.x(), r.y(), r.x() + r.width(), r.y() + r.height(), Utf8(box.text())});
      }
    }
  }
  ~PrintedSample() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }

  const Sheet& sheet() const { return sheet_; }
  const Document& doc() const { return bound_.doc; }
  int pages() const { return pages_; }
  const std::vector<Word>& words() const { return words_; }
  const std::string& page_text(int p) const { return page_text_[p]; }

  std::vector<Word> Find(const std::string& text) const {
    std::vector<Word> found;
    for (const Word& w : words_) {
      if (w.text == text) found.push_back(w);
    }
    return found;
  }

 private:
  static std::string Utf8(const poppler::ustring& s) {
    poppler::byte_array bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
  }

  fs::path path_;
  Bound bound_;
  Sheet sheet_;
  int pages_ = 0;
  std::vector<Word> words_;
  std::vector<std::string> page_text_;
};

// Lines of one character directly under another line of the same cell: the cell's text broke so
// that a single character was left over.
std::vector<std::string> OrphanLines(const PrintedSample& pdf) {
  std::vector<std::string> orphans;
  for (const Word& w : pdf.words()) {
    if (Utf8Length(w.text) != 1 || static_cast<unsigned char>(w.text[0]) < 0x80) continue;
    for (const Word& above : pdf.words()) {
      bool same_cell_line_above = above.page == w.page && above.bottom <= w.top + 0.5 &&
                                  w.top - above.bottom < 5 && above.left < w.right &&
                                  w.left < above.right;
      if (same_cell_line_above) orphans.push_back(above.text + "/" + w.text);
    }
  }
  return orphans;
}

// The plan of a sample's PDF: the page geometry the layout stage computed before drawing.
struct Planned {
  Bound bound;
  Sheet sheet;
  pdf::FontChain fonts;
  std::unique_ptr<pdf::TextLayouter> text;
  pdf::DocumentPlan plan;
};

void PlanSample(const std::string& id, Planned* p) {
  BindSample(id, &p->bound);
  p->sheet = LayOut(p->bound.doc);
  REQUIRE(pdf::FontChain::Load({}, &p->fonts).ok());
  REQUIRE(pdf::TextLayouter::Create(&p->fonts, &p->text).ok());
  std::vector<pdf::GlyphProblem> problems;
  pdf::PlanDocument(p->sheet, p->text.get(), &p->plan, &problems);
  REQUIRE(problems.empty());
}

// Height and width in mm of the head cell that shows `field`.
void HeadCellSize(const Planned& p, const std::string& field, double* width_mm, double* height_mm) {
  *width_mm = *height_mm = 0;
  for (size_t g = 0; g < p.plan.head_groups.size(); ++g) {
    auto [first, end] = p.plan.head_groups[g];
    for (size_t r = first; r < end; ++r) {
      const std::vector<Cell>& cells = p.sheet.head[r].cells;
      for (size_t k = 0; k < cells.size(); ++k) {
        if (cells[k].field != field) continue;
        // Cells of a group are laid out row by row in the sheet's order.
        size_t index = 0;
        for (size_t q = first; q < r; ++q) index += p.sheet.head[q].cells.size();
        const pdf::CellLayout& cell = p.plan.head[g].cells[index + k];
        const std::vector<double>& top = p.plan.head[g].row_top;
        *width_mm = cell.width * kMmPerPt;
        *height_mm = (top[cell.row + cell.rows] - top[cell.row]) * kMmPerPt;
        return;
      }
    }
  }
  FAIL("no head cell for " << field);
}

}  // namespace

TEST_CASE("a register's narrow columns widen so no cell leaves one character on a line",
          "[layout][print]") {
  PrintedSample s04("S-04");
  // The three that broke with one character left over when the widths were fixed in the
  // template: a short word now stays whole, longer ones break before their last two characters.
  CHECK(s04.Find("人力资源部").size() >= 2);
  CHECK(s04.Find("部").empty());
  CHECK(s04.Find("心").empty());
  CHECK(s04.Find("号").empty());
  std::vector<std::string> orphans = OrphanLines(s04);
  INFO((orphans.empty() ? "" : orphans[0]));
  CHECK(orphans.empty());
  // The grid still spans the printable width exactly.
  double units =
      std::accumulate(s04.sheet().column_widths.begin(), s04.sheet().column_widths.end(), 0.0);
  double given = 0;
  for (const TableColumn& c : s04.doc().tmpl->table->columns) given += c.width;
  CHECK(units == Approx(given));
}

TEST_CASE("no sample of any template prints a line of one orphan character in a cell",
          "[layout][print]") {
  std::vector<Template> templates;
  REQUIRE(LoadTemplateDir(SourcePath("templates"), &templates).ok());
  for (const Template& t : templates) {
    INFO(t.id);
    PrintedSample pdf(t.id);
    std::vector<std::string> orphans = OrphanLines(pdf);
    INFO(orphans.size() << " orphans, first " << (orphans.empty() ? "" : orphans[0]));
    CHECK(orphans.empty());
  }
}

TEST_CASE("a line breaks before the last two characters rather than leave one alone",
          "[layout][print]") {
  pdf::FontChain fonts;
  REQUIRE(pdf::FontChain::Load({}, &fonts).ok());
  std::unique_ptr<pdf::TextLayouter> text;
  REQUIRE(pdf::TextLayouter::Create(&fonts, &text).ok());
  auto lines = [&](const std::string& utf8, double ems) {
    pdf::TextBlock block;
    text->Layout(utf8, 10, ems * 10, &block, nullptr);
    std::vector<std::u32string> out;
    for (const pdf::TextLine& line : block.lines) {
      std::u32string s;
      for (uint32_t i = line.begin; i < line.end; ++i) s += block.glyphs[i].cp;
      out.push_back(s);
    }
    return out;
  };
  std::vector<std::u32string> social = lines("报送社保中心", 5);
  REQUIRE(social.size() == 2);
  CHECK(social[1].size() >= 2);
  std::vector<std::u32string> number = lines("华精办〔2024〕1号", 8);
  REQUIRE(number.size() == 2);
  CHECK(number[1] == U"1号");
  CHECK(number[0] == U"华精办〔2024〕");
  // A short note in brackets is one word.
  std::vector<std::u32string> signed_by = lines("召集人确认（签字）", 6);
  REQUIRE(signed_by.size() == 2);
  CHECK(signed_by[1] == U"（签字）");
  // What fits stays on one line.
  CHECK(lines("人力资源部", 5).size() == 1);
}

TEST_CASE("seal impressions, stamps and signatures get boxes their ink fits", "[layout][print]") {
  // S-11's boxes for seal impressions are in its notice layout now (notice_layout_test.cc).
  Planned g06;
  PlanSample("F-G06", &g06);
  double width = 0, height = 0;
  HeadCellSize(g06, "发文单位", &width, &height);  // the cell after 发文单位（盖章）
  CHECK(width >= 42);                              // a 40 mm stamp
  CHECK(height >= 42);

  // A register's rows signed by hand are tall enough for a signature.
  Planned s04;
  PlanSample("S-04", &s04);
  Row row = s04.sheet.body_row(0);
  pdf::GridLayouter grid(s04.text.get(), s04.plan.column_x);
  pdf::GroupLayout body;
  grid.Layout(&row, 1, pdf::Block::kBody, 0, &body, nullptr);
  CHECK(body.height() * kMmPerPt >= 12);
}

TEST_CASE("a long title takes the full width under the QR code in one line", "[layout][print]") {
  // As long as S-11's title was before it became a notice.
  PrintedSample s11("O-09", "关于停止华东精密机械有限公司销售部印章使用的通知");
  std::vector<Word> title = s11.Find("关于停止华东精密机械有限公司销售部印章使用的通知");
  REQUIRE(title.size() == 1);
  // Under the band of QR code (45 pt from the top margin) and 编号, clear of the 归档章 corner.
  CHECK(title[0].top > pdf::kMargin + pdf::kQrSize);
  // Centred on the page.
  CHECK(title[0].middle_x() == Approx(pdf::kA4Width / 2).margin(2));
}

TEST_CASE("amounts and their total line up right under the 金额 column", "[layout][print]") {
  PrintedSample o09("O-09");
  std::vector<Word> heading = o09.Find("金额");
  REQUIRE(!heading.empty());
  double column_middle = heading[0].middle_x();
  std::vector<Word> amounts;
  for (const char* text : {"640.00", "240.00", "195.00", "55.00", "¥1,130.00"}) {
    std::vector<Word> found = o09.Find(text);
    INFO(text);
    REQUIRE(!found.empty());
    // 55.00 is also a 单价: the one right of the column's middle is the 金额.
    amounts.push_back(found.back());
  }
  for (const Word& w : amounts) {
    INFO(w.text);
    CHECK(w.right == Approx(amounts[0].right).margin(0.5));
    CHECK(w.left > column_middle - 40);
    CHECK(w.right > column_middle);
    CHECK(w.right < column_middle + 40);
  }
}

TEST_CASE("the totals and the 说明 never stand alone on the last page", "[layout][print]") {
  struct Case {
    const char* id;
    size_t column;  // a column whose text tells the last row apart
  };
  for (const Case& c : {Case{"S-04", 4}, Case{"M-07", 1}}) {
    INFO(c.id);
    PrintedSample pdf(c.id);
    const Document& doc = pdf.doc();
    REQUIRE(doc.rows.rows() > 0);
    // The last row is on the last page together with what follows the table.
    const std::string last_text(doc.rows.at(doc.rows.rows() - 1, c.column));
    int last = pdf.pages() - 1;
    INFO(pdf.page_text(last));
    CHECK(pdf.page_text(last).find("说明") != std::string::npos);
    bool body_on_last_page = false;
    for (const Word& w : pdf.words()) {
      if (w.page == last && !last_text.empty() && last_text.find(w.text) != std::string::npos &&
          Utf8Length(w.text) >= 2)
        body_on_last_page = true;
    }
    CHECK(body_on_last_page);
  }
}

TEST_CASE("the footer prints the document number once, without the form id before it",
          "[layout][print]") {
  PrintedSample o09("O-09");
  const std::string& number = o09.doc().doc_number;
  REQUIRE(number.rfind("O-09-", 0) == 0);
  const std::string& text = o09.page_text(0);
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
      ++n;
    return n;
  };
  CHECK(count(number) == 2);  // the 编号 at the top and the footer
  CHECK(count("O-09") == 2);
}
