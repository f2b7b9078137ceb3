// Stream data compressed by libdeflate at a chosen level.
//
// PoDoFo's Flate filter always uses zlib's default level, and zlib itself was more than half of a
// one-page form's time. libdeflate compresses whole buffers several times faster than zlib at
// the same ratio (issue 18 §5).
#pragma once

#include <string>
#include <string_view>

namespace PoDoFo {
class PdfObject;
}  // namespace PoDoFo

namespace dangan::pdf {

enum class Deflate {
  // Font programs and their ToUnicode maps, written once per document (or once per process
  // when the same subset recurs, see pdf_fonts.cc).
  kFast,
  // Page content, the bulk of a long register.
  kSmall,
};

// `data` as a zlib stream (what /FlateDecode reads) into `out`; false if compression failed.
bool Compress(std::string_view data, Deflate how, std::string* out);

// Replaces the stream of `object` by `data`, Flate-compressed, and sets /Filter accordingly.
void SetDeflatedStream(PoDoFo::PdfObject* object, std::string_view data, Deflate how);

// Replaces the stream of `object` by `packed`, which Compress() made, and sets /Filter.
void SetCompressedStream(PoDoFo::PdfObject* object, std::string_view packed);

}  // namespace dangan::pdf
