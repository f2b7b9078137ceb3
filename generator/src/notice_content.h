// The words of a notice (style: notice): which field's value goes to the 主送, the 正文, the 落款
// and the 成文日期, as printed. The grid parts (the counterfoil of a 介绍信) are the layout's.
#pragma once

#include "dangan/generator/document.h"
#include "dangan/generator/sheet.h"

namespace dangan {

// `doc.tmpl->notice` must be set.
NoticeContent NoticeText(const Document& doc);

}  // namespace dangan
