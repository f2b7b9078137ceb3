// Putting Tesseract's text lines back into page order. Forms are tables, and Tesseract's page
// layout analysis reads a row of cells with wrapped text as one garbled line; found one by one
// ("sparse text"), the lines come out right but in no useful order. Grouping them into rows by
// position gives the order a reader sees: top to bottom, each row left to right.
#include <algorithm>

#include "intake_internal.h"

namespace dangan::intake {

int MedianHeight(const std::vector<TextFragment>& fragments) {
  std::vector<int> heights;
  for (const TextFragment& f : fragments) heights.push_back(f.bottom - f.top);
  if (heights.empty()) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

// A row's fragments left to right, a space between cells. Fragments that touch are one piece of
// text Tesseract cut in two ("办" + "公用品申请单"), joined as one.
std::string RowText(std::vector<const TextFragment*>* row) {
  std::sort(row->begin(), row->end(),
            [](const TextFragment* a, const TextFragment* b) { return a->left < b->left; });
  std::string text = row->front()->text;
  for (size_t i = 1; i < row->size(); ++i) {
    const TextFragment& f = *(*row)[i];
    const bool touching = f.left - (*row)[i - 1]->right < (f.bottom - f.top) / 2;
    text = touching ? JoinPieces(text, f.text) : text + " " + f.text;
  }
  return text;
}

std::string ArrangeRows(std::vector<TextFragment> fragments) {
  std::sort(fragments.begin(), fragments.end(),
            [](const TextFragment& a, const TextFragment& b) { return a.top < b.top; });
  // A fragment several lines tall (text Tesseract read across lines, or sideways) would pull the
  // rows it spans into one: it gets a row of its own instead.
  const int tall = 3 * MedianHeight(fragments);
  std::vector<std::vector<const TextFragment*>> rows;
  size_t band_row = 0;
  int band_top = 0, band_bottom = -1;  // vertical extent of the current row's first fragment
  for (const TextFragment& f : fragments) {
    if (f.bottom - f.top > tall) {
      rows.push_back({&f});
      continue;
    }
    const int middle = (f.top + f.bottom) / 2;
    if (rows.empty() || middle < band_top || middle > band_bottom) {
      rows.emplace_back();
      band_row = rows.size() - 1;
      band_top = f.top;
      band_bottom = f.bottom;
    }
    rows[band_row].push_back(&f);
  }
  std::string text;
  for (auto& row : rows) {
    if (!text.empty()) text += '\n';
    text += RowText(&row);
  }
  return text;
}

}  // namespace dangan::intake
