// Finding the header row of a legacy sheet and mapping its columns to fields. Old registers put
// a title (merged across the table) and lines such as "保管部门：行政管理部" above the header;
// the header is the first row where several cells name known fields.
#include <set>

#include "import_internal.h"

namespace dangan::import {
namespace {

constexpr int kWideMerge = 3;  // a merged range this wide is a title, not a header cell

int NonEmptyCells(const SheetRow& row) {
  int n = 0;
  for (const SheetCell& c : row.cells) n += CellText(c).empty() ? 0 : 1;
  return n;
}

bool CoveredByWideMerge(const SheetData& sheet, int row_number) {
  for (const MergedRange& m : sheet.merged) {
    if (row_number >= m.first_row && row_number <= m.last_row &&
        m.last_col - m.first_col + 1 >= kWideMerge) {
      return true;
    }
  }
  return false;
}

bool IsTitleRow(const SheetData& sheet, const SheetRow& row) {
  return NonEmptyCells(row) <= 1 || CoveredByWideMerge(sheet, row.number);
}

// How a header cell maps: to which field (index), and why.
struct HeaderMatch {
  int field = -1;
  std::string how;
};

std::string ColumnLetterKey(int column) { return ColumnName(column); }

class HeaderMatcher {
 public:
  HeaderMatcher(const std::vector<FieldSpec>& fields, const ImportMapping& mapping)
      : mapping_(mapping) {
    for (size_t i = 0; i < fields.size(); ++i) {
      exact_[FoldHeader(fields[i].name)] = static_cast<int>(i);
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      for (const std::string& s : fields[i].synonyms) synonyms_.emplace(FoldHeader(s), i);
    }
    for (const std::string& name : mapping.ignore) ignored_.insert(FoldHeader(name));
  }

  HeaderMatch Match(const std::string& header, int column) const {
    std::string folded = FoldHeader(header);
    if (const std::string* target = MappedTarget(folded, column)) {
      if (target->empty() || FoldHeader(*target) == FoldHeader("忽略")) return {-1, "忽略"};
      auto it = exact_.find(FoldHeader(*target));
      if (it != exact_.end()) return {it->second, "映射文件"};
      return {-2, "映射文件"};  // names a field the target does not have
    }
    if (ignored_.count(folded)) return {-1, "忽略"};
    auto exact = exact_.find(folded);
    if (exact != exact_.end()) return {exact->second, "字段名"};
    auto syn = synonyms_.find(folded);
    if (syn != synonyms_.end()) return {static_cast<int>(syn->second), "同义词"};
    return {-1, "未识别"};
  }

  // A mapping file entry for this header (by name or by column letter).
  const std::string* MappedTarget(const std::string& folded, int column) const {
    for (const auto& [key, target] : mapping_.columns) {
      if (FoldHeader(key) == folded || key == ColumnLetterKey(column)) return &target;
    }
    return nullptr;
  }

  int Score(const SheetRow& row) const {
    int known = 0;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      std::string text = CellText(row.cells[c]);
      if (!text.empty() && Match(text, static_cast<int>(c) + 1).field >= 0) ++known;
    }
    return known;
  }

 private:
  const ImportMapping& mapping_;
  std::map<std::string, int> exact_;
  std::multimap<std::string, size_t> synonyms_;
  std::set<std::string> ignored_;
};

int FindHeaderIndex(const SheetData& sheet, const HeaderMatcher& matcher,
                    const ImportMapping& mapping) {
  if (mapping.header_row > 0) {
    for (size_t i = 0; i < sheet.rows.size(); ++i) {
      if (sheet.rows[i].number == mapping.header_row) return static_cast<int>(i);
    }
    return -1;
  }
  for (size_t i = 0; i < sheet.rows.size() && sheet.rows[i].number <= kHeaderSearchRows; ++i) {
    const SheetRow& row = sheet.rows[i];
    if (IsTitleRow(sheet, row)) continue;
    if (matcher.Score(row) >= 2) return static_cast<int>(i);
  }
  return -1;
}

void AddSamples(const SheetData& sheet, int header_index, SheetLayout* layout) {
  for (ColumnReport& col : layout->columns) {
    for (size_t i = header_index + 1; i < sheet.rows.size() && col.samples.size() < 3; ++i) {
      const SheetRow& row = sheet.rows[i];
      if (static_cast<size_t>(col.column) > row.cells.size()) continue;
      std::string text = CellText(row.cells[col.column - 1]);
      if (!text.empty()) col.samples.push_back({text, ""});
    }
  }
}

bool IsTotalRow(const SheetRow& row) {
  for (const SheetCell& c : row.cells) {
    std::string text = CellText(c);
    if (text.empty()) continue;
    std::string f = FoldHeader(text);
    return f == "合计" || f == "小计" || f == "总计" || f == "共计" || f == "本页合计";
  }
  return false;
}

}  // namespace

SheetLayout MapSheet(const SheetData& sheet, const std::vector<FieldSpec>& fields,
                     const ImportMapping& mapping) {
  SheetLayout layout;
  HeaderMatcher matcher(fields, mapping);
  layout.header_index = FindHeaderIndex(sheet, matcher, mapping);
  if (layout.header_index < 0) return layout;
  const SheetRow& header = sheet.rows[layout.header_index];
  std::vector<bool> taken(fields.size(), false);
  layout.field_of.assign(header.cells.size(), -1);
  for (size_t c = 0; c < header.cells.size(); ++c) {
    std::string text = CellText(header.cells[c]);
    int column = static_cast<int>(c) + 1;
    if (text.empty()) continue;
    HeaderMatch m = matcher.Match(text, column);
    ColumnReport report{sheet.name, column, text, "", m.how, {}};
    if (m.field == -2) {
      layout.problems.push_back({sheet.name, header.number, ColumnName(column) + "（" + text + "）",
                                 "", "映射文件把此列对应到导入目标没有的字段", true,
                                 import_problem_codes::kUnmappedColumn});
    } else if (m.field >= 0 && taken[m.field]) {
      report.how = "重复";
      layout.problems.push_back(
          {sheet.name, header.number, ColumnName(column) + "（" + text + "）", fields[m.field].name,
           "已有另一列对应字段「" + fields[m.field].name + "」，此列未导入", false,
           import_problem_codes::kDuplicateColumn});
    } else if (m.field >= 0) {
      taken[m.field] = true;
      layout.field_of[c] = m.field;
      report.field = fields[m.field].name;
    }
    layout.columns.push_back(std::move(report));
  }
  AddSamples(sheet, layout.header_index, &layout);
  return layout;
}

bool MappedRow::empty() const {
  for (const FieldCell& f : fields) {
    if (f.cell != nullptr && !CellText(*f.cell).empty()) return false;
  }
  return true;
}

bool MapRow(const SheetData& sheet, const SheetRow& row, const SheetLayout& layout,
            size_t field_count, MappedRow* out) {
  if (IsTotalRow(row)) return false;
  out->sheet = &sheet;
  out->row = &row;
  out->fields.assign(field_count, FieldCell{});
  for (size_t c = 0; c < row.cells.size() && c < layout.field_of.size(); ++c) {
    if (layout.field_of[c] >= 0)
      out->fields[layout.field_of[c]] = {&row.cells[c], static_cast<int>(c) + 1};
  }
  return !out->empty();
}

std::vector<MappedRow> DataRows(const SheetData& sheet, const SheetLayout& layout,
                                size_t field_count) {
  std::vector<MappedRow> rows;
  if (layout.header_index < 0) return rows;
  for (size_t i = layout.header_index + 1; i < sheet.rows.size(); ++i) {
    MappedRow m;
    if (MapRow(sheet, sheet.rows[i], layout, field_count, &m)) rows.push_back(std::move(m));
  }
  return rows;
}

void AddSample(ColumnReport* column, const std::string& before, const std::string& after) {
  constexpr size_t kSamples = 3;
  auto& samples = column->samples;
  bool changed = before != after;
  if (samples.size() < kSamples) {
    samples.push_back({before, after});
    return;
  }
  if (!changed) return;
  // Replace the last unchanged sample, if any, keeping the order rows came in.
  for (size_t i = samples.size(); i-- > 0;) {
    if (samples[i].first == samples[i].second) {
      samples.erase(samples.begin() + static_cast<long>(i));
      samples.push_back({before, after});
      return;
    }
  }
}

std::string ColumnLabel(const SheetLayout& layout, int column) {
  for (const ColumnReport& c : layout.columns) {
    if (c.column == column) return ColumnName(column) + "（" + c.header + "）";
  }
  return ColumnName(column);
}

}  // namespace dangan::import
