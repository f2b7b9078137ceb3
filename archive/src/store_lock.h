// The lock that keeps `gc` from removing a store file a filing is about to refer to.
//
// A filing writes its files into the store before its catalogue transaction commits, so for a
// moment a new store file belongs to no item. Filings hold DIR/store/.lock shared from before
// they write until they commit or give up (an import: from BeginImport to its end); `gc` holds
// it exclusively while it removes what no item refers to. The kernel drops the lock of a
// process that dies, so a killed filing never blocks `gc`.
#pragma once

#include <string>

#include "dangan/base/status.h"

namespace dangan::archive {

class StoreLock {
 public:
  StoreLock() = default;
  ~StoreLock();
  StoreLock(StoreLock&& other) noexcept;
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

  // Waits until no `gc` runs, then holds the lock shared (many filings at once).
  static Status ForFiling(const std::string& store_root, StoreLock* out);
  // Waits up to `wait_seconds` for the filings in progress to end, then holds the lock alone.
  static Status ForCollecting(const std::string& store_root, int wait_seconds, StoreLock* out);

  bool held() const { return fd_ >= 0; }
  void Release();

 private:
  int fd_ = -1;
};

}  // namespace dangan::archive
