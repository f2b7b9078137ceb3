#!/usr/bin/env bash
# Installs the Debian packages dangan needs (when missing) and builds it into build/
# (`--packages-only`: installs and does not build).
# Idempotent and non-interactive; run as root (or with the packages already installed).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config
  ccache                 # compiler cache: a second build of the same sources (a clean clone on the
                         # same machine, CI) compiles only what changed
  libpodofo-dev          # PDF writing
  libxlsxwriter-dev      # XLSX writing
  libpoppler-cpp-dev     # reading PDFs: text layers of scans, page images for OCR, tests
  poppler-utils          # the demo renders a "scan" of a printed form with pdftoppm
  poppler-data           # CMaps of the standard Chinese fonts (STSong-Light, Adobe-GB1): text of
                         # PDFs that use them without embedding, as samples/legacy/scans do
  libicu-dev             # line breaking, normalisation, traditional/simplified folding
  libyaml-cpp-dev        # templates
  nlohmann-json3-dev     # data files, --json output
  libqrencode-dev        # document identity QR codes
  libdeflate-dev         # PDF streams: faster than zlib at the same ratio
  icc-profiles-free      # sRGB profile of the PDF/A output intent (compiled in at build time)
  zlib1g-dev             # PNG of the QR code in XLSX
  libzip-dev libexpat1-dev  # reading XLSX: legacy imports, and our own output in the tests
  libgsf-1-dev           # the OLE2 compound-file container of .xls/.et
  libreoffice-calc-nogui gnumeric python3-xlwt  # tests: spreadsheets written by real programs,
                                                # and LibreOffice's reading of them to compare
  unicode-data bzip2     # Unihan readings: the pinyin table is built from them at build time
  libzbar-dev            # reading QR codes on scans
  libsqlite3-dev         # the catalogue
  sqlite3                # the shell: query an archive with .load build/search/libdangan_fts5
  libssl-dev             # SHA-256 and SM3 digests
  libsodium-dev          # Argon2id password hashes of accounts
  libcpp-httplib-dev     # dangan serve: HTTP server (and client, in the tests)
  libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim tesseract-ocr-chi-tra
  tesseract-ocr-osd      # OCR: orientation of pages scanned sideways or upside down
  catch2                 # tests
  clang libclang-rt-14-dev llvm  # scripts/test.sh --sanitize and scripts/fuzz.sh: ASan, UBSan,
                                 # libFuzzer, llvm-symbolizer for readable reports
  fonts-wqy-zenhei       # primary CJK font (glyf outlines, GBK + Ext-A)
  fonts-droid-fallback   # fallback CJK font
  fonts-hanazono         # CJK Ext-B and beyond (characters outside the BMP)
  fonts-dejavu-core      # symbols the CJK fonts lack (• ☐ ✓ €)
  chromium               # browser tests (tests/browser, driven by playwright-core from npm)
  clamav                 # 四性检测's virus scan (clamscan); Debian ships no signatures offline
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== 安装依赖包：${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "需要 root 权限安装：${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" = "--packages-only" ]; then exit 0; fi

# The browser tests' one npm package (playwright-core, pinned in package-lock.json), with the
# node/npm already on the machine; Debian's chromium is used, so no browser is downloaded.
if ! command -v npm > /dev/null; then
  echo "需要 node 与 npm（node 18 或更新）来运行浏览器测试" >&2
  exit 1
fi
wanted=$(node -p "require('./package-lock.json').packages['node_modules/playwright-core'].version")
installed=$(node -p "require('./node_modules/playwright-core/package.json').version" 2>/dev/null || true)
if [ "$wanted" != "$installed" ]; then
  echo "== 安装浏览器测试用的 npm 包（playwright-core $wanted）"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

echo "== 编译"
source scripts/compiler_cache.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDANGAN_WERROR="${DANGAN_WERROR:-OFF}" > /dev/null
cmake --build build -j"$(nproc)"
