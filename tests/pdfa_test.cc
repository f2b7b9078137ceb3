// PDF/A-2b (issue 18 §4): every PDF the generator writes is one an archive may keep for decades.
// No validator runs offline (veraPDF is not in Debian), so each requirement of ISO 19005-2 that
// our writer could break is checked directly on the real output of every shipped template:
// objects read back with PoDoFo, the XMP packet parsed with expat, the text with Poppler.
#include <expat.h>
#include <podofo/podofo.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dangan/generator/document.h"
#include "dangan/generator/generator.h"
#include "dangan/generator/pdf_stamp.h"
#include "dangan/generator/template.h"
#include "generator/src/pdf/xmp_metadata.h"  // private part, tested on purpose
#include "support/pdf_text.h"
#include "support/test_paths.h"

namespace {

using PoDoFo::PdfDictionary;
using PoDoFo::PdfMemDocument;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;

const char kCompany[] = "华东精密机械有限公司";

struct Generated {
  std::string id;    // template
  std::string path;  // the PDF
};

// One PDF per shipped template, from its sample, generated once for all the tests here.
const std::vector<Generated>& AllPdfs() {
  static const std::vector<Generated> all = [] {
    std::vector<Generated> out;
    std::vector<dangan::Template> templates;
    REQUIRE(dangan::LoadTemplateDir(dangan::test::SourcePath("templates"), &templates).ok());
    const std::string dir = dangan::test::ScratchDir("pdfa");
    dangan::Generator generator;
    generator.SetPdfAuthor(kCompany);
    for (const dangan::Template& t : templates) {
      std::vector<dangan::RawRecord> records;
      dangan::Status s =
          dangan::ReadData(t, dangan::test::SourcePath("samples/" + t.id + ".json"), {}, &records);
      INFO(t.id << ": " << s.ToString());
      REQUIRE(s.ok());
      records.resize(1);
      std::vector<dangan::GeneratedDocument> docs;
      s = generator.Generate(t, std::move(records), dangan::OutputFormat::kPdf,
                             dir + "/" + t.id + ".pdf", &docs);
      INFO(s.ToString());
      REQUIRE(s.ok());
      out.push_back({t.id, docs.at(0).files.at(0).path});
    }
    REQUIRE(out.size() >= 30);
    return out;
  }();
  return all;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A loaded PDF; `bytes` outlives the document, which may read objects from it lazily.
struct Loaded {
  std::string bytes;
  PdfMemDocument doc;
};

std::unique_ptr<Loaded> Load(const std::string& path) {
  auto l = std::make_unique<Loaded>();
  l->bytes = ReadBytes(path);
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  l->doc.LoadFromBuffer(l->bytes.data(), static_cast<long>(l->bytes.size()));
  return l;
}

const PdfObject* Deref(PdfMemDocument& doc, const PdfObject* o) {
  while (o != nullptr && o->IsReference()) o = doc.GetObjects().GetObject(o->GetReference());
  return o;
}

const PdfObject* Key(PdfMemDocument& doc, const PdfObject* dict, const char* key) {
  dict = Deref(doc, dict);
  if (dict == nullptr || !dict->IsDictionary()) return nullptr;
  return Deref(doc, dict->GetDictionary().GetKey(PdfName(key)));
}

std::string Decoded(const PdfObject* stream) {
  char* data = nullptr;
  PoDoFo::pdf_long size = 0;
  stream->GetStream()->GetFilteredCopy(&data, &size);
  std::string out(data, static_cast<size_t>(size));
  PoDoFo::podofo_free(data);
  return out;
}

std::string Text(const PdfObject* o) {
  return o != nullptr && o->IsString() ? o->GetString().GetStringUtf8() : std::string("<missing>");
}

// The XMP packet's elements: the text of each simple property (pdfaid:part, xmp:CreateDate …) and
// of the rdf:li items of each array property (dc:title, dc:creator), by the property's name.
struct Xmp {
  bool parsed = false;
  std::map<std::string, std::vector<std::string>> values;
};

Xmp ParseXmp(const std::string& xml) {
  struct State {
    std::vector<std::string> path;
    std::string text;
    Xmp* out;
  };
  Xmp xmp;
  State state{{}, {}, &xmp};
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &state);
  XML_SetElementHandler(
      p,
      [](void* data, const XML_Char* name, const XML_Char**) {
        auto* s = static_cast<State*>(data);
        s->path.emplace_back(name);
        s->text.clear();
      },
      [](void* data, const XML_Char* name) {
        auto* s = static_cast<State*>(data);
        std::string n = name;
        s->path.pop_back();
        // rdf:li belongs to the property two levels up (dc:title / rdf:Alt / rdf:li).
        if (n == "rdf:li" && s->path.size() >= 2) {
          s->out->values[s->path[s->path.size() - 2]].push_back(s->text);
        } else if (n.rfind("rdf:", 0) != 0 && n.rfind("x:", 0) != 0) {
          s->out->values[n].push_back(s->text);
        }
        s->text.clear();
      });
  XML_SetCharacterDataHandler(p, [](void* data, const XML_Char* s, int len) {
    static_cast<State*>(data)->text.append(s, static_cast<size_t>(len));
  });
  xmp.parsed = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  return xmp;
}

std::string First(const Xmp& xmp, const std::string& name) {
  auto it = xmp.values.find(name);
  return it == xmp.values.end() || it->second.empty() ? "<missing>" : it->second.front();
}

// "D:20261204162025+08'00'" as "2026-12-04T16:20:25+08:00": the XMP date that says the same.
std::string XmpFromPdfDate(const std::string& d) {
  if (d.size() != 23 || d.compare(0, 2, "D:") != 0) return "<bad date " + d + ">";
  return d.substr(2, 4) + "-" + d.substr(6, 2) + "-" + d.substr(8, 2) + "T" + d.substr(10, 2) +
         ":" + d.substr(12, 2) + ":" + d.substr(14, 2) + d.substr(16, 3) + ":" + d.substr(20, 2);
}

// The literal date string of an Info key in the raw file, e.g. D:20261204162025+08'00'.
std::string RawDate(const std::string& bytes, const std::string& key) {
  const std::string open = "/" + key + " (";
  size_t at = bytes.find(open);
  if (at == std::string::npos) at = bytes.find("/" + key + "(");
  if (at == std::string::npos) return "<no " + key + ">";
  at = bytes.find('(', at) + 1;
  return bytes.substr(at, bytes.find(')', at) - at);
}

std::string MetadataOf(Loaded& l) {
  const PdfObject* m = Key(l.doc, l.doc.GetCatalog(), "Metadata");
  if (m == nullptr || !m->HasStream()) return "";
  return Decoded(m);
}

}  // namespace

TEST_CASE("every generated PDF declares PDF/A-2b in XMP metadata with its title and company",
          "[pdfa]") {
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    auto l = Load(g.path);
    const PdfObject* m = Key(l->doc, l->doc.GetCatalog(), "Metadata");
    REQUIRE(m != nullptr);
    REQUIRE(m->HasStream());
    CHECK(m->GetDictionary().GetKey(PdfName("Type"))->GetName() == PdfName("Metadata"));
    CHECK(m->GetDictionary().GetKey(PdfName("Subtype"))->GetName() == PdfName("XML"));
    // Uncompressed, so that a reader finds it without decoding anything.
    CHECK(!m->GetDictionary().HasKey(PdfName("Filter")));
    const std::string xml = Decoded(m);
    CHECK(xml.rfind("<?xpacket begin=", 0) == 0);
    Xmp xmp = ParseXmp(xml);
    REQUIRE(xmp.parsed);
    CHECK(First(xmp, "pdfaid:part") == "2");
    CHECK(First(xmp, "pdfaid:conformance") == "B");
    dangan::test::PdfContent poppler = dangan::test::ReadPdf(g.path);
    REQUIRE(poppler.loaded);
    CHECK(!poppler.title.empty());
    CHECK(First(xmp, "dc:title") == poppler.title);
    CHECK(First(xmp, "dc:creator") == kCompany);
    // The title is the one printed at the top of the page.
    CHECK_THAT(dangan::test::Squeeze(poppler.pages.at(0)),
               Catch::Contains(dangan::test::Squeeze(poppler.title)));
  }
}

TEST_CASE("every generated PDF's Info dictionary says what its XMP says, dates with time zone",
          "[pdfa]") {
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    auto l = Load(g.path);
    Xmp xmp = ParseXmp(MetadataOf(*l));
    REQUIRE(xmp.parsed);
    const PdfObject* info = Key(l->doc, l->doc.GetTrailer(), "Info");
    REQUIRE(info != nullptr);
    CHECK(Text(Key(l->doc, info, "Title")) == First(xmp, "dc:title"));
    CHECK(Text(Key(l->doc, info, "Author")) == kCompany);
    CHECK(Text(Key(l->doc, info, "Author")) == First(xmp, "dc:creator"));
    CHECK(Text(Key(l->doc, info, "Subject")) == First(xmp, "dc:description"));
    CHECK(Text(Key(l->doc, info, "Producer")) == First(xmp, "pdf:Producer"));
    CHECK(Text(Key(l->doc, info, "Creator")) == First(xmp, "xmp:CreatorTool"));
    // The dates as written: PoDoFo sets ModDate to the time it loads a file, so they are read from
    // the file's bytes (the Info dictionary is never compressed).
    CHECK(XmpFromPdfDate(RawDate(l->bytes, "CreationDate")) == First(xmp, "xmp:CreateDate"));
    CHECK(XmpFromPdfDate(RawDate(l->bytes, "ModDate")) == First(xmp, "xmp:ModifyDate"));
    // Written today, with an explicit offset from UTC.
    CHECK_THAT(First(xmp, "xmp:CreateDate"),
               Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)"));
    CHECK(First(xmp, "xmp:CreateDate").substr(0, 10) ==
          dangan::pdf::XmpDate(std::time(nullptr)).substr(0, 10));
  }
}

TEST_CASE("the XMP packet stays well-formed whatever a title holds", "[pdfa]") {
  dangan::pdf::ArchivalInfo info;
  info.title = "A&B <关于\"印章\"使用> 申请单";
  info.author = "甲&乙<公司>";
  info.when = 1733300000;
  Xmp xmp = ParseXmp(dangan::pdf::XmpPacket(info));
  REQUIRE(xmp.parsed);
  CHECK(First(xmp, "dc:title") == info.title);
  CHECK(First(xmp, "dc:creator") == info.author);
  // No company known: no author at all rather than an empty one.
  info.author.clear();
  xmp = ParseXmp(dangan::pdf::XmpPacket(info));
  REQUIRE(xmp.parsed);
  CHECK(xmp.values.count("dc:creator") == 0);
}

TEST_CASE("every generated PDF has an sRGB output intent with its ICC profile embedded", "[pdfa]") {
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    auto l = Load(g.path);
    const PdfObject* intents = Key(l->doc, l->doc.GetCatalog(), "OutputIntents");
    REQUIRE(intents != nullptr);
    REQUIRE(intents->IsArray());
    REQUIRE(intents->GetArray().size() == 1);
    const PdfObject* intent = Deref(l->doc, &intents->GetArray()[0]);
    CHECK(Key(l->doc, intent, "S")->GetName() == PdfName("GTS_PDFA1"));
    CHECK(Text(Key(l->doc, intent, "OutputConditionIdentifier")) == "sRGB IEC61966-2.1");
    const PdfObject* profile = Key(l->doc, intent, "DestOutputProfile");
    REQUIRE(profile != nullptr);
    REQUIRE(profile->HasStream());
    CHECK(Key(l->doc, profile, "N")->GetNumber() == 3);
    const std::string icc = Decoded(profile);
    REQUIRE(icc.size() > 128);
    // The ICC header: its own size, 'acsp', an RGB data colour space, version 2 or 4.
    const auto* b = reinterpret_cast<const unsigned char*>(icc.data());
    CHECK(((size_t{b[0]} << 24) | (size_t{b[1]} << 16) | (size_t{b[2]} << 8) | b[3]) == icc.size());
    CHECK(icc.substr(36, 4) == "acsp");
    CHECK(icc.substr(16, 4) == "RGB ");
    CHECK((b[8] == 2 || b[8] == 4));
  }
}

TEST_CASE("every font of every generated PDF is embedded as PDF/A-2 asks of CID fonts", "[pdfa]") {
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    auto l = Load(g.path);
    size_t fonts = 0;
    for (const PdfObject* o : l->doc.GetObjects()) {
      if (!o->IsDictionary()) continue;
      const PdfObject* type = o->GetDictionary().GetKey(PdfName("Type"));
      if (type == nullptr || !type->IsName() || type->GetName() != PdfName("Font")) continue;
      const std::string subtype = Key(l->doc, o, "Subtype")->GetName().GetName();
      INFO("font object " << o->Reference().ObjectNumber() << " " << subtype);
      if (subtype == "Type0") continue;  // its descendant is checked as a font of its own
      ++fonts;
      const PdfObject* descriptor = Key(l->doc, o, "FontDescriptor");
      REQUIRE(descriptor != nullptr);
      const PdfObject* file = Key(l->doc, descriptor, "FontFile2");
      if (file == nullptr) file = Key(l->doc, descriptor, "FontFile3");
      if (file == nullptr) file = Key(l->doc, descriptor, "FontFile");
      REQUIRE(file != nullptr);
      REQUIRE(file->HasStream());
      const std::string program = Decoded(file);
      CHECK(program.size() > 100);
      if (subtype == "CIDFontType2") {
        // A TrueType program whose declared length is its real one.
        CHECK(Key(l->doc, file, "Length1")->GetNumber() == static_cast<long>(program.size()));
        CHECK(program.substr(0, 4) == std::string("\0\1\0\0", 4));
        const PdfObject* map = Key(l->doc, o, "CIDToGIDMap");
        REQUIRE(map != nullptr);
        CHECK((map->HasStream() || (map->IsName() && map->GetName() == PdfName("Identity"))));
        // A CIDSet, where there is one, names exactly the glyphs the subset holds.
        const PdfObject* cidset = Key(l->doc, descriptor, "CIDSet");
        if (cidset != nullptr) {
          const std::string bits = Decoded(cidset);
          const auto* p = reinterpret_cast<const unsigned char*>(program.data());
          // numGlyphs from the maxp table, found through the table directory.
          uint16_t tables = static_cast<uint16_t>(p[4] << 8 | p[5]);
          long glyphs = -1;
          for (uint16_t t = 0; t < tables; ++t) {
            const unsigned char* rec = p + 12 + 16 * t;
            if (std::memcmp(rec, "maxp", 4) == 0) {
              uint32_t at = uint32_t{rec[8]} << 24 | uint32_t{rec[9]} << 16 |
                            uint32_t{rec[10]} << 8 | rec[11];
              glyphs = p[at + 4] << 8 | p[at + 5];
            }
          }
          REQUIRE(glyphs > 0);
          long set = 0;
          for (unsigned char c : bits) {
            for (int bit = 0; bit < 8; ++bit) set += (c >> bit) & 1;
          }
          CHECK(set == glyphs);
          CHECK(bits.size() == static_cast<size_t>((glyphs + 7) / 8));
          CHECK(static_cast<unsigned char>(bits[0]) >> 7 == 1);  // CID 0 is the high bit
        }
      }
    }
    CHECK(fonts >= 1);
  }
}

TEST_CASE("no generated PDF is encrypted and each has a file ID in its trailer", "[pdfa]") {
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    auto l = Load(g.path);
    CHECK(!l->doc.GetEncrypted());
    CHECK(!l->doc.GetTrailer()->GetDictionary().HasKey(PdfName("Encrypt")));
    const PdfObject* id = Key(l->doc, l->doc.GetTrailer(), "ID");
    REQUIRE(id != nullptr);
    REQUIRE(id->IsArray());
    REQUIRE(id->GetArray().size() == 2);
    for (const PdfObject& part : id->GetArray()) REQUIRE((part.IsString() || part.IsHexString()));
    // The length is read from the file as written: PoDoFo's parsed string stops at a zero byte,
    // which an MD5-based ID holds now and then.
    const std::string bytes = ReadBytes(g.path);
    const size_t at = bytes.rfind("/ID");
    REQUIRE(at != std::string::npos);
    static const std::regex kTwoIds(R"(^/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>)");
    std::smatch m;
    const std::string tail = bytes.substr(at, 120);
    REQUIRE(std::regex_search(tail, m, kTwoIds));
    CHECK(m[1].length() == 32);
    CHECK(m[2].length() == 32);
  }
}

TEST_CASE("generated PDFs hold no transparency, scripts, actions or external references",
          "[pdfa]") {
  const std::set<std::string> forbidden = {"SMask",         "JS",     "JavaScript", "AA",
                                           "OpenAction",    "Launch", "URI",        "GoToR",
                                           "EmbeddedFiles", "OPI",    "Encrypt",    "PS"};
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    auto l = Load(g.path);
    size_t dictionaries = 0;
    for (const PdfObject* o : l->doc.GetObjects()) {
      if (!o->IsDictionary()) continue;
      ++dictionaries;
      INFO("object " << o->Reference().ObjectNumber());
      for (const auto& [key, value] : o->GetDictionary().GetKeys()) {
        const std::string k = key.GetName();
        INFO("key " << k);
        CHECK(forbidden.count(k) == 0);
        if (k == "CA" || k == "ca") CHECK(value->GetReal() >= 1.0);
        if (k == "BM")
          CHECK(
              (value->GetName() == PdfName("Normal") || value->GetName() == PdfName("Compatible")));
        if (k == "Group") CHECK(Text(Key(l->doc, value, "S")) != "Transparency");
        if (k == "S" && value->IsName()) CHECK(value->GetName() != PdfName("Transparency"));
        // A file specification points outside the document.
        if (k == "Type" && value->IsName()) CHECK(value->GetName() != PdfName("Filespec"));
      }
    }
    CHECK(dictionaries > 5);
  }
}

TEST_CASE("generated PDFs start with a PDF 1.7 header and a binary comment", "[pdfa]") {
  for (const Generated& g : AllPdfs()) {
    INFO(g.id);
    const std::string bytes = ReadBytes(g.path);
    REQUIRE(bytes.size() > 20);
    CHECK(bytes.substr(0, 9) == "%PDF-1.7\n");
    CHECK(bytes[9] == '%');
    for (int i = 10; i < 14; ++i) CHECK(static_cast<unsigned char>(bytes[i]) >= 128);
  }
}

TEST_CASE("a stamped use copy keeps the original's PDF/A metadata, output intent and fonts",
          "[pdfa]") {
  const Generated& g = AllPdfs().front();
  const std::string copy = dangan::test::ScratchDir("pdfa-stamp") + "/copy.pdf";
  dangan::ArchiveSeal seal{"Z109", "2024", "0001", "办公室", "30年", "1"};
  dangan::Status s = dangan::StampArchiveSeal(g.path, copy, seal);
  INFO(s.ToString());
  REQUIRE(s.ok());
  auto l = Load(copy);
  Xmp xmp = ParseXmp(MetadataOf(*l));
  REQUIRE(xmp.parsed);
  CHECK(First(xmp, "pdfaid:part") == "2");
  CHECK(First(xmp, "dc:creator") == kCompany);
  CHECK(Key(l->doc, l->doc.GetCatalog(), "OutputIntents") != nullptr);
  CHECK(!l->doc.GetEncrypted());
  CHECK(Key(l->doc, l->doc.GetTrailer(), "ID") != nullptr);
  for (const PdfObject* o : l->doc.GetObjects()) {
    if (!o->IsDictionary()) continue;
    CHECK(!o->GetDictionary().HasKey(PdfName("SMask")));
    const PdfObject* descriptor = o->GetDictionary().GetKey(PdfName("FontDescriptor"));
    if (descriptor != nullptr) CHECK(Key(l->doc, descriptor, "FontFile2") != nullptr);
  }
}
