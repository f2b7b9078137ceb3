// 档号 (archival reference code) from the archive's pattern, e.g. the DA/T 22-2015 default
// `{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}` → Z109-WS·2024-Y-BGS-0001.
//
// 件号 counts within a class. The class is the 档号 with its 件号 left open (the "class key",
// e.g. `Z109-WS·2024-Y-BGS-{件号}`): exactly the parts the pattern shows, so a pattern without
// {机构} numbers all departments of a year and period together, and two items can never get the
// same 档号.
#pragma once

#include <string>

#include "dangan/base/status.h"

namespace dangan::archive {

struct DanghaoParts {
  std::string fonds, category, retention, department;
  int year = 0;
};

extern const char kPiecePlaceholder[];  // {件号}

// Checks that every placeholder is known and {件号} appears exactly once.
Status ValidatePattern(const std::string& pattern);

std::string ClassKey(const std::string& pattern, const DanghaoParts& parts);
// 件号 written as the pattern wants it: 4 digits, zero-padded.
std::string PieceText(int piece);
std::string DanghaoFor(const std::string& class_key, int piece);
// The 件号 of `danghao` if it is `class_key` with a 4-digit 件号 filled in, else 0.
int PieceIn(const std::string& class_key, const std::string& danghao);

// A legacy 档号 given at filing: when it has the pattern's shape its parts must agree with the
// item's (else two 档号 could name one class's 件号), and `*piece` gets its 件号; a 档号 of another
// shape (older patterns, 3-digit 件号) is kept as given with `*piece` = 0.
Status CheckLegacyDanghao(const std::string& pattern, const std::string& danghao,
                          const DanghaoParts& expected, int* piece);

// Trims spaces and turns look-alikes of the middle dot (・ • ． ‧ ⋅ …) into U+00B7 and
// full-width or typographic hyphens into "-", as clerks and old spreadsheets type them.
std::string NormalizeDanghao(const std::string& danghao);

}  // namespace dangan::archive
