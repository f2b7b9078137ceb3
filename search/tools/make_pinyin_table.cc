// Build-time tool: reads Unihan_Readings.txt.bz2 (Debian's unicode-data package) through bzcat
// and writes the C++ source of the pinyin table (search/src/pinyin.h) and of the list of the
// commonest characters, by their kHanyuPinlu counts (the frequency dictionary of modern
// Mandarin), whose pairs the tokenizer indexes as bigrams (search/src/common_chars.h).
//   make_pinyin_table /usr/share/unicode/Unihan_Readings.txt.bz2 pinyin_table.cc
//
// Every reading counts, toneless: kMandarin, kHanyuPinyin, kXHC1983 and kTGHZ2013 together give
// the polyphonic characters all their readings (行: hang, heng, xing), which a name or title
// search needs because nobody knows which reading the indexer would have picked. ü is written
// v (lv, nve), as pinyin input methods type it, and also u (lu), as many people do.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* const kFields[] = {"kMandarin", "kHanyuPinyin", "kXHC1983", "kTGHZ2013"};

// How many of the commonest characters pair into bigrams. 500 cover about 60% of the running
// text of the regulations and 40% of its character pairs: the pairs whose single characters
// have the longest posting lists, where a bigram saves most, for 40% more index instead of
// the 110% that bigrams of every pair cost.
constexpr size_t kCommonChars = 500;

// The sum of the counts in a kHanyuPinlu value: "de(75596) di(157)" -> 75753.
long PinluCount(const std::string& value) {
  long total = 0;
  for (size_t open = value.find('('); open != std::string::npos; open = value.find('(', open + 1)) {
    total += std::strtol(value.c_str() + open + 1, nullptr, 10);
  }
  return total;
}

// Decodes one UTF-8 sequence at s[i]; advances i.
char32_t Next(const std::string& s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t c = len == 1 ? b : b & (0xFF >> (len + 1));
  for (int k = 1; k < len && *i + k < s.size(); ++k) {
    c = (c << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  }
  *i += static_cast<size_t>(len);
  return c;
}

// The letter a toned vowel stands for; 'v' for ü; 0 to drop (combining marks); the character
// itself when plain ASCII.
char Toneless(char32_t c) {
  static const std::map<char32_t, char> kLetters = {
      {U'ā', 'a'}, {U'á', 'a'}, {U'ǎ', 'a'}, {U'à', 'a'}, {U'ē', 'e'}, {U'é', 'e'}, {U'ě', 'e'},
      {U'è', 'e'}, {U'ê', 'e'}, {U'ế', 'e'}, {U'ề', 'e'}, {U'ī', 'i'}, {U'í', 'i'}, {U'ǐ', 'i'},
      {U'ì', 'i'}, {U'ō', 'o'}, {U'ó', 'o'}, {U'ǒ', 'o'}, {U'ò', 'o'}, {U'ū', 'u'}, {U'ú', 'u'},
      {U'ǔ', 'u'}, {U'ù', 'u'}, {U'ü', 'v'}, {U'ǖ', 'v'}, {U'ǘ', 'v'}, {U'ǚ', 'v'}, {U'ǜ', 'v'},
      {U'ḿ', 'm'}, {U'ń', 'n'}, {U'ň', 'n'}, {U'ǹ', 'n'}};
  if (c < 0x80) return static_cast<char>(c);
  if (c >= 0x300 && c <= 0x36F) return 0;
  const auto it = kLetters.find(c);
  return it == kLetters.end() ? '?' : it->second;
}

// "zhōng" -> {"zhong"}; "lǜ" -> {"lv", "lu"}; {} for anything that is not a syllable.
std::vector<std::string> Syllables(const std::string& reading) {
  std::string plain;
  for (size_t i = 0; i < reading.size();) {
    const char letter = Toneless(Next(reading, &i));
    if (letter == 0) continue;
    if (letter < 'a' || letter > 'z') return {};
    plain += letter;
  }
  if (plain.empty()) return {};
  std::vector<std::string> out = {plain};
  if (plain.find('v') != std::string::npos) {
    std::string u = plain;
    std::replace(u.begin(), u.end(), 'v', 'u');
    out.push_back(u);
  }
  return out;
}

// The readings in one field value: "10019.020:zhōng,zhòng 10020.030:zhòng" or "xíng háng".
std::vector<std::string> Readings(const std::string& value) {
  std::vector<std::string> out;
  std::istringstream words(value);
  std::string word;
  while (words >> word) {
    const size_t colon = word.find(':');
    if (colon != std::string::npos) word = word.substr(colon + 1);
    std::istringstream parts(word);
    std::string part;
    while (std::getline(parts, part, ',')) {
      for (std::string& s : Syllables(part)) out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_pinyin_table Unihan_Readings.txt.bz2 OUT.cc\n";
    return 2;
  }
  const std::string command = std::string("bzcat '") + argv[1] + "'";
  FILE* in_pipe = popen(command.c_str(), "r");
  if (in_pipe == nullptr) {
    std::cerr << "make_pinyin_table: cannot run " << command << "\n";
    return 1;
  }
  std::string text;
  char chunk[1 << 16];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof chunk, in_pipe)) > 0) text.append(chunk, got);
  if (pclose(in_pipe) != 0) {
    std::cerr << "make_pinyin_table: " << command << " failed\n";
    return 1;
  }
  std::map<char32_t, std::vector<std::string>> readings;  // in order of first mention
  std::vector<std::pair<long, char32_t>> counts;          // kHanyuPinlu
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("U+", 0) != 0) continue;
    std::istringstream in(line);
    std::string code, field, value;
    if (!std::getline(in, code, '\t') || !std::getline(in, field, '\t') ||
        !std::getline(in, value)) {
      continue;
    }
    const auto c = static_cast<char32_t>(std::stoul(code.substr(2), nullptr, 16));
    if (field == "kHanyuPinlu") counts.emplace_back(-PinluCount(value), c);
    if (std::find(std::begin(kFields), std::end(kFields), field) == std::end(kFields)) continue;
    std::vector<std::string>& list = readings[c];
    for (std::string& s : Readings(value)) {
      if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(std::move(s));
    }
  }
  if (readings.size() < 20000) {
    std::cerr << "make_pinyin_table: only " << readings.size() << " characters with readings in "
              << argv[1] << "; is it Unihan_Readings?\n";
    return 1;
  }
  std::set<std::string> syllable_set;
  for (const auto& [c, list] : readings) syllable_set.insert(list.begin(), list.end());
  const std::vector<std::string> syllables(syllable_set.begin(), syllable_set.end());
  const auto IdOf = [&](const std::string& s) {
    return std::lower_bound(syllables.begin(), syllables.end(), s) - syllables.begin();
  };

  std::ofstream out(argv[2]);
  out << "// Generated by search/tools/make_pinyin_table.cc from Unihan_Readings.txt. Do not "
         "edit.\n#include \"pinyin_table.h\"\n\nnamespace dangan::search::internal {\n\n"
      << "const char* const kPinyinSyllables[] = {";
  for (size_t k = 0; k < syllables.size(); ++k) {
    out << (k % 12 ? " " : "\n    ") << '"' << syllables[k] << "\",";
  }
  out << "\n};\nconst size_t kPinyinSyllableCount = " << syllables.size() << ";\n\n"
      << "const PinyinEntry kPinyinEntries[] = {";
  size_t first = 0;
  size_t k = 0;
  for (const auto& [c, list] : readings) {
    out << (k++ % 6 ? " " : "\n    ") << "{0x" << std::hex << static_cast<uint32_t>(c) << std::dec
        << ", " << first << ", " << list.size() << "},";
    first += list.size();
  }
  out << "\n};\nconst size_t kPinyinEntryCount = " << readings.size() << ";\n\n"
      << "const uint16_t kPinyinReadings[] = {";
  k = 0;
  for (const auto& [c, list] : readings) {
    for (const std::string& s : list) out << (k++ % 16 ? " " : "\n    ") << IdOf(s) << ",";
  }
  out << "\n};\n\n";
  if (counts.size() < kCommonChars) {
    std::cerr << "make_pinyin_table: only " << counts.size() << " kHanyuPinlu entries\n";
    return 1;
  }
  std::sort(counts.begin(), counts.end());
  std::vector<uint32_t> common;
  for (size_t k = 0; k < kCommonChars; ++k) common.push_back(counts[k].second);
  std::sort(common.begin(), common.end());
  if (common.back() > 0xFFFF) {
    // IsCommonChar keeps a bit per BMP code point.
    std::cerr << "make_pinyin_table: a common character outside the BMP\n";
    return 1;
  }
  out << "const uint32_t kCommonChars[] = {";
  for (size_t k = 0; k < common.size(); ++k) {
    out << (k % 8 ? " " : "\n    ") << "0x" << std::hex << common[k] << std::dec << ",";
  }
  out << "\n};\nconst size_t kCommonCharCount = " << common.size() << ";\n\n"
      << "}  // namespace dangan::search::internal\n";
  out.close();
  if (!out) {
    std::cerr << "make_pinyin_table: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
