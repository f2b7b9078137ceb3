#include "dangan/jobs/requests.h"

#include "dangan/records/text.h"

namespace dangan::jobs {

std::string Words::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second;
}

bool ParseCount(const std::string& text, size_t* out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoul(text);
  return true;
}

bool ParseYear(const std::string& text, int* out) {
  size_t count = 0;
  if (!ParseCount(text, &count) || text.size() != 4 || !IsRecordYear(count)) return false;
  *out = static_cast<int>(count);
  return true;
}

Status FilterFromWords(const Words& words, ListFilter* filter) {
  const std::string& p = words.prefix;
  if (words.Has("year")) {
    const std::string years = words.Get("year");
    const size_t dash = years.find('-');
    int from = 0, to = 0;
    if (!ParseYear(years.substr(0, dash), &from) ||
        !ParseYear(dash == std::string::npos ? years : years.substr(dash + 1), &to) || to < from) {
      return Status::InvalidArgument(p + "year 应为 " + std::to_string(kFirstRecordYear) + "–" +
                                     std::to_string(kLastRecordYear) +
                                     " 间的年度，如 2024 或 2020-2024，而不是「" + years + "」");
    }
    filter->year_from = from;
    filter->year_to = to;
  }
  filter->category = words.Get("category");
  filter->department = words.Get("dept");
  filter->retention = words.Get("retention");
  filter->secrecy = words.Get("secrecy");
  filter->source = words.Get("source");
  filter->template_id = words.Get("form");
  for (const char* name : {"limit", "offset"}) {
    if (!words.Has(name)) continue;
    size_t* out = std::string(name) == "limit" ? &filter->limit : &filter->offset;
    if (!ParseCount(words.Get(name), out)) {
      return Status::InvalidArgument(p + name + " 应为非负整数，而不是「" + words.Get(name) + "」");
    }
  }
  return Status::Ok();
}

Status SearchRequestFromWords(const Words& words, SearchRequest* request) {
  request->filter.limit = 20;
  DANGAN_RETURN_IF_ERROR(FilterFromWords(words, &request->filter));
  for (const char* name : {"from", "to"}) {
    if (!words.Has(name)) continue;
    const std::string date = NormalizeDate(words.Get(name));
    if (date.empty()) {
      return Status::InvalidArgument(words.prefix + name + "「" + words.Get(name) +
                                     "」不是有效日期");
    }
    (std::string(name) == "from" ? request->date_from : request->date_to) = date;
  }
  return Status::Ok();
}

Status FileScansRequestFromWords(const Words& words, FileScansRequest* request) {
  const std::string& p = words.prefix;
  request->join_item = words.Get("item");
  if (words.Has("ocr-lang")) {
    const std::string lang = words.Get("ocr-lang");
    if (lang != "chi_sim" && lang != "chi_tra" && lang != "chi_sim+chi_tra") {
      return Status::InvalidArgument(p + "ocr-lang 应为 chi_sim（简体）、chi_tra（繁体）或 " +
                                     "chi_sim+chi_tra，而不是「" + lang + "」");
    }
    request->ocr_languages = lang;
  }
  if (words.Has("max-pages")) {
    const std::string text = words.Get("max-pages");
    size_t pages = 0;
    if (!ParseCount(text, &pages) || pages < 1) {
      return Status::InvalidArgument(p + "max-pages 应为正整数（页数上限，默认 " +
                                     std::to_string(kDefaultMaxPages) + "），而不是「" + text +
                                     "」");
    }
    request->max_pages = static_cast<int>(pages);
  }
  NewItem* item = &request->item;
  item->title = words.Get("title");
  item->category = words.Get("category", "WS");
  item->department = words.Get("dept");
  if (words.Has("year") && !ParseYear(words.Get("year"), &item->year)) {
    return Status::InvalidArgument(p + "year 应为 " + std::to_string(kFirstRecordYear) + "–" +
                                   std::to_string(kLastRecordYear) +
                                   " 间的四位年度，如 2024，而不是「" + words.Get("year") + "」");
  }
  request->retention_given = words.Has("retention");
  item->retention = words.Get("retention");
  item->secrecy = words.Get("secrecy", "内部");
  if (words.Has("date")) {
    item->date = NormalizeDate(words.Get("date"));
    if (item->date.empty())
      return Status::InvalidArgument(p + "date「" + words.Get("date") + "」不是有效日期");
  }
  item->responsible = words.Get("responsible");
  item->doc_ref = words.Get("doc-ref");
  item->notes = words.Get("notes");
  // A record that already carries a 档号 from an earlier system keeps it.
  item->danghao = words.Get("danghao");
  return Status::Ok();
}

}  // namespace dangan::jobs
