// Turns characters that no font can draw into the error the clerk sees.
#pragma once

#include <string>
#include <vector>

#include "dangan/base/status.h"
#include "pdf/grid_layout.h"

namespace dangan::pdf {

// One detail line per distinct (place, character), e.g.
// 字段「申请人」：字符「𠮷」U+20BB7（CJK UNIFIED IDEOGRAPH-20BB7）字体中没有此字形
Status GlyphProblemsStatus(const std::string& path, const std::vector<GlyphProblem>& problems);

}  // namespace dangan::pdf
