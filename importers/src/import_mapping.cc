// The mapping file a clerk writes for a legacy spreadsheet (YAML, or JSON, which YAML reads too):
// which column is which field, values every row shares, and the decisions an archivist must take
// for old retention codes. Documented with an example in samples/legacy/mapping-example.yaml.
#include <yaml-cpp/yaml.h>

#include <set>

#include "dangan/base/input_limits.h"
#include "import_internal.h"

namespace dangan {
namespace {

Status MappingError(const std::string& path, const YAML::Mark& mark, const std::string& what) {
  std::string where = mark.line >= 0 ? "第 " + std::to_string(mark.line + 1) + " 行：" : "";
  return Status::InvalidArgument("映射文件 " + path + " " + where + what);
}

Status ReadStringMap(const std::string& path, const YAML::Node& node, const std::string& key,
                     std::map<std::string, std::string>* out) {
  if (!node) return Status::Ok();
  if (!node.IsMap()) return MappingError(path, node.Mark(), "「" + key + "」应为“名称: 值”的列表");
  for (const auto& kv : node) {
    if (!kv.first.IsScalar() || !(kv.second.IsScalar() || kv.second.IsNull())) {
      return MappingError(path, kv.first.Mark(), "「" + key + "」中的每一项应为“名称: 值”");
    }
    (*out)[kv.first.as<std::string>()] = kv.second.IsNull() ? "" : kv.second.as<std::string>();
  }
  return Status::Ok();
}

Status CheckRetentionDecisions(const std::string& path, const YAML::Node& node,
                               const std::map<std::string, std::string>& decisions) {
  for (const auto& [from, to] : decisions) {
    if (to != "Y" && to != "D30" && to != "D10") {
      return MappingError(path, node.Mark(),
                          "retention 中「" + from + "」的决定「" + to +
                              "」无效，应为 Y（永久）、D30（定期30年）或 D10（定期10年）");
    }
  }
  return Status::Ok();
}

Status ParseMapping(const std::string& path, const YAML::Node& root, ImportMapping* out) {
  static const std::set<std::string> kKeys = {"columns", "fixed",      "retention", "values",
                                              "ignore",  "header_row", "sheet"};
  if (!root.IsMap())
    return MappingError(path, root.Mark(), "应为键值对（columns、fixed、retention …）");
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    if (!kKeys.count(key)) {
      return MappingError(
          path, kv.first.Mark(),
          "不认识的项「" + key +
              "」（可用：columns、fixed、retention、values、ignore、header_row、sheet）");
    }
  }
  DANGAN_RETURN_IF_ERROR(ReadStringMap(path, root["columns"], "columns", &out->columns));
  DANGAN_RETURN_IF_ERROR(ReadStringMap(path, root["fixed"], "fixed", &out->fixed));
  DANGAN_RETURN_IF_ERROR(ReadStringMap(path, root["retention"], "retention", &out->retention));
  DANGAN_RETURN_IF_ERROR(CheckRetentionDecisions(path, root["retention"], out->retention));
  if (const YAML::Node values = root["values"]) {
    if (!values.IsMap())
      return MappingError(path, values.Mark(), "「values」应为“字段: {旧值: 新值}”");
    for (const auto& kv : values) {
      DANGAN_RETURN_IF_ERROR(
          ReadStringMap(path, kv.second, "values", &out->values[kv.first.as<std::string>()]));
    }
  }
  if (const YAML::Node ignore = root["ignore"]) {
    if (!ignore.IsSequence()) return MappingError(path, ignore.Mark(), "「ignore」应为列名的列表");
    for (const auto& v : ignore) out->ignore.push_back(v.as<std::string>());
  }
  if (const YAML::Node header = root["header_row"]) {
    int row = 0;
    if (!YAML::convert<int>::decode(header, row) || row < 1) {
      return MappingError(path, header.Mark(), "「header_row」应为表头所在的行号（从 1 起）");
    }
    out->header_row = row;
  }
  if (const YAML::Node sheet = root["sheet"]) out->sheet = sheet.as<std::string>();
  return Status::Ok();
}

}  // namespace

Status LoadImportMapping(const std::string& path, ImportMapping* out) {
  *out = ImportMapping();
  out->path = path;
  // yaml-cpp would read a FIFO or /dev/zero until memory ran out, and builds a large tree for
  // every byte: the file is checked first.
  const Status file = CheckInputFile(path, "映射文件", kMaxMappingFileBytes);
  if (file.code() == Status::Code::kNotFound) return Status::NotFound("找不到映射文件 " + path);
  DANGAN_RETURN_IF_ERROR(file);
  try {
    YAML::Node root = YAML::LoadFile(path);
    return ParseMapping(path, root, out);
  } catch (const YAML::BadFile&) {
    return Status::NotFound("找不到映射文件 " + path);
  } catch (const YAML::Exception& e) {
    return MappingError(path, e.mark, "无法解读：" + e.msg);
  }
}

}  // namespace dangan
