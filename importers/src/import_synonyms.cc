// The one table of other names old spreadsheets give a field, for catalogues and registers alike.
// Headers are compared folded (import_fold.cc), so traditional spellings (題名, 責任者, 經辦人)
// and full-width brackets need no rows of their own. A mapping file adds what a particular file
// needs (samples/legacy/mapping-example.yaml).
#include "import_internal.h"

namespace dangan::import {
namespace {

struct SynonymRow {
  const char* field;
  std::vector<std::string> names;
};

const std::vector<SynonymRow>& SynonymTable() {
  static const std::vector<SynonymRow> kTable = {
      // Catalogue (归档文件目录, DA/T 22-2015 著录项).
      {"档号", {"档案号", "档号(原)", "原档号", "归档号"}},
      {"全宗号", {"全宗", "全宗代号"}},
      {"门类", {"门类代码", "档案门类", "类别代码"}},
      {"年度", {"归档年度", "年份", "年"}},
      {"保管期限", {"期限", "保存期限", "保管年限"}},
      {"机构", {"部门", "机构代码", "机构(问题)", "部门代码", "问题", "机构问题"}},
      {"题名", {"文件题名", "标题", "文件名称", "文件标题", "题名(标题)"}},
      {"责任者", {"发文单位", "作者", "发文机关", "责任单位", "来文单位"}},
      {"文号", {"发文字号", "文件编号", "发文号"}},
      {"日期", {"成文日期", "时间", "形成日期", "文件日期", "发文日期"}},
      {"页数", {"页码", "页", "张数"}},
      {"密级", {"保密级别", "秘密等级"}},
      {"备注", {"附注", "说明"}},
      {"文件名", {"扫描件", "电子文件名", "扫描文件", "文件路径"}},
      // Registers: names of the templates' columns as old registers write them.
      {"用印日期", {"日期", "时间", "盖章日期", "用印时间"}},
      {"用印部门", {"部门", "申请部门", "使用部门"}},
      {"经办人", {"经手人", "承办人", "申请人", "用印人"}},
      {"文件名称", {"文件题名", "文件名", "用印文件", "文件标题", "题名", "标题"}},
      {"文件编号", {"编号", "文号", "合同编号", "发文字号"}},
      {"份数", {"用印份数", "数量", "盖章份数"}},
      {"印章名称", {"印章", "印章类型", "印章种类", "所用印章"}},
      {"用印目的", {"事由", "用途", "用印事由", "用印原因"}},
      {"资产编号", {"编号", "固定资产编号", "资产代码"}},
      {"资产名称", {"名称", "固定资产名称"}},
      {"规格型号", {"规格", "型号"}},
      {"购置日期", {"购买日期", "购入日期", "日期"}},
      {"原值", {"金额", "价值", "原价", "购置金额"}},
      {"保管人", {"使用人", "领用人", "责任人"}},
      {"存放地点", {"地点", "位置", "存放位置"}},
      {"核销日期", {"报废日期"}},
      {"报废单号", {"报废申请单号"}},
  };
  return kTable;
}

}  // namespace

std::vector<std::string> SynonymsOf(const std::string& field) {
  for (const SynonymRow& row : SynonymTable()) {
    if (field == row.field) return row.names;
  }
  return {};
}

std::vector<FieldSpec> CatalogueFields() {
  std::vector<FieldSpec> fields;
  for (const char* name : {"档号", "全宗号", "门类", "年度", "保管期限", "机构", "题名", "责任者",
                           "文号", "日期", "页数", "密级", "备注", "文件名"}) {
    fields.push_back({name, SynonymsOf(name)});
  }
  return fields;
}

std::vector<FieldSpec> RegisterFields(const Template& tmpl) {
  std::vector<FieldSpec> fields;
  if (!tmpl.table) return fields;
  for (const TableColumn& c : tmpl.table->columns) {
    fields.push_back({c.field.name, SynonymsOf(c.field.name)});
  }
  return fields;
}

}  // namespace dangan::import
