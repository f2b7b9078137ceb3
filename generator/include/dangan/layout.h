// Layout stage: turns a bound Document into the Sheet both back ends draw.
#pragma once

#include "dangan/document.h"
#include "dangan/sheet.h"

namespace dangan {

// The Sheet keeps a pointer to `doc` for its table rows: `doc` must outlive it.
Sheet LayOut(const Document& doc);

}  // namespace dangan
