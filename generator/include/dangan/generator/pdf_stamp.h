// The 归档章 (filing stamp, DA/T 22-2015) drawn on a copy of a filed PDF, for use: the original
// in the store is never touched.
#pragma once

#include <string>

#include "dangan/generator/pdf_writer.h"
#include "dangan/base/status.h"

namespace dangan {

// The six cells, in their fixed places:
//   | 全宗号        | 年度     | 件号 |
//   | 机构（问题）  | 保管期限 | 页数 |
struct ArchiveSeal {
  std::string fonds;       // 全宗号, e.g. Z109
  std::string year;        // 年度, e.g. 2024
  std::string piece;       // 件号, e.g. 0001
  std::string department;  // 机构（问题）, e.g. BGS or 办公室; may be empty
  std::string retention;   // 保管期限 as printed: 永久 / 30年 / 10年
  std::string pages;       // 页数
};

// Writes to `out` a copy of the PDF `in` with the seal (45 mm × 16 mm, red frame and dividers,
// values in black) in the top-right blank area of page one. `in` is only read. Fonts as for
// PdfWriter (empty options: the default Debian fonts).
Status StampArchiveSeal(const std::string& in, const std::string& out, const ArchiveSeal& seal,
                        const PdfOptions& fonts = {});

}  // namespace dangan
