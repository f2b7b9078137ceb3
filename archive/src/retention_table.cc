#include "retention_table.h"

#include <fstream>
#include <sstream>

#include "archive_util.h"
#include "dangan/archive/archive.h"

namespace dangan {

namespace archive {
namespace {

// Exactly a code as the catalogue stores it (Y, D30, D10), not another spelling of one.
bool IsStoredCode(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return r && code == RetentionCode(*r);
}

const char kDefaultTable[] =
    R"(# 保管期限表：本档案各类文件的保管期限。公司可按自己的《归档范围和保管期限表》修改本文件。
#
# 每行一条：键 = 期限  # 说明
#   键：模板编号（如 S-04）、档案门类代码（如 WS）或题名关键词（如 会议纪要）
#   期限：Y（永久）、D30（定期30年）、D10（定期10年）
# 查找顺序：先按模板编号，再按题名中最长的关键词，最后按门类代码。
# 国家档案局令第10号《企业文件材料归档范围和档案保管期限规定》第十一条：规定的期限是最低期限，
# 企业只能延长，不能缩短；第十五条：企业应编制本单位的归档范围和保管期限表。
# 标“建议”的期限来自档案工作惯例，未逐条对照第10号令附件，请按本单位的保管期限表核对。

# 印章登记：《印章管理制度及流程》四、2：“‘印鉴使用登记明细’和‘外出使用印章情况登记表’
# 作为公司档案永久保存，按序号交行政管理部档案室存档”。
S-04 = Y            # 用印登记表（印鉴使用登记明细），永久保存
S-07 = Y            # 外出使用印章情况登记表，永久保存

# 会议：会议记录为公司机要档案（《会议管理制度》第十条）；建议：公司决策记录永久保存。
会议记录 = Y
会议纪要 = Y

# 档案工作自身的记录
归档文件目录 = Y    # 建议：目录随所列档案一并永久保存（DA/T 22-2015 归档文件目录）
档案销毁清册 = Y    # 《会计档案管理办法》（财政部、国家档案局令第79号）：销毁清册永久保存

# 收发文：第10号令第七条，定期一般为30年和10年；建议：一般收发文30年。
发文 = D30
收文 = D30
固定资产 = D30      # 建议：固定资产登记30年

# 日常事务：建议10年（第10号令定期的最短期限）。
办公用品 = D10
投诉 = D10
售后服务 = D10
借阅 = D10

# 兜底：企业文书（WS）未列入上表的，按第10号令定期的最短期限10年。
WS = D10
)";

bool IsAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Splits at the first "=" (or full-width "＝", as a Chinese input method types it).
bool SplitRule(const std::string& line, std::string* key, std::string* value) {
  size_t eq = line.find('=');
  size_t len = 1;
  size_t wide = line.find("＝");
  if (wide != std::string::npos && (eq == std::string::npos || wide < eq)) {
    eq = wide;
    len = std::string("＝").size();
  }
  if (eq == std::string::npos) return false;
  *key = Trim(line.substr(0, eq));
  *value = Trim(line.substr(eq + len));
  return true;
}

}  // namespace

const char* RetentionTable::DefaultText() { return kDefaultTable; }

Status RetentionTable::Load(const std::string& path, RetentionTable* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("无法读取保管期限表 " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path, out);
}

Status RetentionTable::Parse(const std::string& text, const std::string& origin,
                             RetentionTable* out) {
  *out = RetentionTable();
  std::istringstream in(text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? text.substr(3) : text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    DANGAN_RETURN_IF_ERROR(out->AddLine(line, origin, n));
  }
  return Status::Ok();
}

Status RetentionTable::AddLine(const std::string& raw, const std::string& origin, int n) {
  std::string line = raw.substr(0, raw.find('#'));
  if (Trim(line).empty()) return Status::Ok();
  std::string where = origin + " 第 " + std::to_string(n) + " 行";
  std::string key, value;
  if (!SplitRule(line, &key, &value)) {
    return Status::InvalidArgument("保管期限表 " + where +
                                   " 格式不对：应写成「键 = 期限」，如「会议纪要 = Y」");
  }
  if (key.empty())
    return Status::InvalidArgument("保管期限表 " + where + " 缺少键（模板编号、门类或题名关键词）");
  if (!IsStoredCode(value)) {
    return Status::InvalidArgument("保管期限表 " + where + " 的期限「" + value +
                                   "」无效：应为 Y（永久）、D30（定期30年）或 D10（定期10年）");
  }
  auto [it, fresh] = line_of_.emplace(key, n);
  if (!fresh) {
    return Status::InvalidArgument("保管期限表 " + where + " 的键「" + key + "」重复（第 " +
                                   std::to_string(it->second) + " 行已有）");
  }
  if (IsAscii(key)) {
    codes_[key] = value;
  } else {
    keywords_.emplace_back(key, value);
  }
  return Status::Ok();
}

std::string RetentionTable::For(const std::string& template_id, const std::string& category,
                                const std::string& title) const {
  if (!template_id.empty()) {
    auto it = codes_.find(template_id);
    if (it != codes_.end()) return it->second;
  }
  const std::pair<std::string, std::string>* best = nullptr;
  for (const auto& kw : keywords_) {
    if (title.find(kw.first) != std::string::npos &&
        (!best || kw.first.size() > best->first.size())) {
      best = &kw;
    }
  }
  if (best) return best->second;
  auto it = codes_.find(category);
  return it == codes_.end() ? std::string() : it->second;
}

}  // namespace archive
}  // namespace dangan
