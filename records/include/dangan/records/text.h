// The text base every part shares: folding for comparison, UTF-8 checks, dates and money.
#pragma once

#include <string>
#include <string_view>

namespace dangan {

// NFKC (full-width letters, digits and punctuation to ASCII; the ideographic space to a space),
// then trimmed. For codes and numbers, not for titles (NFKC also changes ①, ㈠ …).
std::string FoldNfkcTrim(std::string_view text);

// FoldNfkcTrim, then the traditional forms that occur in codes and amounts to simplified,
// spaces dropped and ASCII letters upper-case: the form codes (期限, 密级, 大写金额) compare in.
std::string FoldCode(std::string_view text);

}  // namespace dangan
