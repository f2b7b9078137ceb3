// The 移交接收 checks of DA/T 70-2018 over a transfer package (transfer_checks.h). Each check item
// prints one line when it passes and one line per subject (file or 档号) when it fails, so that a
// clerk reads at once what is wrong and where.
#include "transfer_checks.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "dangan/archive/file_digest.h"
#include "dangan/intake/intake.h"
#include "dangan/records/danghao.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"

namespace dangan::jobs::package {
namespace {

namespace fs = std::filesystem;

// One check item: its failures, or one line saying it passed.
class Item {
 public:
  Item(FourPropertyReport* report, const char* property, std::string item)
      : report_(report), property_(property), item_(std::move(item)) {}
  void Fail(const std::string& subject, const std::string& detail) {
    report_->checks.push_back({property_, item_, subject, kCheckFailed, detail});
    failed_ = true;
  }
  // Ends the item: the 通过 line when nothing failed.
  void Pass(const std::string& detail) {
    if (!failed_) report_->checks.push_back({property_, item_, "", kCheckPassed, detail});
  }
  void Skip(const std::string& detail) {
    report_->checks.push_back({property_, item_, "", kCheckSkipped, detail});
  }
  bool failed() const { return failed_; }

 private:
  FourPropertyReport* report_;
  const char* property_;
  std::string item_;
  bool failed_ = false;
};

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Every regular file under `dir`, as paths relative to it with "/"; anything else (a link, a
// device) goes to `odd`.
void ListFiles(const std::string& dir, std::vector<std::string>* files,
               std::vector<std::string>* odd) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), dir, ec);
    if (it->is_symlink()) {
      odd->push_back(rel.generic_string());
      it.disable_recursion_pending();
    } else if (it->is_regular_file()) {
      files->push_back(rel.generic_string());
    } else if (!it->is_directory()) {
      odd->push_back(rel.generic_string());
    }
  }
  std::sort(files->begin(), files->end());
}

std::string Join(const std::string& dir, const std::string& rel) { return dir + "/" + rel; }

// Reads and parses one XML file of the package; a failure is a line of `wellformed`.
const XmlNode* LoadXml(const std::string& dir, const std::string& rel, Item* wellformed,
                       std::vector<std::unique_ptr<XmlNode>>* keep) {
  std::string text;
  Status st = ReadWholeFile(Join(dir, rel), rel, &text);
  std::unique_ptr<XmlNode> root;
  if (st.ok()) st = ParseXml(text, rel, &root);
  if (!st.ok()) {
    wellformed->Fail(rel, st.message());
    return nullptr;
  }
  keep->push_back(std::move(root));
  return keep->back().get();
}

std::string RangeProblems(const ItemRecord& r) {
  std::string out;
  auto add = [&](const std::string& p) { out += (out.empty() ? "" : "；") + p; };
  if (!IsDate(r.date)) add("日期「" + r.date + "」不是有效的 YYYY-MM-DD 日期");
  if (r.year < 1900 || r.year > 2200) add("年度不在 1900–2200 之间");
  if (r.retention.empty()) add("保管期限不是 永久、定期30年、定期10年 之一");
  if (!ParseSecrecy(r.secrecy)) add("密级「" + r.secrecy + "」不是 公开、内部、秘密、机密 之一");
  if (r.pages < 0) add("页数不是非负整数");
  if (!r.open_status.empty() && r.open_status != kOpenStatusOpen &&
      r.open_status != kOpenStatusControlled) {
    add("开放审核结论「" + r.open_status + "」不是 开放、控制 之一");
  }
  if (r.destroyed && !IsDate(r.destroyed_at)) add("已销毁但销毁日期不是有效日期");
  return out;
}

// The catalogue entry and the item's own metadata must tell the same.
std::string Disagreement(const ItemRecord& cat, const ItemRecord& xml) {
  std::string out;
  auto cmp = [&](const char* what, const std::string& a, const std::string& b) {
    if (a != b)
      out += std::string(out.empty() ? "" : "；") + what + "：目录为「" + a + "」，封装包为「" + b +
             "」";
  };
  cmp("题名", cat.title, xml.title);
  cmp("责任者", cat.responsible, xml.responsible);
  cmp("日期", cat.date, xml.date);
  cmp("文号", cat.doc_ref, xml.doc_ref);
  cmp("密级", cat.secrecy, xml.secrecy);
  cmp("保管期限", cat.retention, xml.retention);
  cmp("年度", std::to_string(cat.year), std::to_string(xml.year));
  cmp("页数", std::to_string(cat.pages), std::to_string(xml.pages));
  return out;
}

void CheckDanghao(const PackageHead& head, const std::vector<PackageItem>& entries,
                  FourPropertyReport* report) {
  Item form(report, kAuthenticity, "档号规范");
  Item unique(report, kAuthenticity, "档号唯一");
  Item gaps(report, kIntegrity, "件号连续");
  std::map<std::string, int> seen;
  std::map<std::string, std::set<int>> classes;
  for (const PackageItem& e : entries) {
    const ItemRecord& r = e.record;
    if (++seen[r.danghao] == 2) unique.Fail(r.danghao, "目录中有两件以上使用同一档号");
    DanghaoParts parts{r.fonds, r.category, r.retention, r.department, r.year};
    DanghaoParts split;
    int piece = 0;
    if (r.danghao.empty() || NormalizeDanghao(r.danghao) != r.danghao ||
        !Danghao::Parse(r.danghao).Split(head.pattern, &split, &piece)) {
      form.Fail(r.danghao, "档号不符合档号格式 " + head.pattern);
      continue;
    }
    int expected_piece = 0;
    if (!CheckLegacyDanghao(head.pattern, Danghao::Parse(r.danghao), parts, &expected_piece).ok() ||
        expected_piece != r.piece) {
      form.Fail(r.danghao, "档号与其全宗号、门类、年度、保管期限、机构或件号不一致");
      continue;
    }
    classes[DanghaoClassKey(head.pattern, parts)].insert(piece);
  }
  for (const auto& [key, pieces] : classes) {
    const int first = *pieces.begin(), last = *pieces.rbegin();
    for (int p = first; p <= last; ++p) {
      if (pieces.count(p) == 0) {
        gaps.Fail(DanghaoFor(key, p), "件号缺号：同类件号 " + PieceText(first) + " 至 " +
                                          PieceText(last) +
                                          " 中缺少此件（已销毁的件也应在目录中）");
      }
    }
  }
  form.Pass(std::to_string(entries.size()) + " 件档号均符合 " + head.pattern);
  unique.Pass("档号无重复");
  gaps.Pass(std::to_string(classes.size()) + " 个类别的件号连续（已销毁件计入）");
}

}  // namespace

std::string PropertySummary(const FourPropertyReport& report, const std::string& property) {
  int passed = 0, skipped = 0;
  const PropertyCheck* failed = nullptr;
  for (const PropertyCheck& c : report.checks) {
    if (c.property != property) continue;
    if (c.outcome == kCheckFailed && failed == nullptr) failed = &c;
    if (c.outcome == kCheckPassed) ++passed;
    if (c.outcome == kCheckSkipped) ++skipped;
  }
  if (failed != nullptr)
    return std::string(kCheckFailed) + "：" + failed->item + " " + failed->subject;
  if (passed == 0 && skipped > 0) return kCheckSkipped;
  return std::string(kCheckPassed) + "（" + std::to_string(passed) + " 项" +
         (skipped > 0 ? "，" + std::to_string(skipped) + " 项未检测" : "") + "）";
}

Status CheckPackage(const std::string& dir, const CheckOptions& options, FourPropertyReport* report,
                    LoadedPackage* loaded) {
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument("数据包文件夹 " + dir + " 不存在或不是文件夹");
  }
  const size_t first_check = report->checks.size();
  std::vector<std::string> files, odd;
  ListFiles(dir, &files, &odd);
  const std::set<std::string> present(files.begin(), files.end());

  Item structure(report, kAuthenticity, "数据包结构");
  Item wellformed(report, kAuthenticity, "元数据格式良好");
  std::vector<std::string> required = {kCatalogueXml, kCatalogueXlsx, kReadme};
  if (options.sealed) {
    required.push_back(kManifest);
    required.push_back(std::string(kRegisterBase) + ".pdf");
    required.push_back(std::string(kRegisterBase) + ".xlsx");
  }
  for (const std::string& f : required) {
    if (present.count(f) == 0) structure.Fail(f, "数据包缺少 " + f);
  }
  std::vector<std::unique_ptr<XmlNode>> trees;
  if (present.count(kCatalogueXml)) {
    if (const XmlNode* cat = LoadXml(dir, kCatalogueXml, &wellformed, &trees)) {
      Status s = CatalogueFromXml(*cat, &loaded->head, &loaded->entries, &loaded->stated);
      if (!s.ok()) wellformed.Fail(kCatalogueXml, s.message());
    }
  }

  Item range(report, kAuthenticity, "元数据值域");
  Item agree(report, kAuthenticity, "元数据与目录一致");
  Item digests(report, kAuthenticity, "数字摘要一致");
  Item properties(report, kAuthenticity, "文件属性与元数据一致");
  Item elements(report, kIntegrity, "必备元数据齐全");
  Item complete(report, kIntegrity, "文件齐全");
  Item destroyed(report, kIntegrity, "已销毁件有记载");
  PackageTotals counted;
  std::set<std::string> referenced;                         // files the items' metadata name
  std::vector<std::pair<std::string, std::string>> usable;  // path, subject
  for (const PackageItem& e : loaded->entries) {
    const ItemRecord& r = e.record;
    ++counted.items;
    counted.pages += std::max(r.pages, 0);
    std::string problems = RangeProblems(r);
    if (!problems.empty()) range.Fail(r.danghao, problems);
    if (r.title.empty()) elements.Fail(r.danghao, "目录条目缺少题名");
    if (r.destroyed) {
      ++counted.destroyed;
      if (r.destruction_list.empty()) destroyed.Fail(r.danghao, "已销毁但未记销毁清册档号");
      if (!e.folder.empty()) destroyed.Fail(r.danghao, "已销毁的件不应带有文件");
      continue;
    }
    const std::string xml_rel = e.folder + "/" + kItemXml;
    // A 档号 is a folder name here: one that could step out of the package is not followed.
    if (r.danghao.empty() || r.danghao.find('/') != std::string::npos || r.danghao == "." ||
        r.danghao == "..") {
      structure.Fail(r.danghao, "档号不能用作文件夹名（含“/”或为空）");
      continue;
    }
    if (e.folder != ItemFolder(r.danghao)) {
      structure.Fail(r.danghao, "目录中的路径应为 " + ItemFolder(r.danghao) + "/" + kItemXml);
      continue;
    }
    if (present.count(xml_rel) == 0) {
      complete.Fail(xml_rel, "档号 " + r.danghao + " 的封装包缺失");
      continue;
    }
    referenced.insert(xml_rel);
    const XmlNode* root = LoadXml(dir, xml_rel, &wellformed, &trees);
    if (root == nullptr) continue;
    std::vector<std::string> missing;
    PackageItem item = ItemFromXml(*root, &missing);
    for (const std::string& m : missing) elements.Fail(xml_rel, m);
    if (item.record.danghao != r.danghao) {
      agree.Fail(xml_rel,
                 "封装包中的档号「" + item.record.danghao + "」与目录中的 " + r.danghao + " 不同");
      continue;
    }
    std::string differ = Disagreement(r, item.record);
    if (!differ.empty()) agree.Fail(r.danghao, differ);
    if (item.files.empty()) complete.Fail(r.danghao, "此件没有文件数据（未销毁的件应有内容）");
    for (const PackageFile& f : item.files) {
      const std::string rel = e.folder + "/" + f.file_name;
      referenced.insert(rel);
      ++counted.files;
      counted.bytes += f.size;
      if (f.file_name.empty() || f.file_name.find('/') != std::string::npos ||
          f.file_name == ".." || present.count(rel) == 0) {
        complete.Fail(rel, "档号 " + r.danghao + " 的文件「" + f.name + "」缺失");
        continue;
      }
      const std::string path = Join(dir, rel);
      FileDigests d;
      Status s = DigestOfFile(path, rel, &d);
      if (!s.ok()) {
        complete.Fail(rel, s.message());
        continue;
      }
      if (d.sha256 != f.sha256 || d.sm3 != f.sm3) {
        digests.Fail(rel, "文件内容与封装包记载的 SHA-256 / SM3 摘要不符（文件被改动）");
      }
      std::string prop;
      if (d.size != f.size) {
        prop += "大小为 " + std::to_string(d.size) + " 字节，元数据记为 " + std::to_string(f.size);
      }
      const std::string sniffed = SniffMediaType(path);
      if (!sniffed.empty() && sniffed != f.media_type) {
        prop += std::string(prop.empty() ? "" : "；") + "格式为 " + sniffed + "，元数据记为 " +
                f.media_type;
      }
      if (f.pages > 0) {
        const int pages = CountPages(path, f.media_type);
        if (pages >= 0 && pages != f.pages) {
          prop += std::string(prop.empty() ? "" : "；") + "页数为 " + std::to_string(pages) +
                  "，元数据记为 " + std::to_string(f.pages);
        }
      }
      if (!prop.empty()) properties.Fail(rel, prop);
      usable.emplace_back(path, rel);
    }
    loaded->items[r.danghao] = std::move(item);
  }
  structure.Pass("目录、说明文件、登记表、清单与每件的封装包齐全");
  wellformed.Pass("目录与 " + std::to_string(loaded->items.size()) + " 个封装包均为格式良好的 XML");
  range.Pass("日期、年度、保管期限、密级、页数均在值域内");
  agree.Pass("封装包元数据与目录一致");
  digests.Pass(std::to_string(counted.files) + " 个文件的 SHA-256 与 SM3 摘要与元数据一致");
  properties.Pass("文件大小、格式、页数与元数据一致");
  elements.Pass("必备元数据齐全");
  complete.Pass("元数据所列文件齐全");
  destroyed.Pass(std::to_string(counted.destroyed) + " 件已销毁，均记有销毁清册");
  CheckDanghao(loaded->head, loaded->entries, report);

  Item totals(report, kIntegrity, "件数与字节数相符");
  const PackageTotals& s = loaded->stated;
  auto compare = [&](const char* what, uint64_t stated, uint64_t actual) {
    if (stated != actual) {
      totals.Fail(kCatalogueXml, std::string(what) + "：目录汇总为 " + std::to_string(stated) +
                                     "，数据包中为 " + std::to_string(actual));
    }
  };
  compare("件数", static_cast<uint64_t>(s.items), static_cast<uint64_t>(counted.items));
  compare("已销毁件数", static_cast<uint64_t>(s.destroyed),
          static_cast<uint64_t>(counted.destroyed));
  compare("文件数", static_cast<uint64_t>(s.files), static_cast<uint64_t>(counted.files));
  compare("页数", static_cast<uint64_t>(s.pages), static_cast<uint64_t>(counted.pages));
  compare("字节数", s.bytes, counted.bytes);
  totals.Pass(std::to_string(counted.items) + " 件、" + std::to_string(counted.files) +
              " 个文件、" + std::to_string(counted.bytes) + " 字节，与目录汇总相符");

  // 可用性: every file of every item opens, in an allowed format, unencrypted.
  for (const auto& [path, subject] : usable) CheckFileUsable(path, subject, report);

  // 安全性.
  if (options.sealed) {
    Item manifest(report, kSecurity, "清单完整且数据包未被改动");
    Item stray(report, kSecurity, "无非归档文件");
    std::map<std::string, ManifestEntry> entries;
    std::string text;
    Status ms = present.count(kManifest) ? ReadWholeFile(Join(dir, kManifest), kManifest, &text)
                                         : Status::NotFound(std::string("数据包缺少 ") + kManifest);
    if (ms.ok()) ms = ParseManifest(text, &entries);
    if (!ms.ok()) manifest.Fail(kManifest, ms.message());
    for (const auto& [rel, e] : entries) {
      if (present.count(rel) == 0) {
        manifest.Fail(rel, "清单所列文件缺失");
        continue;
      }
      FileDigests d;
      Status ds = DigestOfFile(Join(dir, rel), rel, &d);
      if (!ds.ok() || d.sha256 != e.sha256 || d.sm3 != e.sm3 || d.size != e.size) {
        manifest.Fail(rel, ds.ok() ? "与清单记载的 SHA-256 / SM3 / 大小不符（清单生成后被改动）"
                                   : ds.message());
      }
    }
    for (const std::string& rel : files) {
      if (rel != kManifest && entries.count(rel) == 0 && ms.ok()) {
        stray.Fail(rel, "清单中没有此文件（非归档文件，不应在数据包中）");
      }
    }
    const std::string items_prefix = std::string(kItemsDir) + "/";
    for (const std::string& rel : files) {
      if (rel.compare(0, items_prefix.size(), items_prefix) == 0 && referenced.count(rel) == 0 &&
          entries.count(rel) != 0) {
        stray.Fail(rel, "不属于任何一件的元数据（非归档文件）");
      }
    }
    for (const std::string& rel : odd) stray.Fail(rel, "不是普通文件（链接或设备文件）");
    manifest.Pass(std::to_string(entries.size()) + " 个文件与清单的 SHA-256、SM3 一致");
    stray.Pass("数据包中没有清单以外的文件");
  }
  ScanForViruses({dir}, options.signature_db, report);
  // The report reads property by property, in the standard's order, each in the order checked.
  auto rank = [](const std::string& property) {
    const char* const order[] = {kAuthenticity, kIntegrity, kUsability, kSecurity};
    for (int i = 0; i < 4; ++i) {
      if (property == order[i]) return i;
    }
    return 4;
  };
  std::stable_sort(report->checks.begin() + static_cast<std::ptrdiff_t>(first_check),
                   report->checks.end(), [&rank](const PropertyCheck& a, const PropertyCheck& b) {
                     return rank(a.property) < rank(b.property);
                   });
  return Status::Ok();
}

}  // namespace dangan::jobs::package
