// What a filing must name, checked before anything is stored: every problem is reported at
// once, each naming its field, in the words a clerk uses.
#pragma once

#include <string>
#include <vector>

#include "dangan/archive/archive.h"

namespace dangan::archive {

Status ValidateConfig(const ArchiveConfig& config);
// The item as filing takes it: fields trimmed, look-alikes of · in a legacy 档号 folded.
NewItem NormalizedItem(const NewItem& in);
Status ValidateNewItem(const NewItem& item, const std::string& pattern);

// Single-field checks, shared with UpdateMetadata; each appends a problem (code, field, message)
// when the value is bad.
void CheckTitle(const std::string& title, std::vector<Problem>* problems);
void CheckDate(const std::string& date, std::vector<Problem>* problems);
void CheckSecrecy(const std::string& secrecy, std::vector<Problem>* problems);
void CheckRetention(const std::string& retention, std::vector<Problem>* problems);

}  // namespace dangan::archive
