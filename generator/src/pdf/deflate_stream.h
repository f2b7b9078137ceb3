// Stream data compressed by our own zlib call at a chosen level.
//
// PoDoFo's Flate filter always uses zlib's default level. For a one-page form, compressing the
// font program at that level took more than half of the document's time.
#pragma once

#include <string_view>

namespace PoDoFo {
class PdfObject;
}  // namespace PoDoFo

namespace dangan::pdf {

enum class Deflate {
  // Font programs, written once per document: level 1 made a one-page form 25 % faster and
  // only 5 % larger.
  kFast,
  // Page content, the bulk of a long register: the default level keeps it 15 % smaller and the
  // cost stays well within the time budget.
  kSmall,
};

// Replaces the stream of `object` by `data`, Flate-compressed, and sets /Filter accordingly.
void SetDeflatedStream(PoDoFo::PdfObject* object, std::string_view data, Deflate how);

}  // namespace dangan::pdf
