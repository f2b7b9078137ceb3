// The sRGB ICC profile of icc-profiles-free (zlib licence), compiled in at build time from
// Debian's /usr/share/color/icc/sRGB.icc (see generator/CMakeLists.txt): a generated PDF never
// depends on a file being present at run time.
#pragma once

#include <cstddef>

namespace dangan::pdf {

extern const unsigned char kSrgbIcc[];
extern const size_t kSrgbIccSize;

}  // namespace dangan::pdf
