#include "pdf/deflate_stream.h"

#include <podofo/podofo.h>
#include <zlib.h>

#include <string>

namespace dangan::pdf {
namespace {

// One zlib state per level and thread, reset between streams: initialising a deflate state
// allocates a quarter of a megabyte, which per stream cost more page faults than compressing.
class Deflater {
 public:
  explicit Deflater(int level) { ok_ = deflateInit(&z_, level) == Z_OK; }
  ~Deflater() {
    if (ok_) deflateEnd(&z_);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  // Compresses `data` into `out`; false if zlib fails.
  bool Compress(std::string_view data, std::string* out) {
    if (!ok_ || deflateReset(&z_) != Z_OK) return false;
    out->resize(deflateBound(&z_, static_cast<uLong>(data.size())));
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z_.avail_in = static_cast<uInt>(data.size());
    z_.next_out = reinterpret_cast<Bytef*>(out->data());
    z_.avail_out = static_cast<uInt>(out->size());
    if (deflate(&z_, Z_FINISH) != Z_STREAM_END) return false;
    out->resize(z_.total_out);
    return true;
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

void SetDeflatedStream(PoDoFo::PdfObject* object, std::string_view data, Deflate how) {
  thread_local Deflater fast(1), small(Z_DEFAULT_COMPRESSION);
  thread_local std::string packed;
  if (!(how == Deflate::kFast ? fast : small).Compress(data, &packed)) {
    // Only a broken zlib fails here; the uncompressed stream is still a valid PDF.
    object->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()),
                             PoDoFo::TVecFilters());
    return;
  }
  PoDoFo::PdfMemoryInputStream input(packed.data(), static_cast<PoDoFo::pdf_long>(packed.size()));
  object->GetStream()->SetRawData(&input, static_cast<PoDoFo::pdf_long>(packed.size()));
  object->GetDictionary().AddKey("Filter", PoDoFo::PdfName("FlateDecode"));
}

}  // namespace dangan::pdf
