// PageMarks: where an existing page puts ink, read from its content stream.
//
// The 归档章 must go on a blank part of page one, and a PDF made elsewhere tells us nothing about
// its layout but its drawing operators. Following them (transformations, paths, text, images)
// gives conservative boxes around everything visible, enough to find a free place. The same pass
// counts q/Q nesting, so whatever we append can first undo any graphics state the page left set.
#pragma once

#include <vector>

#include "pdf/affine.h"

namespace PoDoFo {
class PdfObject;
class PdfPage;
class PdfVecObjects;
}  // namespace PoDoFo

namespace dangan::pdf {

// What made a mark: covering text or a filled area (a QR code, a photo) hides it, while crossing
// a ruled line leaves it readable.
enum class MarkKind { kText, kArea, kLine };

struct Mark {
  Box box;  // default user space
  MarkKind kind = MarkKind::kArea;
};

struct PageMarks {
  std::vector<Mark> marks;
  // q/Q nesting relative to the start of the page's content: the lowest it went (negative when
  // the page pops states it never saved) and where it ended.
  int lowest_depth = 0;
  int final_depth = 0;
  bool open_text = false;  // the content ends inside BT … ET
  bool complete = true;    // false when the content could not be read to its end
};

// `o`, or the object it refers to when it is a reference; null stays null.
const PoDoFo::PdfObject* Resolve(PoDoFo::PdfVecObjects* objects, const PoDoFo::PdfObject* o);

// Reads the content of `page`. Never throws: unreadable content ends the scan with what it found
// so far (complete = false), as a viewer would still show the part before the damage.
void ScanPageMarks(PoDoFo::PdfPage* page, PageMarks* out);

}  // namespace dangan::pdf
