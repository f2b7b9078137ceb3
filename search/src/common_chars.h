// The characters whose pairs the tokenizer also indexes as bigrams: the 500 commonest of modern
// Mandarin (generated from Unihan's kHanyuPinlu with the pinyin table). Their posting lists are
// the longest, so a phrase made of them is what bigrams speed up; pairs with a rarer character
// are found fast enough through that character's own short list.
#pragma once

namespace dangan::search::internal {

// For folded (simplified) code points. A table built into the index: changing the list means
// rebuilding every index (dangan reindex).
bool IsCommonChar(char32_t c);

}  // namespace dangan::search::internal
