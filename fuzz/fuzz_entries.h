// The bodies of dangan's fuzz targets, one function per parser that meets outside input.
//
// Each takes any bytes and returns normally when the parser read them or refused them cleanly
// (a non-OK Status naming the file, in valid UTF-8). Anything else is a bug: a crash, a sanitizer
// report, an uncaught exception, or a broken invariant, which aborts via FuzzViolation.
//
// The fuzz executables (fuzz/*_fuzz.cc) call them from LLVMFuzzerTestOneInput; the test suite
// (tests/fuzz_regressions_test.cc) calls them on every file in fuzz/regressions/NAME/ and
// fuzz/corpus/NAME/, so an input a fuzzer once crashed on stays fixed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dangan::fuzz {

using Entry = void (*)(const uint8_t* data, size_t size);

struct Target {
  const char* name;  // folder name under fuzz/corpus and fuzz/regressions, executable NAME_fuzz
  Entry entry;
};

// Every target, in the order scripts/fuzz.sh runs them.
const std::vector<Target>& Targets();

// The entry of target `name`, or nullptr.
Entry FindEntry(const std::string& name);

void XlsxReader(const uint8_t* data, size_t size);      // .xlsx (libzip + expat)
void XlsReader(const uint8_t* data, size_t size);       // .xls/.et (libgsf + our BIFF5/8 reader)
void OdsReader(const uint8_t* data, size_t size);       // .ods (libzip + expat)
void CsvReader(const uint8_t* data, size_t size);       // CSV/TSV, encoding detection
void ImportMapping(const uint8_t* data, size_t size);   // mapping file (YAML/JSON)
void TemplateLoader(const uint8_t* data, size_t size);  // template (YAML)
void DataBinder(const uint8_t* data, size_t size);      // generator data (JSON/CSV) + binding
void QueryParser(const uint8_t* data, size_t size);     // search box → FTS5 MATCH
void Tokenizer(const uint8_t* data, size_t size);       // FTS5 tokenizer, folding
void IntakeSniff(const uint8_t* data, size_t size);     // PDF/image type and container checks

// Reports a broken invariant on stderr and aborts (the fuzzer records the input as a crash).
[[noreturn]] void FuzzViolation(const std::string& target, const std::string& what);

}  // namespace dangan::fuzz
