// Text put into XML or HTML: the web pages, the PDF's XMP metadata, the transfer package's XML.
#pragma once

#include <string>
#include <string_view>

namespace dangan {

// Safe in element content and in quoted attribute values alike: & < > " ' become references,
// and a carriage return too (an XML parser would otherwise turn it into a line feed).
std::string EscapeMarkup(std::string_view text);

}  // namespace dangan
