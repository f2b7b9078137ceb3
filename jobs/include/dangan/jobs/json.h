// JSON of the domain for every front end (the command's --json, the web API). One convention:
// domain fields keep their Chinese names (档号, 题名, 保管期限); structure is in English (items,
// hits, total, problems, code, files).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/base/status.h"
#include "dangan/generator/generator.h"
#include "dangan/generator/template.h"
#include "dangan/importers/import.h"

namespace dangan::jobs {

using Json = nlohmann::json;

// The text of `j` as every front end prints it (indented by `indent`). Never throws: a string
// that is not valid UTF-8 (stored before the text rule, or from an old archive) comes out with
// U+FFFD in place of each bad byte, where nlohmann's dump() would throw and abort the command.
std::string DumpJson(const Json& j, int indent = 2);

Json FileJson(const StoredFile& f);
Json ItemJson(const ItemRecord& item);  // with its files under "files"
Json ProblemJson(
    const Problem& p);  // {"code", "message", "file", "sheet", "row", "column", "field"}
// {"problems": [...]} of a failed status: its problems, or one problem with the status's code
// ("invalid_argument", "not_found", "io_error", …) and message when it carries none.
Json StatusJson(const Status& s);
// A template field: name, type, required and its limits, options, computation, note.
Json FieldJson(const Field& f);
Json GeneratedJson(const GeneratedDocument& d);  // with 档号 added by the caller when filed
// The import's report; each problem {"code", "message", "reason", "sheet", "row", "column",
// "field", "rejects"} (message: the whole line, reason: without the place).
Json ImportReportJson(const ImportReport& r);

}  // namespace dangan::jobs
