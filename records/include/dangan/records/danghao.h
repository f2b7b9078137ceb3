// 档号 (archival reference code): one normalisation and one reading of the archive's pattern,
// shared by filing, look-up and import. The DA/T 22-2015 default pattern
// `{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}` gives Z109-WS·2024-Y-BGS-0001.
//
// 件号 counts within a class. The class is the 档号 with its 件号 left open (the "class key",
// e.g. `Z109-WS·2024-Y-BGS-{件号}`): exactly the parts the pattern shows, so a pattern without
// {机构} numbers all departments of a year and period together, and two items can never get the
// same 档号.
#pragma once

#include <string>
#include <string_view>

#include "dangan/base/status.h"

namespace dangan {

// The parts of a 档号 the pattern can show (besides its 件号).
struct DanghaoParts {
  std::string fonds, category, retention, department;
  int year = 0;
};

extern const char kPiecePlaceholder[];  // {件号}

// A 档号 in its one canonical spelling (see Normalize).
class Danghao {
 public:
  Danghao() = default;

  // Full-width letters and digits to ASCII, letters upper-case, spaces dropped; the look-alikes
  // of the middle dot (・ ･ • ‧ ∙ ⋅) to "·", and "." "．" "。" too where one stands between the
  // 门类 letters and the 年度 digits; the dashes (－ — – ‐ ‑ ‒ ― −) to "-". Legacy retention
  // words inside (…-长期-…) are kept (traditional forms simplified).
  static std::string Normalize(std::string_view text);
  static Danghao Parse(std::string_view text) { return Danghao(Normalize(text)); }
  // The 档号 of `piece` in the class of `parts`, as `pattern` writes it.
  static Danghao Format(const std::string& pattern, const DanghaoParts& parts, int piece);

  const std::string& text() const { return text_; }
  bool empty() const { return text_.empty(); }

  // When this 档号 has the shape of `pattern`: true, the parts the pattern shows written into
  // `*parts` (the others left as they were) and the 件号 into `*piece`. Else false, nothing
  // changed.
  bool Split(const std::string& pattern, DanghaoParts* parts, int* piece) const;

  friend bool operator==(const Danghao& a, const Danghao& b) { return a.text_ == b.text_; }
  friend bool operator!=(const Danghao& a, const Danghao& b) { return a.text_ != b.text_; }

 private:
  explicit Danghao(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Danghao::Normalize, as a free function for code that handles 档号 as text.
inline std::string NormalizeDanghao(std::string_view text) { return Danghao::Normalize(text); }

// Checks that every placeholder is known and {件号} appears exactly once; the problem has the
// code "invalid_pattern" and the field 档号格式.
Status ValidateDanghaoPattern(const std::string& pattern);

std::string DanghaoClassKey(const std::string& pattern, const DanghaoParts& parts);
// 件号 written as the pattern wants it: 4 digits, zero-padded.
std::string PieceText(int piece);
std::string DanghaoFor(const std::string& class_key, int piece);
// The 件号 of `danghao` if it is `class_key` with a 4-digit 件号 filled in, else 0.
int PieceIn(const std::string& class_key, const std::string& danghao);

// A legacy 档号 given at filing: when it has the pattern's shape its parts must agree with the
// item's (else two 档号 could name one class's 件号; each disagreement is an "invalid_danghao"
// problem of the field 档号), and `*piece` gets its 件号; a 档号 of another shape (older
// patterns, 3-digit 件号) is kept as given with `*piece` = 0.
Status CheckLegacyDanghao(const std::string& pattern, const Danghao& danghao,
                          const DanghaoParts& expected, int* piece);

}  // namespace dangan
