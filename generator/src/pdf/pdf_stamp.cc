// StampArchiveSeal: a copy of a filed PDF with the 归档章 on page one.
//
// The original is read into memory through a read-only descriptor and never opened any other
// way, so nothing here can change it. The seal is a Form XObject with its own resources: its font
// names cannot clash with the page's, and the page only gains one uniquely named XObject.
#include "dangan/generator/pdf_stamp.h"

#include <fcntl.h>
#include <podofo/podofo.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <string_view>

#include "pdf/content_stream.h"
#include "pdf/deflate_stream.h"
#include "pdf/font_chain.h"
#include "pdf/glyph_problems.h"
#include "pdf/page_marks.h"
#include "pdf/pdf_fonts.h"
#include "pdf/save_atomically.h"
#include "pdf/seal_draw.h"
#include "pdf/seal_layout.h"
#include "pdf/text_layout.h"

namespace dangan {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVariant;

// The PDF header may follow some junk, but within the first kilobyte (PDF 32000-1, annex H).
constexpr size_t kHeaderWindow = 1024;
constexpr char kSealName[] = "DanganSeal";

Status ReadAllFd(int fd, const std::string& path, std::string* out) {
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("无法读取文件「" + path + "」：" + SystemErrorText(errno));
    if (n == 0) return Status::Ok();
    out->append(buffer, static_cast<size_t>(n));
  }
}

// Reads the whole original through a read-only descriptor; PoDoFo then parses the bytes.
Status ReadOriginal(const std::string& path, std::string* bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return Status::NotFound("文件「" + path + "」不存在");
  if (fd < 0) return Status::IoError("无法打开文件「" + path + "」：" + SystemErrorText(errno));
  struct stat st {};
  Status read;
  if (::fstat(fd, &st) != 0) {
    read = Status::IoError("无法读取文件「" + path + "」：" + SystemErrorText(errno));
  } else if (!S_ISREG(st.st_mode)) {
    read = Status::InvalidArgument("「" + path + "」不是普通文件");
  } else {
    read = ReadAllFd(fd, path, bytes);
  }
  ::close(fd);
  DANGAN_RETURN_IF_ERROR(read);
  std::string_view head(bytes->data(), std::min(bytes->size(), kHeaderWindow));
  if (head.find("%PDF-") == std::string_view::npos)
    return Status::InvalidArgument("文件「" + path + "」不是 PDF 文件");
  return Status::Ok();
}

// The copy must never replace the original, whatever the two paths look like.
Status CheckDistinct(const std::string& in, const std::string& out) {
  struct stat a {
  }, b{};
  if (::stat(in.c_str(), &a) == 0 && ::stat(out.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
      a.st_ino == b.st_ino) {
    return Status::InvalidArgument("输出文件「" + out + "」就是原件「" + in +
                                   "」：归档章只能盖在副本上");
  }
  return Status::Ok();
}

Status Encrypted(const std::string& path) {
  return Status::Unsupported("PDF「" + path + "」已加密，不能在副本上盖归档章");
}

Status LoadOriginal(const std::string& path, const std::string& bytes,
                    PoDoFo::PdfMemDocument* doc) {
  try {
    doc->LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
  } catch (const PoDoFo::PdfError& e) {
    // PoDoFo fails on some encryption in other ways (RC4 is missing from OpenSSL 3's default
    // provider), so an /Encrypt entry anywhere also means the file is encrypted, not damaged.
    if (e.GetError() == PoDoFo::ePdfError_InvalidPassword ||
        e.GetError() == PoDoFo::ePdfError_InvalidEncryptionDict ||
        bytes.find("/Encrypt") != std::string::npos) {
      return Encrypted(path);
    }
    return Status::Corruption("PDF「" + path + "」已损坏或不完整，无法读取（" +
                              PoDoFo::PdfError::ErrorName(e.GetError()) + "）");
  }
  // Opened with the empty user password, an encrypted file still loads; a copy would drop or
  // misapply its protection, so it is refused all the same.
  if (doc->GetEncrypted()) return Encrypted(path);
  if (doc->GetPageCount() < 1) return Status::Corruption("PDF「" + path + "」没有页面");
  return Status::Ok();
}

bool ReadBox(const PdfObject* o, PoDoFo::PdfVecObjects* objects, pdf::Box* box) {
  o = pdf::Resolve(objects, o);
  if (o == nullptr || !o->IsArray() || o->GetArray().size() != 4) return false;
  double v[4];
  for (int i = 0; i < 4; ++i) {
    const PdfObject* n = pdf::Resolve(objects, &o->GetArray()[i]);
    if (n == nullptr || !(n->IsNumber() || n->IsReal())) return false;
    v[i] = n->GetReal();
  }
  *box = pdf::Box{std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]),
                  std::max(v[1], v[3])};
  return box->width() > 0 && box->height() > 0;
}

// What a viewer shows of the page: the CropBox, clipped to the MediaBox.
Status VisibleBox(PoDoFo::PdfPage* page, const std::string& path, pdf::Box* out) {
  PoDoFo::PdfVecObjects* objects = page->GetObject()->GetOwner();
  if (!ReadBox(page->GetInheritedKey(PdfName("MediaBox")), objects, out))
    return Status::Corruption("PDF「" + path + "」第一页没有有效的页面尺寸（MediaBox）");
  pdf::Box crop;
  if (ReadBox(page->GetInheritedKey(PdfName("CropBox")), objects, &crop)) {
    pdf::Box clipped{std::max(out->x0, crop.x0), std::max(out->y0, crop.y0),
                     std::min(out->x1, crop.x1), std::min(out->y1, crop.y1)};
    if (clipped.width() > 0 && clipped.height() > 0) *out = clipped;
  }
  return Status::Ok();
}

int Rotation(PoDoFo::PdfPage* page) {
  const PdfObject* rotate =
      pdf::Resolve(page->GetObject()->GetOwner(), page->GetInheritedKey(PdfName("Rotate")));
  return rotate != nullptr && rotate->IsNumber() ? static_cast<int>(rotate->GetNumber()) : 0;
}

// Draws the seal into a new Form XObject of the document, with the seal's fonts as its resources.
Status BuildSealForm(const ArchiveSeal& seal, const pdf::FontChain& chain, pdf::TextLayouter* text,
                     const std::string& out_path, PoDoFo::PdfMemDocument* doc, PdfObject** form) {
  pdf::DocumentFonts fonts(&chain, &doc->GetObjects());
  pdf::ContentStream content(pdf::kSealHeight, &fonts);
  std::vector<pdf::GlyphProblem> problems;
  Status drawn = pdf::DrawSeal(seal, text, &content, &problems);
  if (!problems.empty()) return pdf::GlyphProblemsStatus(out_path, problems);
  DANGAN_RETURN_IF_ERROR(drawn);
  DANGAN_RETURN_IF_ERROR(fonts.Embed());

  PdfDictionary font_resources;
  for (uint8_t i = 0; i < chain.size(); ++i) {
    if (content.fonts_used() & (1u << i))
      font_resources.AddKey(PdfName("F" + std::to_string(i)), fonts.FontObject(i)->Reference());
  }
  PdfDictionary resources;
  resources.AddKey("Font", font_resources);
  PdfArray bbox;
  for (double v : {0.0, 0.0, pdf::kSealWidth, pdf::kSealHeight}) bbox.push_back(PdfVariant(v));

  *form = doc->GetObjects().CreateObject("XObject");
  PdfDictionary& d = (*form)->GetDictionary();
  d.AddKey("Subtype", PdfName("Form"));
  d.AddKey("BBox", bbox);
  d.AddKey("Resources", resources);
  pdf::SetDeflatedStream(*form, content.bytes(), pdf::Deflate::kSmall);
  return Status::Ok();
}

// Gives page one resources of its own (they may be inherited or shared with other pages) with
// the seal added under a name the page does not use yet; returns that name.
std::string AddSealResource(PoDoFo::PdfPage* page, PdfObject* form) {
  PoDoFo::PdfVecObjects* objects = page->GetObject()->GetOwner();
  const PdfObject* inherited = pdf::Resolve(objects, page->GetInheritedKey(PdfName("Resources")));
  PdfDictionary resources;
  if (inherited != nullptr && inherited->IsDictionary()) resources = inherited->GetDictionary();
  PdfDictionary xobjects;
  const PdfObject* old = pdf::Resolve(objects, resources.GetKey(PdfName("XObject")));
  if (old != nullptr && old->IsDictionary()) xobjects = old->GetDictionary();
  std::string name = kSealName;
  for (int n = 2; xobjects.HasKey(PdfName(name)); ++n) name = kSealName + std::to_string(n);
  xobjects.AddKey(PdfName(name), form->Reference());
  resources.AddKey("XObject", xobjects);
  page->GetObject()->GetDictionary().AddKey("Resources", resources);
  return name;
}

PdfObject* PlainStream(PoDoFo::PdfVecObjects* objects, const std::string& data) {
  PdfObject* stream = objects->CreateObject();
  stream->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()),
                           PoDoFo::TVecFilters());
  return stream;
}

std::string Repeat(const char* op, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += op;
  return out;
}

// Wraps the page's own content in saved states, so that whatever it leaves set (a scaled CTM,
// a colour, an open text object) is undone before the seal is drawn.
void AppendSeal(PdfObject* page, const pdf::PageMarks& marks, const pdf::SealPlace& place,
                const std::string& name) {
  PoDoFo::PdfVecObjects* objects = page->GetOwner();
  // One q for us, plus one for every Q the page issues beyond its own q's.
  int saves = 1 + std::max(0, -marks.lowest_depth);
  pdf::ContentStream tail(0, nullptr);  // only for its number formatting
  if (marks.open_text) tail.Op("ET");
  for (int i = 0; i < saves + marks.final_depth; ++i) tail.Op("Q");
  tail.Op("q");
  const pdf::Affine& m = place.seal_to_user;
  for (double v : {m.a, m.b, m.c, m.d, m.e, m.f}) tail.Num(v);
  tail.Op("cm");
  tail.Op("/" + name + " Do");
  tail.Op("Q");

  PdfArray contents;
  contents.push_back(PlainStream(objects, Repeat("q\n", saves))->Reference());
  const PdfObject* old = page->GetDictionary().GetKey(PdfName("Contents"));
  const PdfObject* resolved = pdf::Resolve(objects, old);
  if (resolved != nullptr && resolved->IsArray()) {
    for (const PdfObject& part : resolved->GetArray()) contents.push_back(part);
  } else if (old != nullptr) {
    contents.push_back(*old);
  }
  contents.push_back(PlainStream(objects, tail.bytes())->Reference());
  page->GetDictionary().AddKey("Contents", contents);
}

Status StampFirstPage(const std::string& in, const std::string& out, const ArchiveSeal& seal,
                      const pdf::FontChain& chain, pdf::TextLayouter* text,
                      PoDoFo::PdfMemDocument* doc) {
  PoDoFo::PdfPage* page = doc->GetPage(0);
  pdf::Box visible;
  DANGAN_RETURN_IF_ERROR(VisibleBox(page, in, &visible));
  pdf::PageView view = pdf::PageView::Of(visible, Rotation(page));
  if (!pdf::SealFits(view))
    return Status::InvalidArgument("PDF「" + in + "」的第一页太小，放不下 45 × 16 毫米的归档章");
  pdf::PageMarks marks;
  pdf::ScanPageMarks(page, &marks);
  std::vector<pdf::Mark> in_view;
  for (const pdf::Mark& m : marks.marks) in_view.push_back(pdf::Mark{view.FromUser(m.box), m.kind});
  pdf::SealPlace place = pdf::PlaceSeal(view, in_view);

  PdfObject* form = nullptr;
  DANGAN_RETURN_IF_ERROR(BuildSealForm(seal, chain, text, out, doc, &form));
  std::string name = AddSealResource(page, form);
  AppendSeal(page->GetObject(), marks, place, name);
  return Status::Ok();
}

}  // namespace

Status StampArchiveSeal(const std::string& in, const std::string& out, const ArchiveSeal& seal,
                        const PdfOptions& fonts) {
  std::string bytes;
  DANGAN_RETURN_IF_ERROR(ReadOriginal(in, &bytes));
  DANGAN_RETURN_IF_ERROR(CheckDistinct(in, out));
  pdf::FontChain chain;
  DANGAN_RETURN_IF_ERROR(pdf::FontChain::Load(fonts.fonts, &chain));
  std::unique_ptr<pdf::TextLayouter> text;
  DANGAN_RETURN_IF_ERROR(pdf::TextLayouter::Create(&chain, &text));
  // PoDoFo would print the trailer to stdout and its warnings to stderr; what matters reaches
  // the caller as a Status.
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  try {
    // PoDoFo may read objects from `bytes` lazily, so `bytes` outlives the document.
    PoDoFo::PdfMemDocument doc;
    DANGAN_RETURN_IF_ERROR(LoadOriginal(in, bytes, &doc));
    DANGAN_RETURN_IF_ERROR(StampFirstPage(in, out, seal, chain, text.get(), &doc));
    PoDoFo::PdfRefCountedBuffer buffer;
    PoDoFo::PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return pdf::SaveAtomically(buffer.GetBuffer(), device.GetLength(), out);
  } catch (const PoDoFo::PdfError& e) {
    return Status::Corruption("为 PDF「" + in + "」盖归档章失败：" +
                              PoDoFo::PdfError::ErrorName(e.GetError()));
  }
}

}  // namespace dangan
