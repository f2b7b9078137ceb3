// Transfer (移交) jobs of transfer.h: writing a package (layout in transfer_package.h), checking
// one (transfer_checks.h) and receiving one into another archive.
#include "dangan/jobs/transfer.h"

#include <stdlib.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "dangan/archive/file_digest.h"
#include "dangan/generator/xlsx_writer.h"
#include "dangan/jobs/registers.h"
#include "dangan/records/danghao.h"
#include "dangan/records/retention.h"
#include "dangan/records/text.h"
#include "transfer_checks.h"
#include "transfer_package.h"

namespace dangan::jobs {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using package::PackageFile;
using package::PackageItem;

Status NeedHighestClearance(const JobContext& ctx, const std::string& what) {
  if (ctx.clearance == Secrecy::kSecret) return Status::Ok();
  return Status::InvalidArgument(what + "涉及所选的全部档案，需要最高密级（--clearance " +
                                 std::string(SecrecyName(Secrecy::kSecret)) + "）；当前密级为" +
                                 SecrecyName(ctx.clearance));
}

std::string NowSecond() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
  return buf;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The items the selection names, in 档号 order.
Status SelectItems(Archive* archive, const ExportSelection& sel, std::string* scope,
                   std::vector<ItemRecord>* out) {
  const int given = (sel.year != 0) + !sel.category.empty() + !sel.danghaos.empty();
  if (given != 1) {
    return Status::InvalidArgument(
        "请给出且只给出一种移交范围：--year 年度、--category 门类或档号列表");
  }
  if (!sel.danghaos.empty()) {
    for (const std::string& given_danghao : sel.danghaos) {
      ItemRecord rec;
      DANGAN_RETURN_IF_ERROR(archive->Get(NormalizeDanghao(given_danghao), false, &rec));
      out->push_back(std::move(rec));
    }
    std::sort(out->begin(), out->end(),
              [](const ItemRecord& a, const ItemRecord& b) { return a.danghao < b.danghao; });
    *scope = "所列 " + std::to_string(out->size()) + " 件档案";
    return Status::Ok();
  }
  ListFilter filter;
  filter.limit = 0;
  if (sel.year != 0) {
    if (sel.year < 1900 || sel.year > 2200) {
      return Status::InvalidArgument("年度 " + std::to_string(sel.year) + " 不在 1900–2200 之间");
    }
    filter.year_from = filter.year_to = sel.year;
    *scope = std::to_string(sel.year) + "年度全部档案";
  } else {
    filter.category = FoldCode(sel.category);
    *scope = "门类 " + filter.category + " 全部档案";
  }
  DANGAN_RETURN_IF_ERROR(archive->List(filter, out, nullptr));
  if (out->empty()) return Status::InvalidArgument("移交范围（" + *scope + "）内没有档案");
  return Status::Ok();
}

// The target folder must be new or empty; its parent must exist.
Status CheckTarget(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("请用 -o 给出数据包文件夹");
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)) {
      return Status::InvalidArgument("数据包文件夹 " + dir + " 已存在且不是空文件夹");
    }
  }
  const fs::path parent = fs::absolute(dir, ec).parent_path();
  if (!fs::is_directory(parent, ec)) {
    return Status::InvalidArgument("数据包文件夹的上级文件夹 " + parent.string() + " 不存在");
  }
  return Status::Ok();
}

// Copies one stored file into the package and checks the copy against the archive's digests.
Status CopyChecked(Archive* archive, const ItemRecord& rec, const StoredFile& f,
                   const std::string& to) {
  std::error_code ec;
  if (!fs::copy_file(archive->StoredPath(f), to, fs::copy_options::overwrite_existing, ec)) {
    return Status::IoError("档号 " + rec.danghao + " 的文件「" + f.name + "」无法复制：" +
                           ec.message());
  }
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, ec);
  FileDigests d;
  DANGAN_RETURN_IF_ERROR(DigestOfFile(to, f.name, &d));
  if (d.sha256 != f.sha256 || d.sm3 != f.sm3 || d.size != f.size) {
    return Status::Corruption("档号 " + rec.danghao + " 的文件「" + f.name +
                              "」与归档时的摘要不符，不能移交；请先运行 dangan check");
  }
  return Status::Ok();
}

Status WriteItem(Archive* archive, const std::string& tmp, const package::PackageHead& head,
                 const ItemRecord& rec, PackageItem* item, package::PackageTotals* totals) {
  item->record = rec;
  item->record.files.clear();
  ++totals->items;
  totals->pages += rec.pages;
  if (rec.destroyed) {
    ++totals->destroyed;
    return Status::Ok();
  }
  DANGAN_RETURN_IF_ERROR(archive->AuditLog(rec.danghao, Secrecy::kSecret, &item->history));
  item->folder = package::ItemFolder(rec.danghao);
  const std::string folder = tmp + "/" + item->folder;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return Status::IoError("无法创建 " + folder + "：" + ec.message());
  int seq = 0;
  for (const StoredFile& f : rec.files) {
    PackageFile pf;
    pf.seq = ++seq;
    pf.role = FileRoleName(f.role);
    pf.name = f.name;
    pf.file_name = std::to_string(seq) + "-" + f.name;
    pf.media_type = f.media_type;
    pf.sha256 = f.sha256;
    pf.sm3 = f.sm3;
    pf.size = f.size;
    pf.pages = f.pages;
    DANGAN_RETURN_IF_ERROR(CopyChecked(archive, rec, f, folder + "/" + pf.file_name));
    ++totals->files;
    totals->bytes += f.size;
    item->files.push_back(std::move(pf));
  }
  return package::WriteWholeFile(folder + "/" + package::kItemXml, package::ItemXml(head, *item));
}

Status WriteCatalogueXlsx(const std::vector<PackageItem>& items, const std::string& path) {
  static const std::vector<std::pair<const char*, double>> kColumns = {
      {"序号", 6}, {"档号", 28}, {"题名", 40},     {"责任者", 14},   {"文号", 16},  {"日期", 12},
      {"密级", 6}, {"页数", 6},  {"保管期限", 10}, {"开放审核", 10}, {"已销毁", 8}, {"备注", 16}};
  Sheet sheet;
  sheet.template_id = "目录";
  sheet.title = "移交档案目录";
  Row header;
  for (size_t c = 0; c < kColumns.size(); ++c) {
    sheet.column_widths.push_back(kColumns[c].second);
    Cell cell;
    cell.text = kColumns[c].first;
    cell.col = static_cast<int>(c);
    cell.style = CellStyle::kHeader;
    header.cells.push_back(cell);
  }
  sheet.table_header.push_back(header);
  sheet.body_count = items.size();
  sheet.body_row = [&items](size_t i) {
    const ItemRecord& r = items[i].record;
    std::optional<Retention> period = ParseRetentionCode(r.retention);
    const std::vector<std::string> texts = {std::to_string(i + 1),
                                            r.danghao,
                                            r.title,
                                            r.responsible,
                                            r.doc_ref,
                                            r.date,
                                            r.secrecy,
                                            std::to_string(r.pages),
                                            period ? RetentionName(*period) : r.retention,
                                            r.open_status.empty() ? "未审核" : r.open_status,
                                            r.destroyed ? "是" : "否",
                                            r.notes};
    Row row;
    for (size_t c = 0; c < texts.size(); ++c) {
      Cell cell;
      cell.text = texts[c];
      cell.col = static_cast<int>(c);
      if (c == 0 || c == 7) {
        cell.kind = CellKind::kNumber;
        cell.number = std::stod(texts[c]);
      }
      row.cells.push_back(std::move(cell));
    }
    return row;
  };
  return WriteXlsx(sheet, path);
}

std::string ReadmeText(const package::PackageHead& head, const package::PackageTotals& t) {
  std::string s;
  s += "电子档案移交数据包说明\n\n";
  s += "移交单位：" + head.company + "\n全宗号：" + head.fonds + "\n移交范围：" + head.scope +
       "\n生成时间：" + head.created_at + "\n生成人：" + head.created_by + "\n\n";
  s += "件数：" + std::to_string(t.items) + "（其中已销毁 " + std::to_string(t.destroyed) +
       " 件，仅列于目录，不带文件）\n文件数：" + std::to_string(t.files) + "\n页数：" +
       std::to_string(t.pages) + "\n字节数：" + std::to_string(t.bytes) + "\n\n";
  s += "数据包结构：\n";
  s += "  说明.txt                  本说明文件\n";
  s += "  目录.xml、目录.xlsx        移交档案目录（含已销毁件及其销毁清册档号）\n";
  s += "  移交接收登记表.pdf/.xlsx   GB/T 18894-2016 移交接收登记表（GD-04），移交与接收双方签字\n";
  s += "  manifest.txt              清单：每个文件的 SHA-256、SM3（GB/T "
       "32905-2016）摘要、字节数与路径\n";
  s += "  档案/<档号>/封装包.xml      每件的电子文件封装包（DA/T 48-2009，元数据按 DA/T "
       "46-2009），\n";
  s += "                            "
       "含文件实体块、业务实体块（该件的全部审计记录）、机构人员实体块\n";
  s += "  档案/<档号>/<序号>-<文件名> 该件的文件（原件、签字扫描件、附件）\n\n";
  s += "接收前请按 DA/T 70-2018 检测（真实性、完整性、可用性、安全性）：\n";
  s += "  dangan verify-package 本文件夹 -o 四性检测报告.pdf\n";
  s += "检测全部通过后接收：\n  dangan receive 本文件夹 --archive 接收档案库\n";
  s += "开放审核（档案法 2020 第二十七条）的结论记在每件封装包的 权限管理/开放审核 中。\n";
  return s;
}

// One row per class (门类, 年度, 保管期限) for the 登记表.
RawRecord RegisterRecord(const Template& t, const package::PackageHead& head,
                         const std::vector<PackageItem>& items, const package::PackageTotals& tot,
                         const FourPropertyReport& checks) {
  RawRecord r;
  r.origin = "移交接收登记表";
  r.row_origin = "明细";
  std::set<std::string> categories;
  struct Sum {
    int64_t items = 0, destroyed = 0, pages = 0;
    uint64_t bytes = 0;
  };
  std::map<std::tuple<std::string, int, std::string>, Sum> sums;
  for (const PackageItem& i : items) {
    const ItemRecord& rec = i.record;
    categories.insert(rec.category);
    Sum& s = sums[{rec.category, rec.year, rec.retention}];
    ++s.items;
    s.destroyed += rec.destroyed;
    s.pages += rec.pages;
    for (const PackageFile& f : i.files) s.bytes += f.size;
  }
  std::string category_text;
  for (const std::string& c : categories) category_text += (category_text.empty() ? "" : "、") + c;
  auto put = [&r](const char* field, const std::string& value) { r.values[field] = value; };
  put("移交单位", head.company);
  put("全宗号", head.fonds);
  put("移交时间", head.created_at.substr(0, 10));
  put("档案门类", category_text);
  put("移交范围", head.scope);
  put("载体与方式", "在线移交（数据包）");
  put("移交件数", std::to_string(tot.items));
  put("其中已销毁", std::to_string(tot.destroyed));
  put("文件数", std::to_string(tot.files));
  put("总页数", std::to_string(tot.pages));
  put("总字节数", std::to_string(tot.bytes));
  put("载体外观检测", "在线移交，不涉及载体");
  std::string virus = "未检测";
  for (const PropertyCheck& c : checks.checks) {
    if (c.property == kSecurity) virus = c.outcome + (c.detail.empty() ? "" : "：" + c.detail);
  }
  put("病毒检测", ForOneLine(virus));
  put("真实性检测", package::PropertySummary(checks, kAuthenticity));
  put("可靠性检测", "通过：元数据与档案库记录一致，附各件审计记录");
  put("完整性检测", package::PropertySummary(checks, kIntegrity));
  put("可用性检测", package::PropertySummary(checks, kUsability));
  const std::string destroyed_note = tot.destroyed > 0
                                         ? "已销毁的 " + std::to_string(tot.destroyed) +
                                               " 件仅列于目录（附销毁清册档号），不带文件。"
                                         : "";
  put("说明", destroyed_note + "接收方应以 dangan verify-package 复检。");
  put("移交人", head.created_by);
  const auto& columns = t.table->columns;
  r.rows = RowTable(columns.size());
  long serial = 0;
  for (const auto& [key, s] : sums) {
    std::optional<Retention> period = ParseRetentionCode(std::get<2>(key));
    std::vector<std::string> cells(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c].field.name;
      if (columns[c].field.type == FieldType::kSerial) cells[c] = std::to_string(++serial);
      if (name == "门类") cells[c] = std::get<0>(key);
      if (name == "年度") cells[c] = std::to_string(std::get<1>(key));
      if (name == "保管期限") cells[c] = period ? RetentionName(*period) : std::get<2>(key);
      if (name == "件数") cells[c] = std::to_string(s.items);
      if (name == "已销毁") cells[c] = std::to_string(s.destroyed);
      if (name == "页数") cells[c] = std::to_string(s.pages);
      if (name == "字节数") cells[c] = std::to_string(s.bytes);
    }
    std::vector<std::string_view> views(cells.begin(), cells.end());
    r.rows.AddRow(views);
  }
  return r;
}

// Keeps the first text the check cut to a length the 登记表 takes.
std::string Clip(const std::string& s, size_t chars) {
  size_t n = 0, i = 0;
  while (i < s.size() && n < chars) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return s.substr(0, i);
}

Status WriteRegister(const JobContext& ctx, const std::string& tmp,
                     const package::PackageHead& head, const std::vector<PackageItem>& items,
                     const package::PackageTotals& totals, const FourPropertyReport& checks) {
  Template t;
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, package::kRegisterTemplate, &t));
  if (!t.table) return Status::Internal("模板 GD-04（移交接收登记表）没有表格");
  RawRecord record = RegisterRecord(t, head, items, totals, checks);
  for (const char* f : {"病毒检测", "真实性检测", "完整性检测", "可用性检测"}) {
    record.values[f] = Clip(record.values[f], 60);
  }
  std::vector<RawRecord> records;
  records.push_back(std::move(record));
  Generator generator;
  generator.SetPdfAuthor(head.company);
  std::vector<GeneratedDocument> docs;
  return generator.Generate(t, std::move(records), OutputFormat::kBoth,
                            tmp + "/" + package::kRegisterBase + ".pdf", &docs);
}

Status WriteManifest(const std::string& tmp) {
  std::map<std::string, package::ManifestEntry> entries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(tmp, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string rel = fs::relative(it->path(), tmp, ec).generic_string();
    FileDigests d;
    DANGAN_RETURN_IF_ERROR(DigestOfFile(it->path().string(), rel, &d));
    entries[rel] = {d.sha256, d.sm3, d.size};
  }
  if (ec) return Status::IoError("无法读取 " + tmp + "：" + ec.message());
  return package::WriteWholeFile(tmp + "/" + package::kManifest, package::ManifestText(entries));
}

Status WritePackage(const JobContext& ctx, Archive* archive, const std::vector<ItemRecord>& recs,
                    const package::PackageHead& head, const std::string& tmp,
                    ExportResult* result) {
  std::vector<PackageItem> items(recs.size());
  package::PackageTotals totals;
  for (size_t i = 0; i < recs.size(); ++i) {
    DANGAN_RETURN_IF_ERROR(WriteItem(archive, tmp, head, recs[i], &items[i], &totals));
  }
  DANGAN_RETURN_IF_ERROR(package::WriteWholeFile(tmp + "/" + package::kCatalogueXml,
                                                 package::CatalogueXml(head, items, totals)));
  DANGAN_RETURN_IF_ERROR(WriteCatalogueXlsx(items, tmp + "/" + package::kCatalogueXlsx));
  DANGAN_RETURN_IF_ERROR(
      package::WriteWholeFile(tmp + "/" + package::kReadme, ReadmeText(head, totals)));
  // The exporter checks what it wrote before sealing it: a package that would fail at the
  // receiving end is not handed over.
  FourPropertyReport checks;
  package::CheckOptions options;
  options.sealed = false;
  package::LoadedPackage loaded;
  DANGAN_RETURN_IF_ERROR(package::CheckPackage(tmp, options, &checks, &loaded));
  for (const PropertyCheck& c : checks.checks) {
    if (c.outcome == kCheckFailed) {
      return Status::Corruption("导出的数据包未通过自检（" + c.property + "·" + c.item + "）：" +
                                c.subject + " " + c.detail);
    }
  }
  DANGAN_RETURN_IF_ERROR(WriteRegister(ctx, tmp, head, items, totals, checks));
  DANGAN_RETURN_IF_ERROR(WriteManifest(tmp));
  result->items = totals.items;
  result->destroyed = totals.destroyed;
  result->files = totals.files;
  result->bytes = totals.bytes;
  return Status::Ok();
}

// Is the item already in the archive the same as the one in the package?
bool Identical(const ItemRecord& here, const PackageItem& there) {
  const ItemRecord& r = there.record;
  if (here.title != r.title || here.responsible != r.responsible || here.doc_ref != r.doc_ref ||
      here.date != r.date || here.secrecy != r.secrecy || here.retention != r.retention ||
      here.year != r.year || here.pages != r.pages || here.destroyed != r.destroyed) {
    return false;
  }
  std::multiset<std::string> a, b;
  for (const StoredFile& f : here.files) a.insert(f.sha256);
  for (const PackageFile& f : there.files) b.insert(f.sha256);
  return a == b;
}

json HistoryJson(const std::vector<AuditEntry>& history) {
  json out = json::array();
  for (const AuditEntry& e : history) {
    json detail = json::parse(e.detail, nullptr, false);
    out.push_back({{"id", e.id},
                   {"at", e.at},
                   {"who", e.who},
                   {"action", e.action},
                   {"detail", detail.is_discarded() ? json(e.detail) : detail},
                   {"hash", e.hash}});
  }
  return out;
}

Archive::ReceivedItem ToReceived(const std::string& dir, const PackageItem& entry,
                                 const PackageItem* item) {
  Archive::ReceivedItem r;
  const ItemRecord& rec = item ? item->record : entry.record;
  NewItem& n = r.filing.item;
  n.danghao = rec.danghao;
  n.category = rec.category;
  n.year = rec.year;
  n.retention = rec.retention;
  n.department = rec.department;
  n.title = rec.title;
  n.responsible = rec.responsible;
  n.doc_ref = rec.doc_ref;
  n.date = rec.date;
  n.secrecy = rec.secrecy;
  n.notes = rec.notes;
  if (!rec.source.empty()) n.source = rec.source;
  n.template_id = rec.template_id;
  n.doc_number = rec.doc_number;
  if (item == nullptr) {
    n.pages = entry.record.pages;  // destroyed: the entry alone
    r.destroyed = true;
    r.destroyed_at = entry.record.destroyed_at;
    r.destruction_list = entry.record.destruction_list;
    r.history = "[]";
    return r;
  }
  for (const PackageFile& f : item->files) {
    NewFile nf;
    nf.path = dir + "/" + item->folder + "/" + f.file_name;
    nf.role = ParseFileRole(f.role).value_or(FileRole::kAttachment);
    nf.name = f.name;
    nf.media_type = f.media_type;
    nf.pages = f.pages;
    r.filing.files.push_back(std::move(nf));
  }
  r.open_status = rec.open_status;
  r.open_reason = rec.open_reason;
  r.open_reviewed_at = rec.open_reviewed_at;
  r.open_reviewed_by = rec.open_reviewed_by;
  r.history = Dump(HistoryJson(item->history));
  return r;
}

}  // namespace

Status ExportPackage(const JobContext& ctx, const ExportSelection& selection,
                     const std::string& dir, ExportResult* result) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "移交导出"));
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"门类", selection.category}, {"数据包文件夹", dir}}));
  DANGAN_RETURN_IF_ERROR(CheckTarget(dir));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  package::PackageHead head;
  std::vector<ItemRecord> recs;
  DANGAN_RETURN_IF_ERROR(SelectItems(archive.get(), selection, &head.scope, &recs));
  head.company = archive->config().company;
  head.fonds = archive->config().fonds;
  head.pattern = archive->config().pattern;
  head.created_at = NowSecond();
  head.created_by = ctx.user;

  // Written beside the target and renamed at the end: a failure leaves no half package.
  std::error_code ec;
  const fs::path target = fs::absolute(dir, ec);
  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::IoError("无法在 " + target.parent_path().string() + " 中创建临时文件夹");
  }
  const std::string tmp = pattern;
  Status st = WritePackage(ctx, archive.get(), recs, head, tmp, result);
  if (st.ok()) {
    if (fs::exists(target, ec)) fs::remove(target, ec);  // empty, checked above
    fs::rename(tmp, target, ec);
    if (ec) st = Status::IoError("无法把数据包移到 " + dir + "：" + ec.message());
  }
  if (!st.ok()) {
    fs::remove_all(tmp, ec);
    return st;
  }
  result->dir = dir;
  return archive->LogTransferExport(Dump({{"dir", target.string()},
                                          {"scope", head.scope},
                                          {"items", result->items},
                                          {"destroyed", result->destroyed},
                                          {"files", result->files},
                                          {"bytes", result->bytes}}));
}

Status VerifyPackage(const JobContext& ctx, const std::string& dir, const std::string& signature_db,
                     FourPropertyReport* report) {
  (void)ctx;  // the checks need no archive; the report's PDF takes ctx where it is rendered
  report->stage = kStageTransfer;
  report->subject = dir;
  report->checked_at = NowSecond();
  report->checks.clear();
  package::CheckOptions options;
  options.signature_db = signature_db;
  package::LoadedPackage loaded;
  DANGAN_RETURN_IF_ERROR(package::CheckPackage(dir, options, report, &loaded));
  report->company = loaded.head.company;
  report->fonds = loaded.head.fonds;
  return Status::Ok();
}

Status ReceivePackage(const JobContext& ctx, const std::string& dir,
                      const std::string& signature_db, ReceiveResult* result) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "移交接收"));
  FourPropertyReport& report = result->report;
  report.stage = kStageTransfer;
  report.subject = dir;
  report.checked_at = NowSecond();
  package::CheckOptions options;
  options.signature_db = signature_db;
  package::LoadedPackage loaded;
  DANGAN_RETURN_IF_ERROR(package::CheckPackage(dir, options, &report, &loaded));
  for (const PropertyCheck& c : report.checks) {
    if (c.outcome == kCheckFailed) {
      return Status::InvalidArgument("数据包未通过移交接收检测，整包拒收：" + c.property + "·" +
                                     c.item + (c.subject.empty() ? "" : "（" + c.subject + "）") +
                                     "：" + c.detail);
    }
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  if (loaded.head.fonds != archive->config().fonds) {
    return Status::InvalidArgument("数据包的全宗号 " + loaded.head.fonds +
                                   " 与接收档案库的全宗号 " + archive->config().fonds +
                                   " 不同，整包拒收");
  }
  std::vector<Archive::ReceivedItem> batch;
  for (const PackageItem& entry : loaded.entries) {
    const std::string& danghao = entry.record.danghao;
    auto it = loaded.items.find(danghao);
    const PackageItem* item = it == loaded.items.end() ? nullptr : &it->second;
    ItemRecord here;
    Status found = archive->Get(danghao, false, &here);
    if (found.ok()) {
      if (Identical(here, item ? *item : entry)) {
        ++result->identical;
        continue;
      }
      return Status::InvalidArgument("档号 " + danghao + " 已在接收档案库中且内容不同，整包拒收");
    }
    if (found.code() != Status::Code::kNotFound) return found;
    batch.push_back(ToReceived(dir, entry, item));
    result->files += static_cast<int64_t>(batch.back().filing.files.size());
  }
  if (batch.empty()) return Status::Ok();
  std::vector<ItemRecord> filed;
  DANGAN_RETURN_IF_ERROR(archive->ReceiveItems(batch, &filed));
  result->items = static_cast<int64_t>(filed.size());
  return Status::Ok();
}

json ExportResultJson(const ExportResult& r) {
  return {{"dir", r.dir},
          {"items", r.items},
          {"destroyed", r.destroyed},
          {"files", r.files},
          {"bytes", r.bytes}};
}

json ReceiveResultJson(const ReceiveResult& r) {
  return {{"items", r.items},
          {"identical", r.identical},
          {"files", r.files},
          {"report", FourPropertyJson(r.report)}};
}

}  // namespace dangan::jobs
