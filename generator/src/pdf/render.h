// Rendering: the second pass, drawing a planned document into PoDoFo objects.
#pragma once

#include "dangan/generator/sheet.h"
#include "dangan/base/status.h"
#include "pdf/document_plan.h"
#include "pdf/font_chain.h"
#include "pdf/text_layout.h"

namespace PoDoFo {
class PdfMemDocument;
}  // namespace PoDoFo

namespace dangan::pdf {

Status RenderDocument(const Sheet& sheet, const DocumentPlan& plan, const FontChain& fonts,
                      TextLayouter* text, PoDoFo::PdfMemDocument* doc);

}  // namespace dangan::pdf
