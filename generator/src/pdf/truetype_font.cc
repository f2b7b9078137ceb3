#include "pdf/truetype_font.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "pdf/big_endian.h"

namespace dangan::pdf {
namespace {

int To1000(int value, uint16_t units_per_em) {
  // Rounded, so that measured widths and the widths written into the PDF are the same numbers.
  long scaled = static_cast<long>(value) * 1000;
  long half = units_per_em / 2;
  return static_cast<int>(scaled >= 0 ? (scaled + half) / units_per_em
                                      : (scaled - half) / units_per_em);
}

std::string SafePdfName(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_') {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

TrueTypeFont::~TrueTypeFont() {
  if (mapping_ != nullptr) munmap(mapping_, size_);
}

Status TrueTypeFont::Open(const std::string& path, int face_index,
                          std::unique_ptr<TrueTypeFont>* out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("找不到字体文件「" + path + "」");
    return Status::IoError("无法打开字体文件「" + path + "」：" + SystemErrorText(errno));
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    close(fd);
    return Status::IoError("无法读取字体文件「" + path + "」");
  }
  // Mapped rather than read: a 30 MB fallback font costs nothing until a rare character needs it.
  void* mapping = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (mapping == MAP_FAILED)
    return Status::IoError("无法映射字体文件「" + path + "」：" + SystemErrorText(errno));

  std::unique_ptr<TrueTypeFont> font(new TrueTypeFont());
  font->mapping_ = mapping;
  font->data_ = static_cast<const uint8_t*>(mapping);
  font->size_ = static_cast<size_t>(st.st_size);
  font->path_ = path;
  DANGAN_RETURN_IF_ERROR(font->Parse(face_index));
  *out = std::move(font);
  return Status::Ok();
}

Status TrueTypeFont::FromBytes(std::string bytes, std::unique_ptr<TrueTypeFont>* out) {
  std::unique_ptr<TrueTypeFont> font(new TrueTypeFont());
  font->owned_ = std::move(bytes);
  font->data_ = reinterpret_cast<const uint8_t*>(font->owned_.data());
  font->size_ = font->owned_.size();
  font->path_ = "(内存中的字体)";
  DANGAN_RETURN_IF_ERROR(font->Parse(0));
  *out = std::move(font);
  return Status::Ok();
}

Status TrueTypeFont::Error(const std::string& what) const {
  return Status::Corruption("字体文件「" + path_ + "」无法解析：" + what);
}

Status TrueTypeFont::Parse(int face_index) {
  if (size_ < 12) return Error("文件太短");
  uint32_t dir_offset = 0;
  if (Be32(data_) == SfntTag("ttcf")) {
    uint32_t faces = Be32(data_ + 8);
    if (face_index < 0 || static_cast<uint32_t>(face_index) >= faces) {
      return Status::InvalidArgument("字体集「" + path_ + "」只有 " + std::to_string(faces) +
                                     " 个字体，没有第 " + std::to_string(face_index) + " 号");
    }
    if (12 + 4 * static_cast<size_t>(faces) > size_) return Error("字体集目录不完整");
    dir_offset = Be32(data_ + 12 + 4 * face_index);
  } else if (face_index != 0) {
    return Status::InvalidArgument("字体文件「" + path_ + "」不是字体集，只能使用第 0 号字体");
  }
  DANGAN_RETURN_IF_ERROR(ReadTableDirectory(dir_offset));
  DANGAN_RETURN_IF_ERROR(ReadHeader());
  DANGAN_RETURN_IF_ERROR(ReadMetrics());
  DANGAN_RETURN_IF_ERROR(ReadCmap());
  ReadNames();
  return Status::Ok();
}

Status TrueTypeFont::ReadTableDirectory(uint32_t dir_offset) {
  if (static_cast<size_t>(dir_offset) + 12 > size_) return Error("表目录超出文件范围");
  const uint8_t* dir = data_ + dir_offset;
  uint32_t version = Be32(dir);
  if (version == SfntTag("OTTO")) {
    return Status::Unsupported(
        "字体文件「" + path_ +
        "」是 CFF 轮廓（OpenType/CFF），无法嵌入子集；请改用 TrueType（glyf）轮廓的字体");
  }
  if (version != 0x00010000 && version != SfntTag("true")) return Error("不是 TrueType 字体");
  uint16_t count = Be16(dir + 4);
  if (static_cast<size_t>(dir_offset) + 12 + 16 * static_cast<size_t>(count) > size_)
    return Error("表目录不完整");
  for (uint16_t i = 0; i < count; ++i) {
    const uint8_t* rec = dir + 12 + 16 * i;
    TableRef t{Be32(rec), Be32(rec + 8), Be32(rec + 12)};
    if (static_cast<size_t>(t.offset) + t.length > size_) return Error("表超出文件范围");
    tables_.push_back(t);
  }
  if (Table(SfntTag("glyf")).empty()) {
    if (!Table(SfntTag("CFF ")).empty() || !Table(SfntTag("CFF2")).empty()) {
      return Status::Unsupported("字体文件「" + path_ +
                                 "」是 CFF 轮廓，无法嵌入子集；请改用 TrueType（glyf）轮廓的字体");
    }
    return Error("缺少 glyf 表");
  }
  struct Required {
    uint32_t tag;
    const char* name;
  };
  static constexpr Required kRequired[] = {{SfntTag("head"), "head"}, {SfntTag("hhea"), "hhea"},
                                           {SfntTag("maxp"), "maxp"}, {SfntTag("hmtx"), "hmtx"},
                                           {SfntTag("loca"), "loca"}, {SfntTag("cmap"), "cmap"}};
  for (const Required& r : kRequired) {
    if (Table(r.tag).empty()) return Error(std::string("缺少 ") + r.name + " 表");
  }
  return Status::Ok();
}

std::string_view TrueTypeFont::Table(uint32_t tag) const {
  for (const TableRef& t : tables_) {
    if (t.tag == tag)
      return std::string_view(reinterpret_cast<const char*>(data_) + t.offset, t.length);
  }
  return {};
}

Status TrueTypeFont::ReadHeader() {
  std::string_view head = Table(SfntTag("head"));
  std::string_view maxp = Table(SfntTag("maxp"));
  if (head.size() < 54) return Error("head 表太短");
  if (maxp.size() < 6) return Error("maxp 表太短");
  auto h = reinterpret_cast<const uint8_t*>(head.data());
  units_per_em_ = Be16(h + 18);
  if (units_per_em_ < 16) return Error("unitsPerEm 无效");
  for (int i = 0; i < 4; ++i) bbox_1000_[i] = To1000(BeS16(h + 36 + 2 * i), units_per_em_);
  long_loca_ = BeS16(h + 50) != 0;
  num_glyphs_ = Be16(reinterpret_cast<const uint8_t*>(maxp.data()) + 4);
  if (num_glyphs_ == 0) return Error("没有字形");

  loca_ = Table(SfntTag("loca"));
  glyf_ = Table(SfntTag("glyf"));
  size_t loca_needed = (static_cast<size_t>(num_glyphs_) + 1) * (long_loca_ ? 4 : 2);
  if (loca_.size() < loca_needed) return Error("loca 表太短");
  return Status::Ok();
}

Status TrueTypeFont::ReadMetrics() {
  std::string_view hhea = Table(SfntTag("hhea"));
  if (hhea.size() < 36) return Error("hhea 表太短");
  auto hh = reinterpret_cast<const uint8_t*>(hhea.data());
  ascent_1000_ = To1000(BeS16(hh + 4), units_per_em_);
  descent_1000_ = To1000(BeS16(hh + 6), units_per_em_);
  num_hmetrics_ = Be16(hh + 34);
  hmtx_ = Table(SfntTag("hmtx"));
  if (num_hmetrics_ == 0 || hmtx_.size() < 4u * num_hmetrics_) return Error("hmtx 表不完整");

  std::string_view os2 = Table(SfntTag("OS/2"));
  cap_height_1000_ = ascent_1000_;
  if (os2.size() >= 72) {
    auto o = reinterpret_cast<const uint8_t*>(os2.data());
    // The typographic ascent/descent describe the ideographic em box better than hhea's line gaps.
    ascent_1000_ = To1000(BeS16(o + 68), units_per_em_);
    descent_1000_ = To1000(BeS16(o + 70), units_per_em_);
    cap_height_1000_ = ascent_1000_;
    if (Be16(o) >= 2 && os2.size() >= 90) {
      int cap = To1000(BeS16(o + 88), units_per_em_);
      if (cap > 0) cap_height_1000_ = cap;
    }
  }

  advance_1000_.resize(num_glyphs_);
  for (uint16_t gid = 0; gid < num_glyphs_; ++gid) {
    advance_1000_[gid] = static_cast<uint16_t>(
        std::clamp(To1000(HorizontalMetric(gid).advance, units_per_em_), 0, 65535));
  }
  return Status::Ok();
}

TrueTypeFont::HMetric TrueTypeFont::HorizontalMetric(uint16_t gid) const {
  auto m = reinterpret_cast<const uint8_t*>(hmtx_.data());
  HMetric out;
  if (gid < num_hmetrics_) {
    out.advance = Be16(m + 4 * gid);
    out.lsb = BeS16(m + 4 * gid + 2);
    return out;
  }
  // Glyphs past numberOfHMetrics share the last advance; only their side bearings are listed.
  out.advance = Be16(m + 4 * (num_hmetrics_ - 1));
  size_t lsb_at = 4u * num_hmetrics_ + 2u * (gid - num_hmetrics_);
  if (lsb_at + 2 <= hmtx_.size()) out.lsb = BeS16(m + lsb_at);
  return out;
}

std::string_view TrueTypeFont::GlyphData(uint16_t gid) const {
  if (gid >= num_glyphs_) return {};
  auto l = reinterpret_cast<const uint8_t*>(loca_.data());
  size_t begin, end;
  if (long_loca_) {
    begin = Be32(l + 4 * gid);
    end = Be32(l + 4 * gid + 4);
  } else {
    begin = 2u * Be16(l + 2 * gid);
    end = 2u * Be16(l + 2 * gid + 2);
  }
  if (end <= begin || end > glyf_.size()) return {};
  return glyf_.substr(begin, end - begin);
}

Status TrueTypeFont::ReadCmap() {
  std::string_view cmap = Table(SfntTag("cmap"));
  if (cmap.size() < 4) return Error("cmap 表太短");
  auto c = reinterpret_cast<const uint8_t*>(cmap.data());
  uint16_t count = Be16(c + 2);
  if (4 + 8 * static_cast<size_t>(count) > cmap.size()) return Error("cmap 目录不完整");

  // Prefer the full-repertoire (format 12) Unicode subtable: it is the only one reaching non-BMP.
  const uint8_t* best = nullptr;
  size_t best_len = 0;
  int best_rank = 0;
  for (uint16_t i = 0; i < count; ++i) {
    uint16_t platform = Be16(c + 4 + 8 * i), encoding = Be16(c + 6 + 8 * i);
    uint32_t offset = Be32(c + 8 + 8 * i);
    if (static_cast<size_t>(offset) + 4 > cmap.size()) continue;
    uint16_t format = Be16(c + offset);
    bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
    int rank = !unicode ? 0 : format == 12 ? 2 : format == 4 ? 1 : 0;
    if (rank > best_rank) {
      best = c + offset;
      best_len = cmap.size() - offset;
      best_rank = rank;
    }
  }
  if (best == nullptr) return Error("没有 Unicode 字符映射（cmap 格式 4 或 12）");
  cmap_pages_.resize(kCodeSpace >> 8);
  if (best_rank == 2) {
    ReadCmapFormat12(best, best_len);
  } else {
    ReadCmapFormat4(best, best_len);
  }
  return Status::Ok();
}

void TrueTypeFont::MapCodePoint(char32_t cp, uint32_t gid) {
  if (cp >= kCodeSpace || gid == 0 || gid >= num_glyphs_) return;
  auto& page = cmap_pages_[cp >> 8];
  if (!page) page = std::make_unique<CmapPage>(CmapPage{});
  (*page)[cp & 0xff] = static_cast<uint16_t>(gid);
}

void TrueTypeFont::ReadCmapFormat4(const uint8_t* sub, size_t len) {
  if (len < 14) return;
  size_t sub_len = std::min<size_t>(len, Be16(sub + 2));
  uint16_t seg_count = Be16(sub + 6) / 2;
  size_t ends = 14, starts = ends + 2 * seg_count + 2, deltas = starts + 2 * seg_count,
         ranges = deltas + 2 * seg_count;
  if (ranges + 2 * seg_count > sub_len) return;
  for (uint16_t s = 0; s < seg_count; ++s) {
    uint32_t end = Be16(sub + ends + 2 * s), start = Be16(sub + starts + 2 * s);
    uint16_t delta = Be16(sub + deltas + 2 * s);
    size_t range_at = ranges + 2 * s;
    uint16_t range_offset = Be16(sub + range_at);
    for (uint32_t cp = start; cp <= end && cp != 0xffff; ++cp) {
      uint16_t gid;
      if (range_offset == 0) {
        gid = static_cast<uint16_t>(cp + delta);
      } else {
        size_t at = range_at + range_offset + 2 * (cp - start);
        if (at + 2 > sub_len) break;
        gid = Be16(sub + at);
        if (gid != 0) gid = static_cast<uint16_t>(gid + delta);
      }
      MapCodePoint(cp, gid);
    }
  }
}

void TrueTypeFont::ReadCmapFormat12(const uint8_t* sub, size_t len) {
  if (len < 16) return;
  size_t sub_len = std::min<size_t>(len, Be32(sub + 4));
  uint32_t groups = Be32(sub + 12);
  for (uint32_t g = 0; g < groups && 16 + 12 * static_cast<size_t>(g) + 12 <= sub_len; ++g) {
    const uint8_t* rec = sub + 16 + 12 * static_cast<size_t>(g);
    uint32_t start = Be32(rec), end = std::min<uint32_t>(Be32(rec + 4), kCodeSpace - 1),
             gid = Be32(rec + 8);
    for (uint32_t cp = start; cp <= end; ++cp, ++gid) MapCodePoint(cp, gid);
  }
}

void TrueTypeFont::ReadNames() {
  std::string_view name = Table(SfntTag("name"));
  auto n = reinterpret_cast<const uint8_t*>(name.data());
  if (name.size() >= 6) {
    uint16_t count = Be16(n + 2), strings = Be16(n + 4);
    for (uint16_t i = 0; i < count && 6 + 12 * static_cast<size_t>(i) + 12 <= name.size(); ++i) {
      const uint8_t* rec = n + 6 + 12 * i;
      uint16_t platform = Be16(rec), name_id = Be16(rec + 6), length = Be16(rec + 8),
               offset = Be16(rec + 10);
      if (name_id != 6 || static_cast<size_t>(strings) + offset + length > name.size()) continue;
      std::string raw;
      const uint8_t* s = n + strings + offset;
      if (platform == 3 || platform == 0) {
        for (uint16_t k = 0; k + 1 < length; k += 2) {
          if (s[k] == 0) raw.push_back(static_cast<char>(s[k + 1]));
        }
      } else {
        raw.assign(reinterpret_cast<const char*>(s), length);
      }
      postscript_name_ = SafePdfName(raw);
      if (!postscript_name_.empty()) break;
    }
  }
  if (postscript_name_.empty()) {
    std::string stem = path_.substr(path_.find_last_of('/') + 1);
    postscript_name_ = SafePdfName(stem.substr(0, stem.find('.')));
  }
  if (postscript_name_.empty()) postscript_name_ = "Font";
}

}  // namespace dangan::pdf
