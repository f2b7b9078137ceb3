#include "support/pdf_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-font.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace dangan::test {
namespace {

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

void CollectError(const std::string& message, void* closure) {
  static_cast<std::vector<std::string>*>(closure)->push_back(message);
}

void Render(const poppler::page& page, PdfContent* out) {
  poppler::page_renderer renderer;
  poppler::image image = renderer.render_page(&page, 36, 36);
  out->ink.push_back(0);
  out->red_pixels.push_back(0);
  if (!image.is_valid() || image.format() != poppler::image::format_argb32) return;
  size_t dark = 0, total = 0, red = 0;
  for (int y = 0; y < image.height(); ++y) {
    const auto* row = reinterpret_cast<const uint8_t*>(
        image.const_data() + static_cast<size_t>(y) * image.bytes_per_row());
    for (int x = 0; x < image.width(); ++x, ++total) {
      const uint8_t* px = row + 4 * x;  // BGRA
      if (px[0] < 128 || px[1] < 128 || px[2] < 128) ++dark;
      if (px[2] > 160 && px[1] < 110 && px[0] < 110) ++red;
    }
  }
  out->ink.back() = total == 0 ? 0 : static_cast<double>(dark) / total;
  out->red_pixels.back() = red;
}

std::vector<PdfTextLine> Lines(const poppler::page& page) {
  struct Word {
    double middle, left;
    std::string text;
  };
  std::vector<Word> words;
  for (const poppler::text_box& box : page.text_list()) {
    poppler::rectf r = box.bbox();
    words.push_back(Word{r.y() + r.height() / 2, r.x(), Utf8(box.text())});
  }
  // Words whose vertical middles are within a few points belong to one visual line.
  std::sort(words.begin(), words.end(),
            [](const Word& a, const Word& b) { return a.middle < b.middle; });
  std::vector<std::vector<Word>> groups;
  for (Word& w : words) {
    if (groups.empty() || w.middle - groups.back().front().middle > 3) groups.emplace_back();
    groups.back().push_back(std::move(w));
  }
  std::vector<PdfTextLine> lines;
  for (std::vector<Word>& group : groups) {
    std::sort(group.begin(), group.end(),
              [](const Word& a, const Word& b) { return a.left < b.left; });
    PdfTextLine line{group.front().middle, group.front().left, ""};
    for (const Word& w : group) line.text += w.text;
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

PdfContent ReadPdf(const std::string& path, bool render) {
  PdfContent out;
  poppler::set_debug_error_function(CollectError, &out.errors);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (doc) {
    out.loaded = true;
    out.title = Utf8(doc->get_title());
    out.subject = Utf8(doc->get_subject());
    out.creator = Utf8(doc->get_creator());
    for (const poppler::font_info& f : doc->fonts()) {
      out.fonts.push_back(PdfFont{f.name(), f.is_embedded(), f.is_subset(),
                                  f.type() == poppler::font_info::cid_truetype});
    }
    for (int i = 0; i < doc->pages(); ++i) {
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (i == 0) {
        out.page_width = page->page_rect().width();
        out.page_height = page->page_rect().height();
      }
      out.pages.push_back(Utf8(page->text(poppler::rectf(), poppler::page::raw_order_layout)));
      out.lines.push_back(Lines(*page));
      if (render) Render(*page, &out);
    }
  }
  poppler::set_debug_error_function(nullptr, nullptr);
  return out;
}

std::string Squeeze(std::string_view utf8) {
  static constexpr std::string_view kIdeographicSpace = "\u3000", kNoBreakSpace = "\u00a0";
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    char c = utf8[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') continue;
    if (utf8.substr(i, 3) == kIdeographicSpace) {
      i += 2;
      continue;
    }
    if (utf8.substr(i, 2) == kNoBreakSpace) {
      i += 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

size_t CountOf(std::string_view haystack, std::string_view needle) {
  size_t count = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace dangan::test
