// The kinds of things an archive item holds and comes from.
#pragma once

#include <optional>
#include <string_view>

namespace dangan {

// A file's part in its item.
enum class FileRole { kOriginal, kSignedScan, kAttachment };
const char* FileRoleName(FileRole role);  // 原件 / 签字扫描件 / 附件 (also how the catalogue stores it)
std::optional<FileRole> ParseFileRole(std::string_view name);

// Where an item came from.
enum class ItemSource { kGenerated, kScan, kImport };
const char* ItemSourceCode(ItemSource source);  // generated / scan / import (catalogue, --source)
const char* ItemSourceName(ItemSource source);  // 生成 / 扫描 / 导入
std::optional<ItemSource> ParseItemSource(std::string_view code);

}  // namespace dangan
