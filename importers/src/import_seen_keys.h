// The keys an import has seen (档号, import keys) with the row that first had each, for the
// duplicate check across rows. Held compactly, since a streamed import keeps nothing else per
// row: the key's bytes and its row in 1 MB blocks, and an open-addressing table of their offsets
// (about 45 bytes a 档号, where a std::unordered_map<std::string, …> takes about 130).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::import {

struct RowRef {
  uint32_t sheet = 0;  // index into the import's sheets, in the order they came
  uint32_t row = 0;    // spreadsheet row number
};

class SeenKeys {
 public:
  // Adds `key` first seen at `where`; when it was there already, returns where it was first
  // seen (valid until the next Insert) and adds nothing.
  const RowRef* Insert(std::string_view key, RowRef where);
  size_t size() const { return count_; }

 private:
  const char* At(uint64_t offset) const;
  std::string_view KeyAt(uint64_t offset) const;
  uint64_t Append(std::string_view key, RowRef where);
  void Grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;               // bytes used in the last block
  std::vector<uint64_t> slots_;   // offset + 1 of an entry; 0 = empty
  size_t count_ = 0;
  RowRef found_;
};

}  // namespace dangan::import
