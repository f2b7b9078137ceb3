// The archive's retention table, DIR/retention.txt: one rule a line, `键 = 期限  # 说明`. A key is
// a template id (S-04) or a 门类 code (WS) — ASCII, matched exactly — or a title keyword
// (会议纪要) — anything with Chinese, matched as a substring of the 题名. The company edits it;
// the defaults cite where each period comes from.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dangan/base/status.h"

namespace dangan::archive {

class RetentionTable {
 public:
  static const char* DefaultText();
  // Reads `path`; a malformed line fails naming the file and the line.
  static Status Load(const std::string& path, RetentionTable* out);
  static Status Parse(const std::string& text, const std::string& origin, RetentionTable* out);

  // Template id first, then the longest keyword found in the title, then the 门类; "" if none.
  std::string For(const std::string& template_id, const std::string& category,
                  const std::string& title) const;

 private:
  Status AddLine(const std::string& line, const std::string& origin, int n);

  std::map<std::string, std::string> codes_;                   // template ids and 门类 codes
  std::vector<std::pair<std::string, std::string>> keywords_;  // title keywords
  std::map<std::string, int> line_of_;                         // key -> line, for duplicates
};

}  // namespace dangan::archive
