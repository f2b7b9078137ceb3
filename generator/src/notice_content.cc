#include "notice_content.h"

#include <string_view>

#include "values.h"

namespace dangan {
namespace {

std::string ValueText(const Document& doc, const std::string& name) {
  if (name.empty()) return "";
  const Field* field = doc.tmpl->FindField(name);
  auto it = doc.values.find(name);
  if (field == nullptr || it == doc.values.end()) return "";
  Value v;
  ParseValue(*field, it->second, &v);  // checked by the binder
  return v.empty ? "" : v.text;
}

// Leading blanks (the clerk's own indent, 　　) go: the layout indents every paragraph alike.
std::string TrimLeft(std::string line) {
  static const std::string kFullWidthSpace = "\u3000";
  size_t at = 0;
  for (;;) {
    if (at < line.size() && (line[at] == ' ' || line[at] == '\t')) {
      ++at;
    } else if (line.compare(at, kFullWidthSpace.size(), kFullWidthSpace) == 0) {
      at += kFullWidthSpace.size();
    } else {
      break;
    }
  }
  return line.substr(at);
}

// The 主送 ends with one full-width colon whether or not the clerk typed it.
std::string WithoutColon(std::string text) {
  for (std::string_view colon : {std::string_view("："), std::string_view(":")}) {
    if (text.size() >= colon.size() &&
        text.compare(text.size() - colon.size(), colon.size(), colon) == 0)
      text.resize(text.size() - colon.size());
  }
  return text;
}

// A value typed over several lines is several paragraphs; blank lines between them are not.
void AddParagraphs(const std::string& prefix, const std::string& text, bool indent,
                   std::vector<NoticeContent::Paragraph>* out) {
  size_t begin = 0;
  bool first = true;
  while (begin <= text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = TrimLeft(text.substr(begin, end - begin));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) {
      out->push_back({first ? prefix + line : line, indent});
      first = false;
    }
    begin = end + 1;
  }
}

}  // namespace

NoticeContent NoticeText(const Document& doc) {
  const NoticeSpec& spec = *doc.tmpl->notice;
  NoticeContent n;
  n.number = ValueText(doc, spec.number);
  n.to = WithoutColon(ValueText(doc, spec.to));
  for (const NoticeLine& line : spec.body) {
    std::string text = line.field.empty() ? line.text : ValueText(doc, line.field);
    if (text.empty()) continue;
    AddParagraphs(line.label.empty() ? "" : line.label + "：", text, line.indent, &n.paragraphs);
  }
  n.impressions = spec.impressions;
  n.attachment = ValueText(doc, spec.attachment);
  n.signer = ValueText(doc, spec.signer);
  n.date = ValueText(doc, spec.date);
  n.cc = ValueText(doc, spec.cc);
  n.cut_line = spec.cut_line;
  return n;
}

}  // namespace dangan
