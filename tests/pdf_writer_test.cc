// PDF back end: what a clerk sees, prints and copies out of a generated form or register.
#include "dangan/generator/pdf_writer.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "generator/src/pdf/text_layout.h"  // private part, tested on purpose
#include "support/pdf_text.h"

namespace {

namespace fs = std::filesystem;
using dangan::Align;
using dangan::Cell;
using dangan::CellStyle;
using dangan::FontFile;
using dangan::Orientation;
using dangan::PdfOptions;
using dangan::PdfResult;
using dangan::PdfWriter;
using dangan::Row;
using dangan::Sheet;
using dangan::Status;
using dangan::test::PdfContent;
using dangan::test::ReadPdf;
using dangan::test::Squeeze;

const char kZenHei[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
const char kHanaMinB[] = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf";

// A fresh directory per test, removed afterwards, so "no file was written" can be checked exactly.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("dangan_pdf_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  size_t Entries() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(path_), fs::directory_iterator()));
  }

 private:
  fs::path path_;
};

Cell MakeCell(int col, const std::string& text, CellStyle style, int col_span = 1,
              const std::string& field = "") {
  Cell c;
  c.col = col;
  c.text = text;
  c.style = style;
  c.col_span = col_span;
  c.field = field;
  return c;
}
Cell Label(int col, const std::string& text, int col_span = 1) {
  return MakeCell(col, text, CellStyle::kLabel, col_span);
}
Cell Value(int col, const std::string& field, const std::string& text, int col_span = 1) {
  return MakeCell(col, text, CellStyle::kValue, col_span, field);
}
Cell Header(int col, const std::string& text) { return MakeCell(col, text, CellStyle::kHeader); }
Row MakeRow(std::vector<Cell> cells) {
  Row r;
  r.cells = std::move(cells);
  return r;
}

void SetIdentity(Sheet* s, const std::string& title) {
  s->template_id = "O-09";
  s->title = title;
  s->source = "《办公用品管理制度》第三条";
  s->doc_number = "BG-2024-000123";
  s->qr_payload = "dangan:O-09:BG-2024-000123";
}

Sheet OfficeSuppliesForm() {
  Sheet s;
  SetIdentity(&s, "办公用品申请单");
  s.column_widths = {12, 20, 12, 20};
  s.head = {MakeRow({Label(0, "申请部门"), Value(1, "申请部门", "行政部"), Label(2, "申请人"),
                     Value(3, "申请人", "张三")}),
            MakeRow({Label(0, "申请日期"), Value(1, "申请日期", "2024年3月5日"),
                     Label(2, "联系电话"), Value(3, "联系电话", "010-12345678")})};
  s.table_header = {
      MakeRow({Header(0, "序号"), Header(1, "物品名称"), Header(2, "数量"), Header(3, "备注")})};
  s.body_count = 3;
  s.body_row = [](size_t i) {
    const char* items[] = {"签字笔（黑色）", "A4复印纸", "档案盒"};
    Row r = MakeRow({Value(0, "序号", std::to_string(i + 1)), Value(1, "物品名称", items[i]),
                     Value(2, "数量", std::to_string(5 * (i + 1))),
                     Value(3, "备注", i == 1 ? "急用" : "")});
    r.cells[2].align = Align::kRight;
    return r;
  };
  Cell opinion = MakeCell(1, "同意", CellStyle::kSignature, 3, "负责人意见");
  s.tail = {MakeRow({Label(0, "部门负责人意见"), opinion})};
  return s;
}

PdfWriter& DefaultWriter() {
  static std::unique_ptr<PdfWriter> writer = [] {
    std::unique_ptr<PdfWriter> w;
    Status st = PdfWriter::Create(PdfOptions{}, &w);
    if (!st.ok()) FAIL(st.ToString());
    return w;
  }();
  return *writer;
}

PdfContent WriteAndRead(PdfWriter& writer, const Sheet& sheet, const std::string& path,
                        PdfResult* result = nullptr, bool render = false) {
  PdfResult local;
  Status st = writer.Write(sheet, path, result ? result : &local);
  INFO(st.ToString());
  REQUIRE(st.ok());
  PdfContent pdf = ReadPdf(path, render);
  REQUIRE(pdf.loaded);
  return pdf;
}

std::string AllText(const PdfContent& pdf) {
  std::string all;
  for (const std::string& page : pdf.pages) all += Squeeze(page);
  return all;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A long value made of numbered clauses, so a lost or repeated piece shows up in a comparison.
std::string LongValue(int clauses) {
  const char* phrases[] = {"根据公司档案管理制度的规定，",
                           "各部门应当于每年三月底前完成上一年度文件的整理归档工作；",
                           "归档文件须齐全完整、签章清晰（包括附件、草稿和电子版本）。",
                           "Contract No. ABC-2024-0815 ",
                           "“会议纪要”由办公室统一编号，",
                           "保管期限分为永久、30年、10年三种！"};
  std::string out;
  for (int i = 0; i < clauses; ++i) out += "第" + std::to_string(i + 1) + "款" + phrases[i % 6];
  return out;
}

TEST_CASE("A filled-in form prints its title, identity, every label and every value", "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  PdfResult result;
  PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("form.pdf"), &result);

  REQUIRE(result.page_count == 1);
  REQUIRE(pdf.pages.size() == 1);
  std::string text = Squeeze(pdf.pages[0]);
  for (const char* expected : {"办公用品申请单",
                               "依据：《办公用品管理制度》第三条",
                               "编号：BG-2024-000123",
                               "申请部门",
                               "行政部",
                               "申请人",
                               "张三",
                               "申请日期",
                               "2024年3月5日",
                               "联系电话",
                               "010-12345678",
                               "序号",
                               "物品名称",
                               "数量",
                               "备注",
                               "签字笔（黑色）",
                               "A4复印纸",
                               "档案盒",
                               "急用",
                               "部门负责人意见",
                               "同意",
                               "第1页共1页",
                               "O-09"}) {
    INFO(expected);
    CHECK(Contains(text, expected));
  }
}

TEST_CASE("The document properties carry the title and document number", "[pdf]") {
  TempDir dir;
  PdfContent pdf = WriteAndRead(DefaultWriter(), OfficeSuppliesForm(), dir.File("form.pdf"));
  CHECK(pdf.title == "办公用品申请单");
  CHECK(pdf.subject == "BG-2024-000123");
  CHECK(pdf.creator == "dangan");
}

TEST_CASE("Every font is embedded as a subset, so the PDF prints the same on any computer",
          "[pdf]") {
  TempDir dir;
  PdfContent pdf =
      WriteAndRead(DefaultWriter(), OfficeSuppliesForm(), dir.File("form.pdf"), nullptr, true);
  REQUIRE_FALSE(pdf.fonts.empty());
  for (const auto& font : pdf.fonts) {
    INFO(font.name);
    CHECK(font.embedded);
    CHECK(font.subset);
    CHECK(font.cid_truetype);
    CHECK(Contains(font.name, "+"));
  }
  // Rendering loads the embedded font programs; Poppler reports any it cannot use.
  INFO((pdf.errors.empty() ? std::string() : pdf.errors.front()));
  CHECK(pdf.errors.empty());
  REQUIRE(pdf.ink.size() == 1);
  CHECK(pdf.ink[0] > 0.005);
}

TEST_CASE("Forms are printed on A4, registers in landscape when the sheet asks", "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  PdfContent portrait = WriteAndRead(DefaultWriter(), sheet, dir.File("portrait.pdf"));
  CHECK(portrait.page_width == Approx(595.28).margin(0.5));
  CHECK(portrait.page_height == Approx(841.89).margin(0.5));
  sheet.orientation = Orientation::kLandscape;
  PdfContent landscape = WriteAndRead(DefaultWriter(), sheet, dir.File("landscape.pdf"));
  CHECK(landscape.page_width == Approx(841.89).margin(0.5));
  CHECK(landscape.page_height == Approx(595.28).margin(0.5));
}

TEST_CASE("Traditional characters print and can be copied out", "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  sheet.title = "檔案移交清冊";
  sheet.head[0].cells[1].text = "會議紀錄檔案室";
  sheet.head[0].cells[3].text = "陳曉東";
  PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("traditional.pdf"));
  std::string text = Squeeze(pdf.pages[0]);
  CHECK(Contains(text, "檔案移交清冊"));
  CHECK(Contains(text, "會議紀錄檔案室"));
  CHECK(Contains(text, "陳曉東"));
}

TEST_CASE("A long multi-line value is printed completely, wrapped inside its cell", "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  std::string value = LongValue(12);
  Cell cell = Value(1, "用途说明", value, 3);
  cell.min_lines = 3;
  sheet.head.push_back(MakeRow({Label(0, "用途说明"), cell}));
  PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("long.pdf"));
  CHECK(Contains(AllText(pdf), Squeeze(value)));

  // It really is several lines, all starting at the cell's left edge.
  size_t lines_of_value = 0;
  for (const auto& line : pdf.lines[0]) {
    if (Contains(value, Squeeze(line.text)) && Squeeze(line.text).size() > 30) ++lines_of_value;
  }
  CHECK(lines_of_value >= 4);
}

TEST_CASE("Line breaks never put closing punctuation at the start of a line", "[pdf]") {
  dangan::pdf::FontChain fonts;
  REQUIRE(dangan::pdf::FontChain::Load({}, &fonts).ok());
  std::unique_ptr<dangan::pdf::TextLayouter> layouter;
  REQUIRE(dangan::pdf::TextLayouter::Create(&fonts, &layouter).ok());

  // Ten ideographs fit a line exactly, so breaking between any two characters would start the
  // second line with "，" and later lines with "。" or "）".
  std::string text =
      "一二三四五六七八九十，一二三四五六七八九十。一二三（四五六七八）九十、一二三四五六七八九十";
  dangan::pdf::TextBlock block;
  std::vector<char32_t> missing;
  layouter->Layout(text, 10, 100, &block, &missing);
  CHECK(missing.empty());
  REQUIRE(block.lines.size() >= 4);
  const std::u32string forbidden = U"，。、；：！？）》」』”";
  std::u32string all;
  for (const auto& line : block.lines) {
    REQUIRE(line.end > line.begin);
    char32_t first = block.glyphs[line.begin].cp;
    INFO("line starts with U+" << std::hex << static_cast<unsigned>(first));
    CHECK(forbidden.find(first) == std::u32string::npos);
    CHECK(line.width <= 10000u);  // 100 pt at 10 pt, in thousandths of an em
    for (uint32_t i = line.begin; i < line.end; ++i) all.push_back(block.glyphs[i].cp);
  }
  size_t code_points = 0;
  for (char c : text) code_points += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  CHECK(all.size() == code_points);  // nothing lost or repeated by wrapping
}

TEST_CASE("A word wider than the cell is broken between characters instead of overflowing",
          "[pdf]") {
  dangan::pdf::FontChain fonts;
  REQUIRE(dangan::pdf::FontChain::Load({}, &fonts).ok());
  std::unique_ptr<dangan::pdf::TextLayouter> layouter;
  REQUIRE(dangan::pdf::TextLayouter::Create(&fonts, &layouter).ok());
  dangan::pdf::TextBlock block;
  const std::u32string forbidden = U"，。、；：！？）》」』”";
  // Whatever the width, the forced break never starts a line with the comma or full stop.
  for (int width = 20; width <= 160; ++width) {
    layouter->Layout("ACCOUNTNUMBER6222021234567890123，CONTRACTNO20240815。", 10, width, &block,
                     nullptr);
    INFO("width " << width);
    REQUIRE(block.lines.size() > 1);
    for (const auto& line : block.lines) {
      CHECK(line.width <= static_cast<uint32_t>(width) * 100);
      CHECK(forbidden.find(block.glyphs[line.begin].cp) == std::u32string::npos);
    }
  }
  layouter->Layout("ACCOUNT-NUMBER-6222021234567890123", 10, 60, &block, nullptr);
  for (const auto& line : block.lines) CHECK(line.width <= 6000u);
}

TEST_CASE("A newline in a value starts a new line, other control characters are ignored", "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  sheet.head[0].cells[1].text = "行政部\n第二行内容\t\r";
  PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("newline.pdf"));
  bool first = false, second = false;
  for (const auto& line : pdf.lines[0]) {
    std::string t = Squeeze(line.text);
    if (Contains(t, "行政部")) first = true;
    if (Contains(t, "第二行内容")) {
      second = true;
      CHECK_FALSE(Contains(t, "行政部"));
    }
  }
  CHECK(first);
  CHECK(second);
}

TEST_CASE("A 500-row register runs over several pages, each with headings and 第 N 页 共 M 页",
          "[pdf]") {
  TempDir dir;
  Sheet sheet;
  SetIdentity(&sheet, "档案借阅登记簿");
  sheet.column_widths = {8, 14, 30, 12};
  sheet.table_header = {MakeRow(
      {Header(0, "序号"), Header(1, "借阅日期"), Header(2, "档案名称"), Header(3, "借阅人")})};
  sheet.body_count = 500;
  sheet.body_row = [](size_t i) {
    char number[16];
    std::snprintf(number, sizeof number, "#%04zu", i + 1);
    return MakeRow({Value(0, "序号", number), Value(1, "借阅日期", "2024-05-20"),
                    Value(2, "档案名称", "年度财务报告"), Value(3, "借阅人", "李四")});
  };
  PdfResult result;
  PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("register.pdf"), &result);

  size_t pages = pdf.pages.size();
  REQUIRE(pages > 1);
  CHECK(result.page_count == static_cast<int>(pages));
  // Every page carries the same frame and headings, so full pages hold the same number of rows.
  size_t per_page = dangan::test::CountOf(pdf.pages[0], "#");
  REQUIRE(per_page > 10);
  CHECK(pages == (500 + per_page - 1) / per_page);

  int next_row = 1;
  for (size_t p = 0; p < pages; ++p) {
    std::string text = Squeeze(pdf.pages[p]);
    INFO("page " << p + 1);
    CHECK(Contains(text, "档案借阅登记簿"));
    CHECK(Contains(text, "编号：BG-2024-000123"));
    CHECK(Contains(text, "序号借阅日期档案名称借阅人"));
    CHECK(Contains(text, "第" + std::to_string(p + 1) + "页共" + std::to_string(pages) + "页"));
    if (p + 1 < pages) CHECK(dangan::test::CountOf(text, "#") == per_page);
    // Rows come in order and none is lost or printed twice.
    for (size_t at = text.find('#'); at != std::string::npos; at = text.find('#', at + 1)) {
      CHECK(std::stoi(text.substr(at + 1, 4)) == next_row);
      ++next_row;
    }
  }
  CHECK(next_row == 501);
}

TEST_CASE("A row taller than a page continues on the next pages without losing text", "[pdf]") {
  TempDir dir;
  Sheet sheet;
  SetIdentity(&sheet, "会议纪要");
  sheet.column_widths = {10};
  sheet.table_header = {MakeRow({Header(0, "纪要内容")})};
  std::string value = LongValue(400);
  sheet.body_count = 1;
  sheet.body_row = [&](size_t) { return MakeRow({Value(0, "纪要内容", value)}); };
  PdfResult result;
  PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("tall.pdf"), &result);
  size_t pages = pdf.pages.size();
  REQUIRE(pages >= 3);

  // Raw drawing order: the frame, then the headings, then the lines of the row on that page.
  std::string body;
  for (size_t p = 0; p < pages; ++p) {
    std::string text = Squeeze(pdf.pages[p]);
    std::string frame = "会议纪要依据：《办公用品管理制度》第三条编号：BG-2024-000123第" +
                        std::to_string(p + 1) + "页共" + std::to_string(pages) +
                        "页O-09BG-2024-000123纪要内容";
    INFO("page " << p + 1);
    REQUIRE(text.compare(0, frame.size(), frame) == 0);
    body += text.substr(frame.size());
  }
  CHECK(body == Squeeze(value));
}

TEST_CASE("Rows joined by a row span stay together on one page", "[pdf]") {
  TempDir dir;
  // Try table lengths until the two-row approval block would straddle a page break.
  bool straddle_seen = false;
  for (size_t rows = 20; rows <= 45 && !straddle_seen; ++rows) {
    Sheet sheet = OfficeSuppliesForm();
    sheet.body_count = rows;
    sheet.body_row = [](size_t i) {
      return MakeRow({Value(0, "序号", std::to_string(i + 1)), Value(1, "物品名称", "签字笔"),
                      Value(2, "数量", "1"), Value(3, "备注", "")});
    };
    Cell approval = MakeCell(0, "审批意见栏", CellStyle::kLabel);
    approval.row_span = 2;
    sheet.tail = {MakeRow({approval, Label(1, "上方审批", 3)}), MakeRow({Label(1, "下方签字", 3)})};
    PdfContent pdf = WriteAndRead(DefaultWriter(), sheet, dir.File("span.pdf"));
    const std::string& last = pdf.pages.back();
    CHECK(Contains(last, "审批意见栏"));
    CHECK(Contains(last, "上方审批"));
    CHECK(Contains(last, "下方签字"));
    // The block moved to the next page, taking the last row along (it never stands alone): a
    // page break fell next to it.
    if (pdf.pages.size() > 1 && dangan::test::CountOf(last, "签字笔") == 1) straddle_seen = true;
  }
  CHECK(straddle_seen);
}

TEST_CASE("Written-off entries (红笔登记) print in red", "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  PdfContent plain = WriteAndRead(DefaultWriter(), sheet, dir.File("plain.pdf"), nullptr, true);
  auto rows = sheet.body_row;
  sheet.body_row = [rows](size_t i) {
    Row r = rows(i);
    for (Cell& c : r.cells) c.red = true;
    return r;
  };
  PdfContent red = WriteAndRead(DefaultWriter(), sheet, dir.File("red.pdf"), nullptr, true);
  CHECK(plain.red_pixels[0] == 0);
  CHECK(red.red_pixels[0] > 20);
}

TEST_CASE("A character no font can draw fails, naming the field and code point, and writes nothing",
          "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  sheet.head[0].cells[3].text = "张\U00013000三";  // EGYPTIAN HIEROGLYPH A001: in none of the fonts
  std::string path = dir.File("bad.pdf");
  Status st = DefaultWriter().Write(sheet, path, nullptr);
  REQUIRE(st.code() == Status::Code::kInvalidArgument);
  REQUIRE(st.problems().size() == 1);
  CHECK(st.problems()[0].code == "missing_glyph");
  const std::string detail = st.problems()[0].message;
  INFO(detail);
  CHECK(Contains(detail, "字段「申请人」"));
  CHECK(Contains(detail, "U+13000"));
  CHECK(Contains(detail, "EGYPTIAN HIEROGLYPH A001"));
  CHECK(Contains(detail, "\U00013000"));
  CHECK_FALSE(fs::exists(path));
  CHECK(dir.Entries() == 0);
}

TEST_CASE("Every undrawable character is reported at once, captions by their place in the grid",
          "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  sheet.title = "申请单\U00013001";
  sheet.head[1].cells[0].text = "日期\U00013002";
  auto rows = sheet.body_row;
  sheet.body_row = [rows](size_t i) {
    Row r = rows(i);
    if (i == 2) r.cells[1].text = "盒\U00013003";
    return r;
  };
  Status st = DefaultWriter().Write(sheet, dir.File("bad.pdf"), nullptr);
  REQUIRE(st.code() == Status::Code::kInvalidArgument);
  std::string all;
  for (const dangan::Problem& p : st.problems()) all += p.message + "\n";
  INFO(all);
  CHECK(st.problems().size() == 3);
  CHECK(Contains(all, "标题：字符"));
  CHECK(Contains(all, "表头第 2 行第 1 列"));
  CHECK(Contains(all, "第 3 行字段「物品名称」"));
  CHECK(dir.Entries() == 0);
}

TEST_CASE("A rare name character beyond the BMP (𠮷) prints with Hanazono or is reported",
          "[pdf]") {
  TempDir dir;
  Sheet sheet = OfficeSuppliesForm();
  sheet.head[0].cells[3].text = "𠮷田";

  SECTION("without a font for it, the field and character are named") {
    std::unique_ptr<PdfWriter> writer;
    REQUIRE(PdfWriter::Create(PdfOptions{{FontFile{kZenHei, 0}}, ""}, &writer).ok());
    Status st = writer->Write(sheet, dir.File("kichi.pdf"), nullptr);
    REQUIRE(st.code() == Status::Code::kInvalidArgument);
    REQUIRE(st.problems().size() == 1);
    CHECK(st.problems()[0].message ==
          "字段「申请人」：字符「𠮷」U+20BB7（CJK UNIFIED IDEOGRAPH-20BB7）字体中没有此字形");
    CHECK(dir.Entries() == 0);
  }
  SECTION("with Hanazono Mincho B in the chain, it prints and copies out") {
    if (!fs::exists(kHanaMinB)) {
      WARN("fonts-hanazono is not installed; Ext-B characters are reported instead");
      return;
    }
    std::unique_ptr<PdfWriter> writer;
    REQUIRE(PdfWriter::Create(PdfOptions{{FontFile{kZenHei, 0}, FontFile{kHanaMinB, 0}}, ""}, &writer)
                .ok());
    PdfContent pdf = WriteAndRead(*writer, sheet, dir.File("kichi.pdf"), nullptr, true);
    CHECK(Contains(Squeeze(pdf.pages[0]), "𠮷田"));
    bool hanazono = false;
    for (const auto& font : pdf.fonts)
      hanazono |= Contains(font.name, "HanaMinB") && font.embedded && font.subset;
    CHECK(hanazono);
    CHECK(pdf.errors.empty());
  }
  SECTION("the default fonts include Hanazono when it is installed") {
    Status st = DefaultWriter().Write(sheet, dir.File("kichi.pdf"), nullptr);
    CHECK(st.ok() == fs::exists(kHanaMinB));
  }
}

TEST_CASE("A missing font file is reported when the writer is created", "[pdf]") {
  std::unique_ptr<PdfWriter> writer;
  Status st =
      PdfWriter::Create(PdfOptions{{FontFile{"/nonexistent/fonts/simsun.ttf", 0}}, ""}, &writer);
  CHECK(st.code() == Status::Code::kNotFound);
  CHECK(Contains(st.message(), "/nonexistent/fonts/simsun.ttf"));
  CHECK(writer == nullptr);
}

TEST_CASE("Writing over an existing file replaces it and leaves no temporary files", "[pdf]") {
  TempDir dir;
  std::string path = dir.File("form.pdf");
  Sheet sheet = OfficeSuppliesForm();
  REQUIRE(DefaultWriter().Write(sheet, path, nullptr).ok());
  sheet.title = "办公用品领用单";
  REQUIRE(DefaultWriter().Write(sheet, path, nullptr).ok());
  CHECK(dir.Entries() == 1);
  CHECK(Contains(Squeeze(ReadPdf(path).pages.at(0)), "办公用品领用单"));
}

TEST_CASE("A write into a missing directory fails with an I/O error", "[pdf]") {
  Status st = DefaultWriter().Write(OfficeSuppliesForm(), "/nonexistent-dir/form.pdf", nullptr);
  CHECK(st.code() == Status::Code::kIoError);
  CHECK(Contains(st.message(), "/nonexistent-dir/form.pdf"));
}

TEST_CASE("One writer serves a batch: each document embeds only its own characters", "[pdf]") {
  TempDir dir;
  Sheet first = OfficeSuppliesForm();
  Sheet second = OfficeSuppliesForm();
  second.head[0].cells[3].text = "欧阳震华";
  PdfContent a = WriteAndRead(DefaultWriter(), first, dir.File("a.pdf"));
  PdfContent b = WriteAndRead(DefaultWriter(), second, dir.File("b.pdf"));
  CHECK(Contains(Squeeze(a.pages[0]), "张三"));
  CHECK_FALSE(Contains(Squeeze(a.pages[0]), "欧阳震华"));
  CHECK(Contains(Squeeze(b.pages[0]), "欧阳震华"));
  CHECK(fs::file_size(dir.File("a.pdf")) < 60000);
}

}  // namespace
