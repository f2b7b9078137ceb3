// Stand-ins for what the desk work (pages.cc, html.cc) defines, compiled only while those files
// are still placeholders (server/CMakeLists.txt looks for the definitions), so that the server
// and its API tests build before the pages exist.
#include "core.h"

namespace dangan::server {

#ifdef DANGAN_PAGES_PLACEHOLDER
void RegisterPages(Core&) {}
#endif

#ifdef DANGAN_HTML_PLACEHOLDER
std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}
#endif

}  // namespace dangan::server
