// Layout stage: turns a bound Document into the Sheet both back ends draw.
#pragma once

#include "dangan/generator/document.h"
#include "dangan/generator/sheet.h"

namespace dangan {

// The Sheet keeps a pointer to `doc` for its table rows: `doc` must outlive it.
Sheet LayOut(const Document& doc);

}  // namespace dangan
