#include "audit_replay.h"

#include <nlohmann/json.hpp>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace dangan::archive {
namespace {

using nlohmann::json;

// Index of a field in ItemFields(), by its column.
std::optional<size_t> FieldIndex(const std::string& column) {
  const std::vector<ItemField>& fields = ItemFields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (column == fields[i].column) return i;
  }
  return std::nullopt;
}

size_t MustIndex(const char* column) { return *FieldIndex(column); }

// The 开放审核 decision's columns (issue 17), set together by 开放审核 and 移交接收 entries.
const char* const kOpenColumns[] = {"open_status", "open_reason", "open_reviewed_at",
                                    "open_reviewed_by"};

std::optional<std::string> AsText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "1" : "0");
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

std::optional<std::string> TextAt(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? std::nullopt : AsText(*it);
}

template <typename T>
std::optional<T> NumberAt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<T>();
}

std::string EntryName(int64_t id, const std::string& action) {
  return "审计日志第 " + std::to_string(id) + " 条（" + action + "）";
}

void AddLoggedFiles(const json& detail, LoggedItem* item) {
  auto list = detail.find("files");
  if (list == detail.end() || !list->is_array()) return;
  for (const json& f : *list) {
    if (!f.is_object()) continue;
    LoggedFile& lf = item->files[NumberAt<int64_t>(f, "id").value_or(0)];
    lf.name = TextAt(f, "name");
    lf.role = TextAt(f, "role");
    lf.media_type = TextAt(f, "media_type");
    lf.sha256 = TextAt(f, "sha256");
    lf.sm3 = TextAt(f, "sm3");
    lf.size = NumberAt<uint64_t>(f, "size");
    lf.pages = NumberAt<int>(f, "pages");
  }
}

// The 归档 entry: every field it carries. Entries written before every field was recorded lack
// responsible, doc_ref, date, notes, the 档号's parts, import_key and the rest; those stay unset
// and are not compared (only what the log can prove is claimed). The hold is the exception: no
// filing ever sets one, so an item starts unheld whatever its entry carries.
LoggedItem FiledItem(int64_t entry_id, const json& detail) {
  LoggedItem item;
  item.filed_entry = entry_id;
  item.fields.resize(ItemFields().size());
  item.fields[MustIndex("hold")] = "0";
  item.fields[MustIndex("hold_reason")] = "";
  // Nor does a filing destroy: only a 销毁 entry does.
  item.fields[MustIndex("destroyed")] = "0";
  item.fields[MustIndex("destroyed_at")] = "";
  item.fields[MustIndex("destruction_list")] = "";
  // Nor decides on opening: only a 开放审核 entry does (a filing that carries a decision, as a
  // received item's may, names it in its entry and the loop below takes it).
  for (const char* column : kOpenColumns) item.fields[MustIndex(column)] = "";
  for (size_t i = 0; i < ItemFields().size(); ++i) {
    std::optional<std::string> v = TextAt(detail, ItemFields()[i].column);
    if (v) item.fields[i] = std::move(v);
  }
  AddLoggedFiles(detail, &item);
  return item;
}

// A later entry about an item already filed: applies its change.
void ApplyChange(const std::string& action, const json& detail, LoggedItem* item) {
  if (action == "修改著录") {
    auto changed = detail.find("new");
    if (changed == detail.end() || !changed->is_object()) return;
    for (auto it = changed->begin(); it != changed->end(); ++it) {
      std::optional<size_t> i = FieldIndex(it.key());
      if (i) item->fields[*i] = AsText(it.value());
    }
  } else if (action == "调整保管期限") {
    std::optional<std::string> v = TextAt(detail, "new");
    if (v) item->fields[MustIndex("retention")] = v;
  } else if (action == "冻结" || action == "解除冻结") {
    const bool hold = action == "冻结";
    item->fields[MustIndex("hold")] = hold ? "1" : "0";
    item->fields[MustIndex("hold_reason")] = hold ? TextAt(detail, "reason").value_or("") : "";
  } else if (action == "销毁") {
    item->fields[MustIndex("destroyed")] = "1";
    item->fields[MustIndex("destroyed_at")] = TextAt(detail, "destroyed_at");
    item->fields[MustIndex("destruction_list")] = TextAt(detail, "destruction_list");
  } else if (action == "开放审核") {
    auto changed = detail.find("new");
    if (changed == detail.end() || !changed->is_object()) return;
    for (const char* column : kOpenColumns) {
      item->fields[MustIndex(column)] = TextAt(*changed, column).value_or("");
    }
  } else if (action == "移交接收") {
    // A received item's decision, made in the archive it came from, travels in this entry.
    for (const char* column : kOpenColumns) {
      item->fields[MustIndex(column)] = TextAt(detail, column).value_or("");
    }
  } else if (action == "增加文件") {
    AddLoggedFiles(detail, item);
    // 页数 is logged only when the new files changed it.
    auto pages = detail.find("pages");
    if (pages != detail.end() && pages->is_object()) {
      std::optional<std::string> v = TextAt(*pages, "new");
      if (v) item->fields[MustIndex("pages")] = v;
    }
  }
}

std::string Shown(const std::string& column, const std::string& value) {
  if (column == "hold" || column == "destroyed") return value == "0" ? "否" : value == "1" ? "是" : value;
  return value.empty() ? "（空）" : value;
}

std::string Difference(const std::string& what, const std::string& catalogue,
                       const std::string& logged) {
  return what + "：目录中为 " + catalogue + "，审计日志记录为 " + logged;
}

void CompareItemRow(const Query& row, const std::string& danghao, const LoggedItem& logged,
                    bool pages_named, std::vector<CheckProblem>* problems) {
  const std::vector<ItemField>& fields = ItemFields();
  const size_t pages = MustIndex("pages");
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!logged.fields[i] || (i == pages && pages_named)) continue;
    const std::string catalogue = row.Text(static_cast<int>(i) + 2);
    if (catalogue == *logged.fields[i]) continue;
    problems->push_back({danghao, Difference(fields[i].name, Shown(fields[i].column, catalogue),
                                             Shown(fields[i].column, *logged.fields[i]))});
  }
}

template <typename T>
void CompareFileField(const std::string& what, const char* field, const T& catalogue,
                      const std::optional<T>& logged, const std::string& danghao,
                      std::vector<CheckProblem>* problems) {
  if (!logged || *logged == catalogue) return;
  auto text = [](const auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
      return v.empty() ? std::string("（空）") : v;
    } else {
      return std::to_string(v);
    }
  };
  problems->push_back({danghao, Difference(what + "的" + field, text(catalogue), text(*logged)) +
                                    "（与归档时审计日志所记的不符）"});
}

void CompareFile(const CatalogueFile& f, const LoggedFile& lf, const std::string& danghao,
                 std::vector<CheckProblem>* problems) {
  const std::string what = "文件「" + lf.name.value_or(f.name) + "」";
  CompareFileField(what, "文件名", f.name, lf.name, danghao, problems);
  CompareFileField(what, "类别", f.role, lf.role, danghao, problems);
  CompareFileField(what, "大小（字节）", f.size, lf.size, danghao, problems);
  CompareFileField(what, "文件类型", f.media_type, lf.media_type, danghao, problems);
  CompareFileField(what, " SHA-256 摘要", f.sha256, lf.sha256, danghao, problems);
  CompareFileField(what, " SM3 摘要", f.sm3, lf.sm3, danghao, problems);
  CompareFileField(what, "页数", f.pages, lf.pages, danghao, problems);
}

// Files of the catalogue against the files the log recorded for their item.
void CompareFiles(const std::unordered_map<int64_t, std::string>& danghao_of,
                  const std::unordered_set<std::string>& in_catalogue,
                  const LoggedCatalogue& logged, const std::map<int64_t, CatalogueFile>& files,
                  std::vector<CheckProblem>* problems) {
  std::unordered_set<int64_t> matched;
  for (const auto& [id, f] : files) {
    auto owner = danghao_of.find(f.item_id);
    if (owner == danghao_of.end()) continue;  // check.cc names files of no item
    auto item = logged.find(owner->second);
    if (item == logged.end()) continue;  // the item itself is named: no 归档 entry
    auto lf = item->second.files.find(id);
    if (lf == item->second.files.end()) {
      problems->push_back(
          {owner->second, "文件「" + f.name + "」在审计日志中没有记录（不是由本程序加入的）"});
      continue;
    }
    matched.insert(id);
    CompareFile(f, lf->second, owner->second, problems);
  }
  for (const auto& [danghao, item] : logged) {
    if (!in_catalogue.count(danghao)) continue;
    for (const auto& [id, lf] : item.files) {
      if (matched.count(id)) continue;
      problems->push_back(
          {danghao, "文件「" + lf.name.value_or("") + "」在目录中不见了（目录被改动）"});
    }
  }
}

}  // namespace

const std::vector<ItemField>& ItemFields() {
  static const std::vector<ItemField> kFields = {
      {"fonds", "全宗号"},      {"category", "门类"},      {"year", "年度"},
      {"department", "机构"},   {"piece", "件号"},         {"retention", "保管期限"},
      {"title", "题名"},        {"responsible", "责任者"}, {"doc_ref", "文号"},
      {"date", "日期"},         {"secrecy", "密级"},       {"notes", "备注"},
      {"pages", "页数"},        {"source", "来源"},        {"template_id", "模板"},
      {"doc_number", "编号"},   {"hold", "冻结"},          {"hold_reason", "冻结原因"},
      {"filed_at", "归档时间"}, {"filed_by", "归档人"},    {"import_key", "导入键"},
      {"destroyed", "已销毁"},  {"destroyed_at", "销毁日期"}, {"destruction_list", "销毁清册"},
      {"open_status", "开放审核结论"}, {"open_reason", "开放审核理由"},
      {"open_reviewed_at", "开放审核时间"}, {"open_reviewed_by", "开放审核人"}};
  return kFields;
}

Status ReplayAuditLog(Db& db, LoggedCatalogue* out, std::vector<CheckProblem>* problems) {
  out->clear();
  // Only the actions that change an item; 查看 and 出具利用副本 change nothing.
  Query q(db,
          "SELECT id, action, danghao, detail FROM audit_log WHERE action IN ('归档', "
          "'增加文件', '修改著录', '调整保管期限', '冻结', '解除冻结', '销毁', '开放审核', '移交接收') ORDER BY id");
  while (q.Step()) {
    const int64_t id = q.Int(0);
    const std::string action = q.Text(1), danghao = q.Text(2);
    const json detail = json::parse(q.Text(3), nullptr, false);
    if (!detail.is_object()) {
      problems->push_back({danghao, EntryName(id, action) + "的内容无法解读"});
      continue;
    }
    auto item = out->find(danghao);
    if (action == "归档") {
      if (item != out->end()) {
        problems->push_back({danghao, EntryName(id, action) + "重复：此件已由第 " +
                                          std::to_string(item->second.filed_entry) +
                                          " 条归档（审计日志被改动）"});
      }
      (*out)[danghao] = FiledItem(id, detail);
    } else if (item == out->end()) {
      problems->push_back({danghao, EntryName(id, action) + "之前没有此件的归档记录"});
    } else {
      ApplyChange(action, detail, &item->second);
    }
  }
  return q.status();
}

Status CompareWithLog(Db& db, const LoggedCatalogue& logged,
                      const std::map<int64_t, CatalogueFile>& files,
                      const std::unordered_set<std::string>& pages_named,
                      std::vector<CheckProblem>* problems) {
  std::string columns;
  for (const ItemField& f : ItemFields()) columns += std::string(", ") + f.column;
  Query q(db, "SELECT id, danghao" + columns + " FROM items ORDER BY id");
  std::unordered_map<int64_t, std::string> danghao_of;
  while (q.Step()) {
    const std::string danghao = q.Text(1);
    danghao_of[q.Int(0)] = danghao;
    auto item = logged.find(danghao);
    if (item == logged.end()) {
      problems->push_back({danghao, "审计日志中没有此件的归档记录（不是由本程序归档的）"});
      continue;
    }
    CompareItemRow(q, danghao, item->second, pages_named.count(danghao) > 0, problems);
  }
  DANGAN_RETURN_IF_ERROR(q.status());
  std::unordered_set<std::string> in_catalogue;
  for (const auto& [id, danghao] : danghao_of) in_catalogue.insert(danghao);
  for (const auto& [danghao, item] : logged) {
    if (!in_catalogue.count(danghao)) {
      problems->push_back({danghao, "审计日志记有此件的归档，但目录中没有此件（目录被改动）"});
    }
  }
  CompareFiles(danghao_of, in_catalogue, logged, files, problems);
  return Status::Ok();
}

}  // namespace dangan::archive
