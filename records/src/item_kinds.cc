#include "dangan/records/item_kinds.h"

#include <string_view>

namespace dangan {

const char* FileRoleName(FileRole role) {
  switch (role) {
    case FileRole::kOriginal:
      return "原件";
    case FileRole::kSignedScan:
      return "签字扫描件";
    case FileRole::kAttachment:
      return "附件";
  }
  return "原件";
}

std::optional<FileRole> ParseFileRole(std::string_view name) {
  for (FileRole role : {FileRole::kOriginal, FileRole::kSignedScan, FileRole::kAttachment}) {
    if (name == FileRoleName(role)) return role;
  }
  return std::nullopt;
}

const char* ItemSourceCode(ItemSource source) {
  switch (source) {
    case ItemSource::kGenerated:
      return "generated";
    case ItemSource::kScan:
      return "scan";
    case ItemSource::kImport:
      return "import";
  }
  return "scan";
}

const char* ItemSourceName(ItemSource source) {
  switch (source) {
    case ItemSource::kGenerated:
      return "生成";
    case ItemSource::kScan:
      return "扫描";
    case ItemSource::kImport:
      return "导入";
  }
  return "扫描";
}

std::optional<ItemSource> ParseItemSource(std::string_view code) {
  for (ItemSource s : {ItemSource::kGenerated, ItemSource::kScan, ItemSource::kImport}) {
    if (code == ItemSourceCode(s)) return s;
  }
  return std::nullopt;
}

}  // namespace dangan
