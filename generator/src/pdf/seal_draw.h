// Drawing the 归档章 itself: a red frame of 2 × 3 equal cells holding the six values in black.
#pragma once

#include <vector>

#include "dangan/generator/pdf_stamp.h"
#include "dangan/base/status.h"
#include "pdf/content_stream.h"
#include "pdf/grid_layout.h"
#include "pdf/text_layout.h"

namespace dangan::pdf {

// Draws `seal` into `out`, a ContentStream made with page height kSealHeight: the seal's own
// space, kSealWidth × kSealHeight points with its origin at the bottom-left corner. Characters no
// font can draw go to `problems`. A value too long for its cell even in small print is an error.
Status DrawSeal(const ArchiveSeal& seal, TextLayouter* text, ContentStream* out,
                std::vector<GlyphProblem>* problems);

}  // namespace dangan::pdf
