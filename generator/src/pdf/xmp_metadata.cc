#include "pdf/xmp_metadata.h"

#include <podofo/podofo.h>

#include <cstdio>
#include <cstdlib>

#include "dangan/base/markup.h"
#include "pdf/deflate_stream.h"
#include "pdf/srgb_icc.h"

namespace dangan::pdf {
namespace {

PoDoFo::PdfString Utf8String(const std::string& s) {
  return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
}

std::string XmlEscaped(const std::string& s) { return EscapeMarkup(s); }

struct LocalTime {
  std::tm tm{};
  long offset_minutes = 0;  // east of UTC
};

LocalTime Local(std::time_t when) {
  LocalTime t;
  localtime_r(&when, &t.tm);
  t.offset_minutes = t.tm.tm_gmtoff / 60;
  return t;
}

// The ICC stream compressed once per process: it is the same 7 KB in every document.
const std::string& PackedIcc() {
  static const std::string packed = [] {
    std::string out;
    Compress(std::string_view(reinterpret_cast<const char*>(kSrgbIcc), kSrgbIccSize),
             Deflate::kSmall, &out);
    return out;
  }();
  return packed;
}

void AddOutputIntent(PoDoFo::PdfMemDocument* doc) {
  PoDoFo::PdfObject* profile = doc->GetObjects().CreateObject();
  profile->GetDictionary().AddKey("N", PoDoFo::PdfVariant(static_cast<PoDoFo::pdf_int64>(3)));
  SetCompressedStream(profile, PackedIcc());

  PoDoFo::PdfDictionary intent;
  intent.AddKey("Type", PoDoFo::PdfName("OutputIntent"));
  intent.AddKey("S", PoDoFo::PdfName("GTS_PDFA1"));
  intent.AddKey("OutputConditionIdentifier", PoDoFo::PdfString("sRGB IEC61966-2.1"));
  intent.AddKey("RegistryName", PoDoFo::PdfString("http://www.color.org"));
  intent.AddKey("Info", PoDoFo::PdfString("sRGB IEC61966-2.1"));
  intent.AddKey("DestOutputProfile", profile->Reference());
  PoDoFo::PdfArray intents;
  intents.push_back(intent);
  doc->GetCatalog()->GetDictionary().AddKey("OutputIntents", intents);
}

}  // namespace

std::string XmpDate(std::time_t when) {
  LocalTime t = Local(when);
  long off = std::labs(t.offset_minutes);
  char buf[128];  // room for any int, to keep -Wformat-truncation quiet
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", t.tm.tm_year + 1900,
                t.tm.tm_mon + 1, t.tm.tm_mday, t.tm.tm_hour, t.tm.tm_min, t.tm.tm_sec,
                t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string PdfDate(std::time_t when) {
  LocalTime t = Local(when);
  long off = std::labs(t.offset_minutes);
  char buf[128];  // room for any int, to keep -Wformat-truncation quiet
  std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02d%c%02ld'%02ld'", t.tm.tm_year + 1900,
                t.tm.tm_mon + 1, t.tm.tm_mday, t.tm.tm_hour, t.tm.tm_min, t.tm.tm_sec,
                t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string XmpPacket(const ArchivalInfo& info) {
  const std::string date = XmpDate(info.when);
  std::string x =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "  <rdf:Description rdf:about=\"\"\n"
      "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
      "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
      "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
      "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
      "   <pdfaid:part>2</pdfaid:part>\n"
      "   <pdfaid:conformance>B</pdfaid:conformance>\n"
      "   <dc:format>application/pdf</dc:format>\n";
  x += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + XmlEscaped(info.title) +
       "</rdf:li></rdf:Alt></dc:title>\n";
  if (!info.subject.empty()) {
    x += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + XmlEscaped(info.subject) +
         "</rdf:li></rdf:Alt></dc:description>\n";
  }
  if (!info.author.empty()) {
    x += "   <dc:creator><rdf:Seq><rdf:li>" + XmlEscaped(info.author) +
         "</rdf:li></rdf:Seq></dc:creator>\n";
  }
  x += "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n";
  x += "   <xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n";
  x += "   <xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n";
  x += std::string("   <xmp:CreatorTool>") + kProducer + "</xmp:CreatorTool>\n";
  x += std::string("   <pdf:Producer>") + kProducer + "</pdf:Producer>\n";
  x += "  </rdf:Description>\n"
       " </rdf:RDF>\n"
       "</x:xmpmeta>\n"
       "<?xpacket end=\"w\"?>";
  return x;
}

void MakeArchival(const ArchivalInfo& info, PoDoFo::PdfMemDocument* doc) {
  doc->SetPdfVersion(PoDoFo::ePdfVersion_1_7);

  // Every key the XMP also states is written here from the same values, so the two never differ.
  PoDoFo::PdfInfo* pdf_info = doc->GetInfo();
  pdf_info->SetTitle(Utf8String(info.title));
  PoDoFo::PdfDictionary& d = pdf_info->GetObject()->GetDictionary();
  if (info.subject.empty()) {
    d.RemoveKey("Subject");
  } else {
    pdf_info->SetSubject(Utf8String(info.subject));
  }
  if (info.author.empty()) {
    d.RemoveKey("Author");
  } else {
    pdf_info->SetAuthor(Utf8String(info.author));
  }
  pdf_info->SetCreator(PoDoFo::PdfString(kProducer));
  pdf_info->SetProducer(PoDoFo::PdfString(kProducer));
  const std::string date = PdfDate(info.when);
  d.AddKey("CreationDate", PoDoFo::PdfString(date));
  d.AddKey("ModDate", PoDoFo::PdfString(date));

  const std::string xmp = XmpPacket(info);
  PoDoFo::PdfObject* metadata = doc->GetObjects().CreateObject("Metadata");
  metadata->GetDictionary().AddKey("Subtype", PoDoFo::PdfName("XML"));
  metadata->GetStream()->Set(xmp.data(), static_cast<PoDoFo::pdf_long>(xmp.size()),
                             PoDoFo::TVecFilters());
  doc->GetCatalog()->GetDictionary().AddKey("Metadata", metadata->Reference());

  AddOutputIntent(doc);
}

}  // namespace dangan::pdf
