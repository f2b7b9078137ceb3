// The transfer package's files (layout in transfer_package.h): writing the XML with a small
// escaping writer, reading it back with expat into a tree, and the manifest.
#include "transfer_package.h"

#include <expat.h>

#include <fstream>
#include <sstream>

#include "dangan/base/markup.h"
#include "dangan/records/retention.h"

namespace dangan::jobs::package {
namespace {

constexpr char kFormatDescription[] =
    "本EEP根据中华人民共和国档案行业标准DA/T 48-2009《基于XML的电子文件封装规范》生成";

// expat callbacks build the tree on a stack of open elements.
struct ParseState {
  std::unique_ptr<XmlNode> root;
  std::vector<XmlNode*> open;
};

void OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* s = static_cast<ParseState*>(data);
  auto node = std::make_unique<XmlNode>();
  node->name = name;
  for (size_t i = 0; attrs[i] != nullptr; i += 2) node->attrs[attrs[i]] = attrs[i + 1];
  XmlNode* raw = node.get();
  if (s->open.empty()) {
    s->root = std::move(node);
  } else {
    s->open.back()->children.push_back(std::move(node));
  }
  s->open.push_back(raw);
}

void OnEnd(void* data, const XML_Char*) { static_cast<ParseState*>(data)->open.pop_back(); }

void OnText(void* data, const XML_Char* text, int len) {
  auto* s = static_cast<ParseState*>(data);
  if (!s->open.empty()) s->open.back()->text.append(text, static_cast<size_t>(len));
}

std::string Trimmed(const std::string& s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

int ToInt(const std::string& s) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoi(s);
}

std::string RetentionWord(const std::string& code) {
  std::optional<Retention> r = ParseRetentionCode(code);
  return r ? RetentionName(*r) : code;
}

std::string RetentionCodeOf(const std::string& word) {
  RetentionReading r = ReadRetention(word);
  return r.kind == RetentionReading::Kind::kCode ? RetentionCode(r.code) : "";
}

// The catalogue fields both XML files carry for an item.
void WriteDanghao(XmlOut& x, const ItemRecord& r) {
  x.Open("档号");
  x.Leaf("档号文本", r.danghao);
  x.Leaf("全宗号", r.fonds);
  x.Leaf("类别号", r.category);
  x.Leaf("年度", std::to_string(r.year));
  x.Leaf("保管期限", RetentionWord(r.retention));
  x.Leaf("机构或问题", r.department);
  x.Leaf("室编件号", r.piece > 0 ? std::to_string(r.piece) : "");
  x.Close();
}

void ReadDanghao(const XmlNode& n, ItemRecord* r) {
  r->danghao = n.Text("档号文本");
  r->fonds = n.Text("全宗号");
  r->category = n.Text("类别号");
  r->year = ToInt(n.Text("年度"));
  r->retention = RetentionCodeOf(n.Text("保管期限"));
  r->department = n.Text("机构或问题");
  const std::string piece = n.Text("室编件号");
  r->piece = piece.empty() ? 0 : ToInt(piece);
}

const char* OpenWord(const ItemRecord& r) {
  return r.open_status.empty() ? "未审核" : r.open_status.c_str();
}

}  // namespace

const XmlNode* XmlNode::Child(const std::string& child) const {
  for (const auto& c : children) {
    if (c->name == child) return c.get();
  }
  return nullptr;
}

std::vector<const XmlNode*> XmlNode::Children(const std::string& child) const {
  std::vector<const XmlNode*> out;
  for (const auto& c : children) {
    if (c->name == child) out.push_back(c.get());
  }
  return out;
}

std::string XmlNode::Text(const std::string& path) const {
  const XmlNode* n = this;
  size_t from = 0;
  while (n != nullptr && from <= path.size()) {
    size_t slash = path.find('/', from);
    n = n->Child(path.substr(from, slash == std::string::npos ? std::string::npos : slash - from));
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  return n == nullptr ? "" : Trimmed(n->text);
}

bool XmlNode::Has(const std::string& path) const {
  const XmlNode* n = this;
  size_t from = 0;
  while (n != nullptr) {
    size_t slash = path.find('/', from);
    n = n->Child(path.substr(from, slash == std::string::npos ? std::string::npos : slash - from));
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  return n != nullptr;
}

Status ParseXml(const std::string& text, const std::string& display,
                std::unique_ptr<XmlNode>* out) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr) return Status::Internal("无法创建 XML 解析器");
  ParseState state;
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  Status st;
  if (XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_ERROR) {
    st = Status::Corruption(display + " 不是格式良好的 XML（第 " +
                            std::to_string(XML_GetCurrentLineNumber(parser)) + " 行：" +
                            XML_ErrorString(XML_GetErrorCode(parser)) + "）");
  }
  XML_ParserFree(parser);
  if (st.ok() && state.root == nullptr) st = Status::Corruption(display + " 中没有 XML 元素");
  if (st.ok()) *out = std::move(state.root);
  return st;
}

std::string XmlEscape(const std::string& text) { return EscapeMarkup(text); }

XmlOut::XmlOut() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

void XmlOut::Indent() { out_.append(open_.size() * 2, ' '); }

void XmlOut::Open(const std::string& name, const std::map<std::string, std::string>& attrs) {
  Indent();
  out_ += "<" + name;
  for (const auto& [key, value] : attrs) out_ += " " + key + "=\"" + XmlEscape(value) + "\"";
  out_ += ">\n";
  open_.push_back(name);
}

void XmlOut::Close() {
  std::string name = open_.back();
  open_.pop_back();
  Indent();
  out_ += "</" + name + ">\n";
}

void XmlOut::Leaf(const std::string& name, const std::string& text) {
  Indent();
  out_ += "<" + name + ">" + XmlEscape(text) + "</" + name + ">\n";
}

std::string ItemFolder(const std::string& danghao) {
  return std::string(kItemsDir) + "/" + danghao;
}

std::string ItemXml(const PackageHead& head, const PackageItem& item) {
  const ItemRecord& r = item.record;
  XmlOut x;
  x.Open("电子文件封装包", {{"xmlns", kNamespace}});
  x.Leaf("封装包格式描述", kFormatDescription);
  x.Leaf("版本", "2009");
  x.Open("被签名对象", {{"eep版本", "2009"}});
  x.Leaf("封装包类型", "原始型");
  x.Leaf("封装包类型描述", "本封装包包含电子文件数据及其元数据，为移交档案馆而原始封装，未经修改");
  x.Leaf("封装包创建时间", head.created_at);
  x.Leaf("封装包创建单位", head.company);
  x.Open("封装内容");
  x.Open("文件实体块");
  x.Open("文件实体");
  x.Leaf("聚合层次", "文件");
  x.Open("来源");
  x.Leaf("档案馆名称", "");
  x.Leaf("档案馆代码", "");
  x.Leaf("全宗名称", head.company);
  x.Leaf("立档单位名称", head.company);
  x.Close();
  x.Leaf("电子文件号", r.danghao);
  WriteDanghao(x, r);
  x.Open("内容描述");
  x.Leaf("题名", r.title);
  x.Leaf("责任者", r.responsible);
  x.Leaf("日期", r.date);
  x.Leaf("文件编号", r.doc_ref);
  x.Leaf("密级", r.secrecy);
  x.Leaf("附注", r.notes);
  x.Close();
  x.Open("形式特征");
  x.Leaf("件数", "1");
  x.Leaf("页数", std::to_string(r.pages));
  x.Leaf("文件数", std::to_string(item.files.size()));
  x.Leaf("稿本", "正本");
  x.Close();
  x.Open("存储位置");
  x.Leaf("当前位置", item.folder);
  x.Close();
  x.Open("权限管理");
  x.Leaf("控制标识", OpenWord(r));
  x.Open("开放审核");
  x.Leaf("审核结论", r.open_status);
  x.Leaf("审核理由", r.open_reason);
  x.Leaf("审核日期", r.open_reviewed_at);
  x.Leaf("审核人", r.open_reviewed_by);
  x.Close();
  x.Close();
  x.Open("管理过程");
  x.Leaf("来源方式", r.source);
  x.Leaf("模板", r.template_id);
  x.Leaf("编号", r.doc_number);
  x.Leaf("归档时间", r.filed_at);
  x.Leaf("归档人", r.filed_by);
  x.Close();
  x.Open("文件数据");
  for (const PackageFile& f : item.files) {
    x.Open("文档", {{"文档序号", std::to_string(f.seq)}});
    x.Leaf("文档类型", f.role);
    x.Leaf("计算机文件名", f.file_name);
    x.Leaf("原文件名", f.name);
    x.Leaf("计算机文件大小", std::to_string(f.size));
    x.Leaf("格式信息", f.media_type);
    x.Leaf("页数", std::to_string(f.pages));
    x.Leaf("SHA256", f.sha256);
    x.Leaf("SM3", f.sm3);
    x.Close();
  }
  x.Close();  // 文件数据
  x.Close();  // 文件实体
  x.Close();  // 文件实体块
  x.Open("业务实体块");
  std::map<std::string, bool> people;
  for (const AuditEntry& e : item.history) {
    x.Open("业务实体");
    x.Leaf("业务标识符", std::to_string(e.id));
    x.Leaf("机构人员标识符", e.who);
    x.Leaf("业务行为", e.action);
    x.Leaf("行为时间", e.at);
    x.Leaf("行为描述", e.detail);
    x.Leaf("审计哈希", e.hash);
    x.Close();
    people[e.who] = true;
  }
  x.Close();
  x.Open("机构人员实体块");
  for (const auto& [who, unused] : people) {
    (void)unused;
    x.Open("机构人员实体");
    x.Leaf("机构人员标识符", who);
    x.Leaf("机构人员名称", who);
    x.Leaf("机构人员类型", "个人");
    x.Close();
  }
  x.Close();
  x.Close();  // 封装内容
  x.Close();  // 被签名对象
  x.Close();
  return x.str();
}

PackageItem ItemFromXml(const XmlNode& root, std::vector<std::string>* problems) {
  PackageItem item;
  auto need = [&](const XmlNode* n, const std::string& path) {
    if (n == nullptr || !n->Has(path)) problems->push_back("缺少必备元素 " + path);
  };
  if (root.name != "电子文件封装包") problems->push_back("根元素不是 电子文件封装包");
  if (root.attrs.count("xmlns") == 0 || root.attrs.at("xmlns") != kNamespace) {
    problems->push_back(std::string("命名空间不是 ") + kNamespace);
  }
  need(&root, "封装包格式描述");
  need(&root, "版本");
  need(&root, "被签名对象/封装内容/文件实体块/文件实体");
  const XmlNode* content = root.Child("被签名对象");
  for (const char* step : {"封装内容", "文件实体块", "文件实体"}) {
    content = content == nullptr ? nullptr : content->Child(step);
  }
  if (content == nullptr) return item;
  for (const char* path : {"聚合层次", "来源/全宗名称", "来源/立档单位名称", "电子文件号",
                           "档号/档号文本", "档号/全宗号", "档号/年度", "档号/保管期限",
                           "内容描述/题名", "内容描述/责任者", "内容描述/日期", "内容描述/密级",
                           "形式特征/页数", "存储位置/当前位置", "权限管理/控制标识", "文件数据"}) {
    need(content, path);
  }
  ItemRecord& r = item.record;
  if (const XmlNode* d = content->Child("档号")) ReadDanghao(*d, &r);
  r.title = content->Text("内容描述/题名");
  r.responsible = content->Text("内容描述/责任者");
  r.date = content->Text("内容描述/日期");
  r.doc_ref = content->Text("内容描述/文件编号");
  r.secrecy = content->Text("内容描述/密级");
  r.notes = content->Text("内容描述/附注");
  r.pages = ToInt(content->Text("形式特征/页数"));
  item.folder = content->Text("存储位置/当前位置");
  r.open_status = content->Text("权限管理/开放审核/审核结论");
  r.open_reason = content->Text("权限管理/开放审核/审核理由");
  r.open_reviewed_at = content->Text("权限管理/开放审核/审核日期");
  r.open_reviewed_by = content->Text("权限管理/开放审核/审核人");
  r.source = content->Text("管理过程/来源方式");
  r.template_id = content->Text("管理过程/模板");
  r.doc_number = content->Text("管理过程/编号");
  r.filed_at = content->Text("管理过程/归档时间");
  r.filed_by = content->Text("管理过程/归档人");
  if (const XmlNode* data = content->Child("文件数据")) {
    for (const XmlNode* d : data->Children("文档")) {
      PackageFile f;
      f.seq = d->attrs.count("文档序号") ? ToInt(d->attrs.at("文档序号")) : -1;
      f.role = d->Text("文档类型");
      f.file_name = d->Text("计算机文件名");
      f.name = d->Text("原文件名");
      const std::string size = d->Text("计算机文件大小");
      f.size = size.empty() || size.find_first_not_of("0123456789") != std::string::npos
                   ? 0
                   : std::stoull(size);
      f.media_type = d->Text("格式信息");
      f.pages = ToInt(d->Text("页数"));
      f.sha256 = d->Text("SHA256");
      f.sm3 = d->Text("SM3");
      for (const char* path :
           {"文档类型", "计算机文件名", "计算机文件大小", "格式信息", "SHA256", "SM3"}) {
        if (!d->Has(path))
          problems->push_back("文档 " + std::to_string(f.seq) + " 缺少必备元素 " + path);
      }
      item.files.push_back(std::move(f));
    }
  }
  const XmlNode* business = root.Child("被签名对象");
  business = business ? business->Child("封装内容") : nullptr;
  business = business ? business->Child("业务实体块") : nullptr;
  if (business != nullptr) {
    for (const XmlNode* b : business->Children("业务实体")) {
      AuditEntry e;
      e.id = ToInt(b->Text("业务标识符"));
      e.who = b->Text("机构人员标识符");
      e.action = b->Text("业务行为");
      e.at = b->Text("行为时间");
      e.detail = b->Text("行为描述");
      e.hash = b->Text("审计哈希");
      item.history.push_back(std::move(e));
    }
  } else {
    problems->push_back("缺少必备元素 业务实体块");
  }
  return item;
}

std::string CatalogueXml(const PackageHead& head, const std::vector<PackageItem>& items,
                         const PackageTotals& totals) {
  XmlOut x;
  x.Open("目录", {{"xmlns", kNamespace}});
  x.Leaf("移交单位", head.company);
  x.Leaf("全宗号", head.fonds);
  x.Leaf("档号格式", head.pattern);
  x.Leaf("移交范围", head.scope);
  x.Leaf("创建时间", head.created_at);
  x.Leaf("创建人", head.created_by);
  x.Open("汇总");
  x.Leaf("件数", std::to_string(totals.items));
  x.Leaf("销毁件数", std::to_string(totals.destroyed));
  x.Leaf("文件数", std::to_string(totals.files));
  x.Leaf("页数", std::to_string(totals.pages));
  x.Leaf("字节数", std::to_string(totals.bytes));
  x.Close();
  int serial = 0;
  for (const PackageItem& item : items) {
    const ItemRecord& r = item.record;
    x.Open("文件", {{"序号", std::to_string(++serial)}});
    WriteDanghao(x, r);
    x.Leaf("题名", r.title);
    x.Leaf("责任者", r.responsible);
    x.Leaf("文号", r.doc_ref);
    x.Leaf("日期", r.date);
    x.Leaf("密级", r.secrecy);
    x.Leaf("页数", std::to_string(r.pages));
    x.Leaf("备注", r.notes);
    x.Leaf("控制标识", OpenWord(r));
    x.Leaf("已销毁", r.destroyed ? "是" : "否");
    x.Leaf("销毁日期", r.destroyed_at);
    x.Leaf("销毁清册", r.destruction_list);
    x.Leaf("路径", item.folder.empty() ? "" : item.folder + "/" + kItemXml);
    x.Close();
  }
  x.Close();
  return x.str();
}

Status CatalogueFromXml(const XmlNode& root, PackageHead* head, std::vector<PackageItem>* items,
                        PackageTotals* totals) {
  if (root.name != "目录")
    return Status::Corruption(std::string(kCatalogueXml) + " 的根元素不是 目录");
  head->company = root.Text("移交单位");
  head->fonds = root.Text("全宗号");
  head->pattern = root.Text("档号格式");
  head->scope = root.Text("移交范围");
  head->created_at = root.Text("创建时间");
  head->created_by = root.Text("创建人");
  totals->items = ToInt(root.Text("汇总/件数"));
  totals->destroyed = ToInt(root.Text("汇总/销毁件数"));
  totals->files = ToInt(root.Text("汇总/文件数"));
  totals->pages = ToInt(root.Text("汇总/页数"));
  const std::string bytes = root.Text("汇总/字节数");
  totals->bytes = bytes.empty() || bytes.find_first_not_of("0123456789") != std::string::npos
                      ? 0
                      : std::stoull(bytes);
  for (const XmlNode* n : root.Children("文件")) {
    PackageItem item;
    ItemRecord& r = item.record;
    if (const XmlNode* d = n->Child("档号")) ReadDanghao(*d, &r);
    r.title = n->Text("题名");
    r.responsible = n->Text("责任者");
    r.doc_ref = n->Text("文号");
    r.date = n->Text("日期");
    r.secrecy = n->Text("密级");
    r.pages = ToInt(n->Text("页数"));
    r.notes = n->Text("备注");
    r.destroyed = n->Text("已销毁") == "是";
    r.destroyed_at = n->Text("销毁日期");
    r.destruction_list = n->Text("销毁清册");
    const std::string path = n->Text("路径");
    const std::string suffix = std::string("/") + kItemXml;
    if (path.size() > suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      item.folder = path.substr(0, path.size() - suffix.size());
    }
    items->push_back(std::move(item));
  }
  return Status::Ok();
}

std::string ManifestText(const std::map<std::string, ManifestEntry>& entries) {
  std::string out = "# dangan 移交数据包清单：SHA-256 SM3 字节数 路径\n";
  for (const auto& [path, e] : entries) {
    out += e.sha256 + " " + e.sm3 + " " + std::to_string(e.size) + " " + path + "\n";
  }
  return out;
}

Status ParseManifest(const std::string& text, std::map<std::string, ManifestEntry>* out) {
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find(' '), b = a == std::string::npos ? a : line.find(' ', a + 1);
    size_t c = b == std::string::npos ? b : line.find(' ', b + 1);
    if (c == std::string::npos) {
      return Status::Corruption(std::string(kManifest) + " 第 " + std::to_string(line_no) +
                                " 行格式不对（应为 SHA-256 SM3 字节数 路径）");
    }
    ManifestEntry e;
    e.sha256 = line.substr(0, a);
    e.sm3 = line.substr(a + 1, b - a - 1);
    const std::string size = line.substr(b + 1, c - b - 1);
    if (size.empty() || size.find_first_not_of("0123456789") != std::string::npos ||
        e.sha256.size() != 64 || e.sm3.size() != 64) {
      return Status::Corruption(std::string(kManifest) + " 第 " + std::to_string(line_no) +
                                " 行格式不对（摘要应为 64 位十六进制，字节数为数字）");
    }
    e.size = std::stoull(size);
    (*out)[line.substr(c + 1)] = e;
  }
  return Status::Ok();
}

Status ReadWholeFile(const std::string& path, const std::string& display, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("无法读取 " + display);
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return Status::Ok();
}

Status WriteWholeFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return Status::IoError("无法写入 " + path);
  return Status::Ok();
}

}  // namespace dangan::jobs::package
