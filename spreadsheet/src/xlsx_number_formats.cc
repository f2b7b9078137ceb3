#include "xlsx_number_formats.h"

#include <string_view>

namespace dangan::sheet {
namespace {

std::optional<DateShows> BuiltIn(int id) {
  switch (id) {
    case 14:
    case 15:
    case 16:
    case 17:  // m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:  // zh-CN: yyyy"年"m"月", m"月"d"日", …
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return DateShows::kDate;
    case 22:  // m/d/yyyy h:mm
      return DateShows::kDateTime;
    case 18:
    case 20:
    case 32:
    case 34:
    case 55:  // h:mm AM/PM, h:mm, h"时"mm"分", 上午/下午…
      return DateShows::kTime;
    case 19:
    case 21:
    case 33:
    case 35:
    case 45:
    case 46:
    case 47:
    case 56:  // … with seconds
      return DateShows::kTimeSeconds;
    default:
      return std::nullopt;
  }
}

struct Tokens {
  bool date = false, time = false, seconds = false;
};

bool StartsWithLower(std::string_view s, size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != word[k]) return false;
  }
  return true;
}

// "[h]", "[mm]", "[ss]": elapsed time. Colours, conditions and "[$-804]" locales are not dates.
void ReadBracket(std::string_view inside, Tokens* t) {
  if (inside.empty()) return;
  const char c = static_cast<char>(inside[0] | 0x20);
  if (inside.find_first_not_of(inside[0]) != std::string_view::npos) return;
  if (c == 'h' || c == 'm') t->time = true;
  if (c == 's') t->time = t->seconds = true;
}

// The date and time tokens of a format's first section, outside quotes, escapes and brackets.
Tokens Scan(std::string_view code) {
  Tokens t;
  char previous = 0;  // the last date/time letter, to tell minutes (h:mm, mm:ss) from months
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped character, a padding width or a fill character
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      ReadBracket(code.substr(i + 1, close - i - 1), &t);
      i = close;
    } else if (StartsWithLower(code, i, "am/pm")) {
      i += 4;
    } else if (StartsWithLower(code, i, "a/p")) {
      i += 2;
    } else if (code.compare(i, 3, "年") == 0 || code.compare(i, 3, "月") == 0 ||
               code.compare(i, 3, "日") == 0) {
      t.date = true;
      i += 2;
    } else {
      const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (l == 'y' || l == 'd') t.date = true;
      if (l == 'h') t.time = true;
      if (l == 's') t.time = t.seconds = true;
      if (l == 'm') {
        const size_t next = code.find_first_not_of("mM", i);
        const bool before_seconds =
            next != std::string_view::npos && code.find_first_of("sS", next) == next + 1;
        if (previous == 'h' || before_seconds) {
          t.time = true;
        } else {
          t.date = true;
        }
        // "mm" is one token: its second letter must not be judged again after the first.
        i = (next == std::string_view::npos ? code.size() : next) - 1;
      }
      if (l == 'y' || l == 'd' || l == 'h' || l == 's' || l == 'm') previous = l;
    }
  }
  return t;
}

}  // namespace

std::optional<DateShows> DateFormatOf(int id, const std::string& code) {
  if (code.empty()) return BuiltIn(id);
  const Tokens t = Scan(code);
  if (t.date && t.time) return t.seconds ? DateShows::kDateTimeSeconds : DateShows::kDateTime;
  if (t.date) return DateShows::kDate;
  if (t.time) return t.seconds ? DateShows::kTimeSeconds : DateShows::kTime;
  return std::nullopt;
}

}  // namespace dangan::sheet
