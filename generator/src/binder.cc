// Binds a RawRecord to its template: checks every value, derives computed values, row numbers,
// the approval chain and the document number. All problems are reported at once.
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <random>

#include "dangan/generator/document.h"
#include "dangan/records/text.h"
#include "text.h"
#include "values.h"

namespace dangan {
namespace {

constexpr size_t kMaxProblems = 100;
const char kDocNumberKey[] = "文档编号";
const char kFirstSerialKey[] = "起始序号";

class Binder {
 public:
  Binder(const Template& t, RawRecord& record, Document* doc,
         std::vector<std::map<std::string, std::string>>* row_computed = nullptr)
      : t_(t), record_(record), doc_(doc), row_computed_(row_computed) {}

  Status Run() {
    doc_->tmpl = &t_;
    BindHeaderValues();
    if (t_.table) BindRows();
    ComputeHeaderFields();
    CheckRequiredHeaderFields();
    ChooseApprovalChain();
    if (!problems_.empty()) {
      if (problems_.size() >= kMaxProblems) {
        problems_.push_back(
            MakeProblem(problem_codes::kTooManyProblems, 0, "", "……问题过多，只列出前 100 处"));
      }
      return Status::InvalidArgument("数据 " + record_.origin + " 不能生成《" + t_.title + "》：",
                                     problems_);
    }
    doc_->rows = std::move(record_.rows);
    AssignDocNumber();
    return Status::Ok();
  }

 private:
  void Add(const char* code, int64_t row, std::string field, std::string message) {
    if (problems_.size() < kMaxProblems) {
      problems_.push_back(MakeProblem(code, row, std::move(field), std::move(message)));
    }
  }

  // A value that does not parse, as ParseValue reports it, with the value quoted and the row.
  void AddValueProblem(Problem p, int64_t row, std::string_view raw) {
    p.row = row;
    p.message = "值「" + Trim(raw) + "」" + p.message;
    if (problems_.size() < kMaxProblems) problems_.push_back(std::move(p));
  }

  const Field* HeaderField(const std::string& key) const {
    if (const Field* f = t_.FindField(key)) return f;
    std::string folded = FoldForCompare(key);
    for (const Field& f : t_.fields) {
      if (FoldForCompare(f.name) == folded) return &f;
    }
    return nullptr;
  }

  void BindHeaderValues() {
    for (const auto& [key, raw] : record_.values) {
      // Keys spelled exactly as the template spells them need no folding, which spares a
      // command that is given only such keys the ICU transliterator's costly set-up.
      const bool exact_field = key != kDocNumberKey && key != kFirstSerialKey && t_.FindField(key);
      if (!exact_field &&
          (key == kDocNumberKey || FoldForCompare(key) == FoldForCompare(kDocNumberKey))) {
        doc_number_ = Trim(raw);
        continue;
      }
      if (!exact_field &&
          (key == kFirstSerialKey || FoldForCompare(key) == FoldForCompare(kFirstSerialKey))) {
        Field serial;
        serial.name = kFirstSerialKey;
        serial.type = FieldType::kSerial;
        Value v;
        Problem p = ParseValue(serial, raw, &v);
        if (!p.code.empty()) AddValueProblem(std::move(p), 0, raw);
        if (!v.empty) doc_->first_serial = static_cast<long>(v.number);
        continue;
      }
      const Field* f = HeaderField(key);
      if (f == nullptr) {
        Add(problem_codes::kUnknownField, 0, key, "模板没有这个字段");
        continue;
      }
      Value v;
      Problem p = ParseValue(*f, raw, &v);
      if (!p.code.empty()) {
        AddValueProblem(std::move(p), 0, raw);
        continue;
      }
      if (!v.empty) header_[f->name] = v;
    }
  }

  // The number of row r as the data names it (a CSV file's line, 明细's position).
  int64_t RowNumber(size_t r) const { return static_cast<int64_t>(r + record_.first_row_line); }

  void BindRows() {
    const auto& columns = t_.table->columns;
    const RowTable& rows = record_.rows;
    std::vector<Value> values(columns.size());
    column_sums_.assign(columns.size(), 0);
    column_counts_.assign(columns.size(), 0);
    column_max_.assign(columns.size(), -INFINITY);
    long expected_serial = doc_->first_serial;
    bool serial_given_first = false;
    for (size_t r = 0; r < rows.rows(); ++r) {
      for (size_t c = 0; c < columns.size(); ++c) {
        const Field& f = columns[c].field;
        std::string_view raw = rows.at(r, c);
        Problem p = ParseValue(f, raw, &values[c]);
        if (!p.code.empty()) AddValueProblem(std::move(p), RowNumber(r), raw);
      }
      if (row_computed_) row_computed_->emplace_back();
      for (size_t c = 0; c < columns.size(); ++c) {
        const Field& f = columns[c].field;
        if (!f.compute.empty()) {
          ComputeProduct(r, c, &values);
          if (row_computed_) row_computed_->back()[f.name] = values[c].empty ? "" : values[c].text;
        }
        if (f.type == FieldType::kSerial) {
          CheckSerial(r, f, values[c], &expected_serial, &serial_given_first);
        } else if (f.required && values[c].empty && TrimView(rows.at(r, c)).empty()) {
          // A value given but refused is already a problem; "必填" would say it was missing.
          Add(problem_codes::kRequired, RowNumber(r), f.name, "必填");
        }
        if (!values[c].empty) {
          ++column_counts_[c];
          column_sums_[c] += values[c].number;
          column_max_[c] = std::max(column_max_[c], values[c].number);
        }
      }
    }
  }

  // A serial number given in the data must continue the sequence without gaps.
  void CheckSerial(size_t r, const Field& f, const Value& v, long* expected, bool* given_first) {
    if (v.empty) {
      ++*expected;
      return;
    }
    long n = static_cast<long>(v.number);
    if (r == 0) {
      doc_->first_serial = n;
      *expected = n;
      *given_first = true;
    }
    if (n != *expected) {
      Add(problem_codes::kSerialGap, RowNumber(r), f.name,
          "应为 " + std::to_string(*expected) + "，而不是 " + std::to_string(n) +
              "（登记表序号不得有空缺或重复）");
    }
    *expected = n + 1;
  }

  void ComputeProduct(size_t r, size_t c, std::vector<Value>* values) {
    const Field& f = t_.table->columns[c].field;
    std::string a, b;
    ParseProduct(f.compute, &a, &b);
    const Value& va = (*values)[ColumnOf(a)];
    const Value& vb = (*values)[ColumnOf(b)];
    if (va.empty || vb.empty) return;
    Value computed = NumberValue(f, va.number * vb.number);
    if (!InRange(f, computed, RowNumber(r))) return;
    Value& given = (*values)[c];
    if (!given.empty && std::fabs(given.number - computed.number) > 0.005) {
      Add(problem_codes::kComputedMismatch, RowNumber(r), f.name,
          "应为 " + a + "×" + b + " = " + computed.text + "，而数据中是 " + given.text);
    }
    given = computed;
  }

  // A computed amount outside the range dangan prints and files (records/text.h) is a problem
  // of that field, never a wrong total, a wrong 大写 or the lowest approval tier.
  bool InRange(const Field& f, const Value& computed, int64_t row) {
    if (f.type != FieldType::kMoney || IsMoneyInRange(computed.number)) return true;
    Add(problem_codes::kOutOfRange, row, f.name, "计算结果" + MoneyRangeText());
    return false;
  }

  size_t ColumnOf(const std::string& name) const {
    const auto& columns = t_.table->columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].field.name == name) return c;
    }
    return 0;  // the loader guarantees the name exists
  }

  void ComputeHeaderFields() {
    for (const Field& f : t_.fields) {
      if (f.compute.empty() || !t_.table) continue;
      std::string fn, column;
      ParseAggregate(f.compute, &fn, &column);
      size_t c = ColumnOf(column);
      double result = fn == "sum" ? column_sums_[c] : static_cast<double>(column_counts_[c]);
      Value computed = NumberValue(f, result);
      if (!InRange(f, computed, 0)) continue;
      auto it = header_.find(f.name);
      if (it != header_.end() && std::fabs(it->second.number - computed.number) > 0.005) {
        Add(problem_codes::kComputedMismatch, 0, f.name,
            "应为 " + f.compute + " = " + computed.text + "，而数据中是 " + it->second.text);
      }
      header_[f.name] = computed;
    }
  }

  bool HasHeaderProblem(const std::string& field) const {
    for (const Problem& p : problems_) {
      if (p.row == 0 && p.field == field) return true;
    }
    return false;
  }

  void CheckRequiredHeaderFields() {
    for (const Field& f : t_.fields) {
      // A value given but refused is already a problem; "必填" would say it was missing.
      if (f.required && header_.count(f.name) == 0 && !HasHeaderProblem(f.name)) {
        Add(problem_codes::kRequired, 0, f.name, "必填");
      }
    }
    for (const auto& [name, v] : header_) doc_->values[name] = v.text;
  }

  static std::string TierRange(const std::vector<ApprovalTier>& tiers, size_t i) {
    auto yuan = [](double v) { return FormatNumber(v) + "元"; };
    if (i == 0) return yuan(*tiers[0].up_to) + "及以下";
    if (!tiers[i].up_to) return "超过" + yuan(*tiers[i - 1].up_to);
    return "超过" + yuan(*tiers[i - 1].up_to) + "至" + yuan(*tiers[i].up_to);
  }

  void ChooseApprovalChain() {
    if (!t_.approval_rule) {
      doc_->approval_chain = t_.approvals;
      return;
    }
    const ApprovalRule& rule = *t_.approval_rule;
    // An amount already refused (out of range, not money) decides no tier: one problem is enough.
    for (const Problem& p : problems_) {
      if (p.field == rule.amount_field) return;
    }
    double amount = 0;
    if (rule.from_table) {
      size_t c = ColumnOf(rule.amount_field);
      if (column_counts_.empty() || column_counts_[c] == 0) {
        Add(problem_codes::kNoApprovalAmount, 0, rule.amount_field,
            "表格中没有值，无法确定审批层级");
        return;
      }
      amount = rule.aggregate_max ? column_max_[c] : column_sums_[c];
    } else {
      auto it = header_.find(rule.amount_field);
      if (it == header_.end()) {
        Add(problem_codes::kNoApprovalAmount, 0, rule.amount_field, "没有值，无法确定审批层级");
        return;
      }
      amount = it->second.number;
    }
    if (!IsMoneyInRange(amount)) {
      // Already refused where it was read or computed; llround below would overflow.
      Add(problem_codes::kOutOfRange, 0, rule.amount_field, MoneyRangeText());
      return;
    }
    for (size_t i = 0; i < rule.tiers.size(); ++i) {
      const ApprovalTier& tier = rule.tiers[i];
      // Compare in fen so 300.00 entered as text never lands above the 300 boundary.
      if (!tier.up_to || std::llround(amount * 100) <= std::llround(*tier.up_to * 100)) {
        doc_->approval_chain = tier.chain;
        std::string what =
            rule.from_table && rule.aggregate_max ? "最高" + rule.amount_field : rule.amount_field;
        doc_->approval_basis =
            what + " " + FormatMoney(amount) + " 元，属于「" + TierRange(rule.tiers, i) + "」一档";
        return;
      }
    }
  }

  void AssignDocNumber() {
    if (!doc_number_.empty()) {
      doc_->doc_number = doc_number_;
      return;
    }
    // Template id, date, and 32 random bits plus a process-wide counter: unique across a batch
    // and, with overwhelming probability, across machines and days.
    static std::mt19937_64 rng(std::random_device{}() ^
                               std::chrono::steady_clock::now().time_since_epoch().count());
    static std::atomic<unsigned> counter{0};
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d-%08X", local.tm_year + 1900, local.tm_mon + 1,
                  local.tm_mday,
                  static_cast<unsigned>(rng() & 0xFFFFFFFFu) ^ (counter++ * 2654435761u));
    doc_->doc_number = t_.id + "-" + buf;
  }

  const Template& t_;
  RawRecord& record_;
  Document* doc_;
  std::vector<std::map<std::string, std::string>>* row_computed_;
  std::map<std::string, Value> header_;
  std::vector<double> column_sums_, column_max_;
  std::vector<size_t> column_counts_;
  std::vector<Problem> problems_;
  std::string doc_number_;
};

}  // namespace

Status BindDocument(const Template& tmpl, RawRecord record, Document* out) {
  Document doc;
  DANGAN_RETURN_IF_ERROR(Binder(tmpl, record, &doc).Run());
  *out = std::move(doc);
  return Status::Ok();
}

Status BindDocumentForCheck(const Template& tmpl, RawRecord record, Document* out,
                            std::vector<std::map<std::string, std::string>>* row_computed) {
  *out = Document();
  if (row_computed) row_computed->clear();
  return Binder(tmpl, record, out, row_computed).Run();
}

std::string Document::ArchiveTitle() const {
  std::string title = tmpl->archive.title;
  for (const std::string& name : PlaceholderNames(title)) {
    auto it = values.find(name);
    std::string value = it == values.end() ? "" : it->second;
    size_t p = title.find("{" + name + "}");
    if (p != std::string::npos) title.replace(p, name.size() + 2, value);
  }
  return title;
}

}  // namespace dangan
