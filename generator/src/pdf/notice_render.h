// Draws a planned notice (pdf/notice_plan) into PoDoFo objects, as render.h does for grids.
#pragma once

#include "dangan/base/status.h"
#include "dangan/generator/sheet.h"
#include "pdf/font_chain.h"
#include "pdf/notice_plan.h"

namespace PoDoFo {
class PdfMemDocument;
}  // namespace PoDoFo

namespace dangan::pdf {

Status RenderNotice(const Sheet& sheet, const NoticePlan& plan, const FontChain& fonts,
                    PoDoFo::PdfMemDocument* doc);

}  // namespace dangan::pdf
