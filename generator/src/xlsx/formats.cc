#include "xlsx/formats.h"

namespace dangan::xlsx {
namespace {

// Font name is only a hint: Excel and WPS on Chinese Windows have 宋体; elsewhere the reader
// substitutes its own CJK font.
constexpr char kFontName[] = "宋体";
constexpr double kFontSize = 11;
constexpr lxw_color_t kLabelFill = 0xF2F2F2;
constexpr lxw_color_t kHeaderFill = 0xD9D9D9;
constexpr lxw_color_t kRed = 0xFF0000;

uint8_t Horizontal(Align align) {
  switch (align) {
    case Align::kCenter:
      return LXW_ALIGN_CENTER;
    case Align::kRight:
      return LXW_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return LXW_ALIGN_LEFT;
}

const char* NumberFormat(CellKind kind) {
  switch (kind) {
    case CellKind::kMoney:
      return "#,##0.00";
    case CellKind::kDate:
      return "yyyy\"年\"m\"月\"d\"日\"";
    case CellKind::kTime:
      return "hh:mm";
    case CellKind::kText:
    case CellKind::kNumber:
      break;
  }
  return nullptr;
}

void ApplyStyle(lxw_format* f, CellStyle style, Align align) {
  switch (style) {
    case CellStyle::kLabel:
      format_set_align(f, LXW_ALIGN_CENTER);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      format_set_bg_color(f, kLabelFill);
      break;
    case CellStyle::kHeader:
      format_set_bold(f);
      format_set_align(f, LXW_ALIGN_CENTER);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      format_set_bg_color(f, kHeaderFill);
      break;
    case CellStyle::kValue:
      format_set_align(f, Horizontal(align));
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      break;
    case CellStyle::kSignature:
      // Caption at the top, the space below is for the handwritten signature.
      format_set_align(f, Horizontal(align));
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      break;
  }
}

}  // namespace

lxw_format* FormatCache::NewFont(double size) {
  lxw_format* f = workbook_add_format(workbook_);
  format_set_font_name(f, kFontName);
  format_set_font_size(f, size);
  return f;
}

lxw_format* FormatCache::Create(CellStyle style, Align align, CellKind kind, bool red) {
  lxw_format* f = NewFont(kFontSize);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  ApplyStyle(f, style, align);
  if (const char* num_format = NumberFormat(kind)) format_set_num_format(f, num_format);
  if (red) format_set_font_color(f, kRed);
  return f;
}

lxw_format* FormatCache::ForCell(const Cell& cell) {
  // Cells that look the same must share one lxw_format: libxlsxwriter 1.1.4 caches the style
  // index only on the first of several identical formats and re-hashes the others on every cell
  // written, which took a fifth of the time of a 200,000-row register.
  const bool centred = cell.style == CellStyle::kLabel || cell.style == CellStyle::kHeader;
  const Align align = centred ? Align::kCenter : cell.align;
  const CellKind kind = cell.kind == CellKind::kNumber ? CellKind::kText : cell.kind;
  const size_t index =
      ((static_cast<size_t>(cell.style) * kAligns + static_cast<size_t>(align)) * kKinds +
       static_cast<size_t>(kind)) *
          2 +
      (cell.red ? 1 : 0);
  lxw_format*& f = cells_[index];
  if (f == nullptr) f = Create(cell.style, align, kind, cell.red);
  return f;
}

lxw_format* FormatCache::EmptyGrid() { return ForCell(Cell{}); }

lxw_format* FormatCache::Title() {
  if (title_ == nullptr) {
    title_ = NewFont(16);
    format_set_bold(title_);
    format_set_align(title_, LXW_ALIGN_CENTER);
    format_set_align(title_, LXW_ALIGN_VERTICAL_CENTER);
    format_set_shrink(title_);
  }
  return title_;
}

lxw_format* FormatCache::Identity(bool right_aligned) {
  lxw_format*& f = identity_[right_aligned ? 1 : 0];
  if (f == nullptr) {
    f = NewFont(kFontSize);
    format_set_align(f, right_aligned ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_shrink(f);  // a long regulation name shrinks rather than being cut off
  }
  return f;
}

}  // namespace dangan::xlsx
