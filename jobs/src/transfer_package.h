// The transfer package (移交数据包) of transfer.h: what ExportPackage writes, VerifyPackage checks
// and ReceivePackage reads. The one place that knows its layout.
//
//   DIR/
//     说明.txt                 说明文件: who hands over what, when, the layout below, the standards
//     目录.xml                 the catalogue (目录): every item selected, destroyed ones included,
//                              with the totals (件数, 文件数, 页数, 字节数) in <汇总>
//     目录.xlsx                the same catalogue as a spreadsheet
//     移交接收登记表.pdf/.xlsx  GD-04 (GB/T 18894-2016): unit, time, 门类, counts, check results
//     manifest.txt             one line per file of the package except itself:
//                              "SHA-256 SM3 字节数 路径" (hex, decimal, path relative to DIR, "/")
//     档案/<档号>/封装包.xml    per item (not for destroyed ones): the DA/T 48-2009 电子文件封装包
//     档案/<档号>/<n>-<名称>   the item's files, n its 文档序号 (1, 2, …), 名称 as filed
//
// 封装包.xml (namespace http://www.saac.gov.cn/standards/ERM/encapsulation, elements as DA/T 48 and
// the metadata of DA/T 46-2009 name them):
//   电子文件封装包
//     封装包格式描述, 版本 (2009)
//     被签名对象 eep版本="2009"
//       封装包类型 (原始型), 封装包类型描述, 封装包创建时间, 封装包创建单位
//       封装内容
//         文件实体块/文件实体
//           聚合层次 (文件), 来源{档案馆名称, 档案馆代码, 全宗名称, 立档单位名称}, 电子文件号,
//           档号{档号文本, 全宗号, 类别号 (门类), 年度, 保管期限 (永久/定期30年/定期10年),
//                机构或问题, 室编件号},
//           内容描述{题名, 责任者, 日期, 文件编号 (文号), 密级, 附注},
//           形式特征{件数 (1), 页数, 文件数, 稿本 (正本)},
//           存储位置{当前位置 (the item folder)},
//           权限管理{控制标识 (开放/控制/未审核), 开放审核{审核结论, 审核理由, 审核日期, 审核人}},
//           管理过程{来源方式, 模板, 编号, 归档时间, 归档人},
//           文件数据{文档 文档序号="n"{文档类型 (原件/签字扫描件/附件), 计算机文件名, 原文件名,
//                    计算机文件大小, 格式信息 (media type), 页数, SHA256, SM3}}
//         业务实体块/业务实体 (one per audit entry about the item, oldest first)
//           业务标识符 (entry id), 机构人员标识符 (who), 业务行为 (action), 行为时间,
//           行为描述 (the entry's detail, JSON), 审计哈希
//         机构人员实体块/机构人员实体{机构人员标识符, 机构人员名称, 机构人员类型 (个人)}
//
// Written with a small escaping writer (XmlOut); read back with expat into a small tree.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/base/status.h"

namespace dangan::jobs::package {

inline constexpr char kNamespace[] = "http://www.saac.gov.cn/standards/ERM/encapsulation";
inline constexpr char kManifest[] = "manifest.txt";
inline constexpr char kCatalogueXml[] = "目录.xml";
inline constexpr char kCatalogueXlsx[] = "目录.xlsx";
inline constexpr char kReadme[] = "说明.txt";
inline constexpr char kRegisterBase[] = "移交接收登记表";  // .pdf and .xlsx
inline constexpr char kItemsDir[] = "档案";
inline constexpr char kItemXml[] = "封装包.xml";
inline constexpr char kRegisterTemplate[] = "GD-04";

// An XML element read back: name, attributes, text (concatenated) and children in order.
struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::string text;
  std::vector<std::unique_ptr<XmlNode>> children;

  const XmlNode* Child(const std::string& child) const;  // the first one so named, or null
  std::vector<const XmlNode*> Children(const std::string& child) const;
  // Text of the child at `path` ("内容描述/题名"); "" when absent.
  std::string Text(const std::string& path) const;
  bool Has(const std::string& path) const;
};

// Parses XML text with expat. A document that is not well-formed is Corruption naming `display`
// and the line.
Status ParseXml(const std::string& text, const std::string& display, std::unique_ptr<XmlNode>* out);

// A minimal writer: elements with text, escaped; indentation for people reading the file.
class XmlOut {
 public:
  XmlOut();
  void Open(const std::string& name, const std::map<std::string, std::string>& attrs = {});
  void Close();
  void Leaf(const std::string& name, const std::string& text);
  const std::string& str() const { return out_; }

 private:
  void Indent();
  std::string out_;
  std::vector<std::string> open_;
};
std::string XmlEscape(const std::string& text);

// One file of an item in the package.
struct PackageFile {
  int seq = 0;
  std::string role, name, file_name, media_type, sha256, sm3;  // file_name: in the item folder
  uint64_t size = 0;
  int pages = 0;
};

// One catalogue entry / item of the package.
struct PackageItem {
  ItemRecord record;  // metadata (files not filled: see `files`)
  std::vector<PackageFile> files;
  std::vector<AuditEntry> history;  // 业务实体块
  std::string folder;               // 档案/<档号> ("" for a destroyed item)
};

struct PackageTotals {
  int64_t items = 0, destroyed = 0, files = 0, pages = 0;
  uint64_t bytes = 0;  // the items' files
};

struct PackageHead {
  std::string company, fonds, pattern, created_at, created_by;
  std::string scope;  // what was selected, in words
};

// 封装包.xml of one item.
std::string ItemXml(const PackageHead& head, const PackageItem& item);
// Reads an item back from its 封装包.xml tree; problems of content (missing required elements,
// values out of range) go to `problems` one per element, in Chinese.
PackageItem ItemFromXml(const XmlNode& root, std::vector<std::string>* problems);

// 目录.xml.
std::string CatalogueXml(const PackageHead& head, const std::vector<PackageItem>& items,
                         const PackageTotals& totals);
// Reads 目录.xml back: head, entries (without files or history), and the totals it states.
Status CatalogueFromXml(const XmlNode& root, PackageHead* head, std::vector<PackageItem>* items,
                        PackageTotals* totals);

// manifest.txt: path -> digests.
struct ManifestEntry {
  std::string sha256, sm3;
  uint64_t size = 0;
};
std::string ManifestText(const std::map<std::string, ManifestEntry>& entries);
Status ParseManifest(const std::string& text, std::map<std::string, ManifestEntry>* out);

// The package folder of an item: 档案/<档号>.
std::string ItemFolder(const std::string& danghao);

// Reads a whole file; IoError naming `display`.
Status ReadWholeFile(const std::string& path, const std::string& display, std::string* out);
Status WriteWholeFile(const std::string& path, const std::string& data);

}  // namespace dangan::jobs::package
