// One zlib stream whose middle part is compressed once per process.
//
// A batch of forms of one template embeds, in every document, the glyphs of the same captions
// (pdf_fonts.cc numbers them first), and compressing them again for each document was the largest
// cost of a one-page form. A deflate stream is a sequence of blocks: the middle part is deflated
// once into blocks that end on a byte boundary and are not final, and each document's stream is
// put together from its own first part (stored as is), those cached blocks and its own last part,
// followed by the Adler-32 of the whole. Any zlib reader inflates it as one stream.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dangan::pdf {

// `data` as a zlib stream into `out`, with data[begin, end) taken from (or added to) the
// process-wide cache. Falls back to compressing everything at once where the parts do not suit
// (a short middle, a first part longer than one stored block). False if compression failed.
bool CompressReusingMiddle(std::string_view data, size_t begin, size_t end, std::string* out);

}  // namespace dangan::pdf
