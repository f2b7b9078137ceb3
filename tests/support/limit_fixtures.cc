#include "tests/support/limit_fixtures.h"

#include <zlib.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace dangan::test {
namespace {

// Deflates what `next` produces chunk by chunk (it returns false when done), at level 9.
template <typename Producer>
std::string DeflateStream(Producer next, int window_bits = 15) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out, chunk;
  std::vector<unsigned char> buf(1 << 16);
  bool more = true;
  while (more) {
    chunk.clear();
    more = next(&chunk);
    z.next_in = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_in = static_cast<uInt>(chunk.size());
    const int flush = more ? Z_NO_FLUSH : Z_FINISH;
    do {
      z.next_out = buf.data();
      z.avail_out = static_cast<uInt>(buf.size());
      deflate(&z, flush);
      out.append(reinterpret_cast<char*>(buf.data()), buf.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

// Writes numbered objects and the cross-reference table that locates them.
class PdfWriter {
 public:
  PdfWriter() { pdf_ = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"; }
  void Object(int number, const std::string& body) {
    if (offsets_.size() <= static_cast<size_t>(number)) offsets_.resize(number + 1);
    offsets_[number] = pdf_.size();
    pdf_ += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
  }
  std::string Finish() {
    const size_t xref = pdf_.size();
    pdf_ += "xref\n0 " + std::to_string(offsets_.size()) + "\n0000000000 65535 f \n";
    char line[32];
    for (size_t i = 1; i < offsets_.size(); ++i) {
      std::snprintf(line, sizeof line, "%010zu 00000 n \n", offsets_[i]);
      pdf_ += line;
    }
    pdf_ += "trailer\n<</Size " + std::to_string(offsets_.size()) + "/Root 1 0 R>>\nstartxref\n" +
            std::to_string(xref) + "\n%%EOF\n";
    return std::move(pdf_);
  }

 private:
  std::string pdf_;
  std::vector<size_t> offsets_;
};

std::string Save(const std::string& bytes, const std::string& out) {
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + out);
  return out;
}

void PngChunk(std::string* png, const std::string& type, const std::string& data) {
  auto be32 = [png](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) png->push_back(static_cast<char>(v >> shift));
  };
  be32(static_cast<uint32_t>(data.size()));
  const std::string typed = type + data;
  *png += typed;
  be32(static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()))));
}

}  // namespace

std::string WriteBlankPdf(int pages, const std::string& out) {
  PdfWriter w;
  w.Object(1, "<</Type/Catalog/Pages 2 0 R>>");
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(3 + i) + " 0 R ";
  w.Object(2, "<</Type/Pages/Kids[" + kids + "]/Count " + std::to_string(pages) + ">>");
  for (int i = 0; i < pages; ++i)
    w.Object(3 + i, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>");
  return Save(w.Finish(), out);
}

std::string WriteFlateBombPdf(uint64_t inflated_bytes, const std::string& out) {
  // Setting the grey level over and over: valid operators that draw nothing.
  const std::string op = "0 g\n";
  std::string block;
  while (block.size() < (1u << 20)) block += op;
  uint64_t left = inflated_bytes;
  const std::string stream = DeflateStream([&](std::string* chunk) {
    const uint64_t n = std::min<uint64_t>(left, block.size());
    chunk->assign(block, 0, static_cast<size_t>(n));
    left -= n;
    return left > 0;
  });
  PdfWriter w;
  w.Object(1, "<</Type/Catalog/Pages 2 0 R>>");
  w.Object(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
  w.Object(3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>");
  w.Object(4, "<</Length " + std::to_string(stream.size()) + "/Filter/FlateDecode>>\nstream\n" +
                  stream + "\nendstream");
  return Save(w.Finish(), out);
}

std::string WriteHugePng(uint32_t width, uint32_t height, const std::string& out) {
  std::string png = "\x89PNG\r\n\x1A\n";
  std::string ihdr;
  for (uint32_t v : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8) ihdr.push_back(static_cast<char>(v >> shift));
  ihdr += std::string("\x01\x00\x00\x00\x00", 5);  // 1 bit, grey, deflate, no filter, no interlace
  PngChunk(&png, "IHDR", ihdr);
  const std::string row = std::string(1, '\0') + std::string((width + 7) / 8, '\xFF');
  uint32_t rows_left = height;
  PngChunk(&png, "IDAT", DeflateStream([&](std::string* chunk) {
    for (int i = 0; i < 64 && rows_left > 0; ++i, --rows_left) *chunk += row;
    return rows_left > 0;
  }));
  PngChunk(&png, "IEND", "");
  return Save(png, out);
}

}  // namespace dangan::test
