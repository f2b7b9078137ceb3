#include "import_seen_keys.h"

#include <cstring>
#include <functional>

namespace dangan::import {
namespace {

constexpr int kBlockBits = 20;
constexpr size_t kBlockSize = size_t{1} << kBlockBits;  // 1 MB
constexpr size_t kEntryHead = sizeof(RowRef) + sizeof(uint32_t);

size_t HashOf(std::string_view key) { return std::hash<std::string_view>()(key); }

}  // namespace

const char* SeenKeys::At(uint64_t offset) const {
  return blocks_[offset >> kBlockBits].get() + (offset & (kBlockSize - 1));
}

std::string_view SeenKeys::KeyAt(uint64_t offset) const {
  const char* p = At(offset);
  uint32_t size = 0;
  std::memcpy(&size, p + sizeof(RowRef), sizeof size);
  return std::string_view(p + kEntryHead, size);
}

// An entry: its RowRef, the key's length, the key. Keys are at most a cell (128 KB), so an entry
// always fits in a fresh block.
uint64_t SeenKeys::Append(std::string_view key, RowRef where) {
  size_t need = kEntryHead + key.size();
  if (blocks_.empty() || used_ + need > kBlockSize) {
    blocks_.push_back(std::make_unique<char[]>(kBlockSize));
    used_ = 0;
  }
  uint64_t offset = ((blocks_.size() - 1) << kBlockBits) | used_;
  char* p = blocks_.back().get() + used_;
  uint32_t size = static_cast<uint32_t>(key.size());
  std::memcpy(p, &where, sizeof where);
  std::memcpy(p + sizeof where, &size, sizeof size);
  std::memcpy(p + kEntryHead, key.data(), key.size());
  used_ += (need + 7) & ~size_t{7};
  return offset;
}

void SeenKeys::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    size_t i = HashOf(KeyAt(slot - 1)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

const RowRef* SeenKeys::Insert(std::string_view key, RowRef where) {
  if ((count_ + 1) * 2 > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  size_t i = HashOf(key) & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    if (KeyAt(slots_[i] - 1) == key) {
      std::memcpy(&found_, At(slots_[i] - 1), sizeof found_);
      return &found_;
    }
  }
  slots_[i] = Append(key, where) + 1;
  ++count_;
  return nullptr;
}

}  // namespace dangan::import
