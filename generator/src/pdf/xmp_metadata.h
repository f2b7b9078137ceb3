// PDF/A-2b: what turns a generated PDF into one an archive may keep for decades (DA/T 47 names
// PDF/A): XMP metadata that agrees with the Info dictionary, an sRGB output intent, PDF 1.7.
//
// Everything else PDF/A-2b asks is a property of the writer as a whole (fonts embedded with
// CIDToGIDMap, no transparency, no encryption, a trailer ID, the binary comment after the header)
// and is tested on real output in tests/pdfa_test.cc.
#pragma once

#include <ctime>
#include <string>

namespace PoDoFo {
class PdfMemDocument;
}  // namespace PoDoFo

namespace dangan::pdf {

struct ArchivalInfo {
  std::string title;     // Info /Title, dc:title
  std::string subject;   // Info /Subject, dc:description (the document number)
  std::string author;    // Info /Author, dc:creator (the company); empty: none
  std::time_t when = 0;  // creation and modification time, written with the local time zone
};

constexpr const char* kProducer = "dangan";

// "2026-12-04T16:20:25+08:00" (XMP) and "D:20261204162025+08'00'" (Info) for the same moment.
std::string XmpDate(std::time_t when);
std::string PdfDate(std::time_t when);

// The XMP packet (UTF-8) describing `info`; pdfaid:part 2, pdfaid:conformance B.
std::string XmpPacket(const ArchivalInfo& info);

// Sets the Info dictionary's author, producer and dates, adds the XMP stream to the catalogue
// (uncompressed, as PDF/A readers look for it without decoding) and the sRGB output intent.
void MakeArchival(const ArchivalInfo& info, PoDoFo::PdfMemDocument* doc);

}  // namespace dangan::pdf
