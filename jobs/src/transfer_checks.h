// The DA/T 70-2018 checks of a transfer package at 移交接收 (transfer.h: VerifyPackage), also run
// by ExportPackage over the package it is writing, before the manifest seals it, so that the
// 移交接收登记表 states what was checked.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dangan/jobs/four_properties.h"
#include "dangan/jobs/transfer.h"
#include "transfer_package.h"

namespace dangan::jobs::package {

struct CheckOptions {
  // The package is complete: manifest, 登记表 and the stray-file check apply. False while
  // ExportPackage is still writing it.
  bool sealed = true;
  std::string signature_db;  // as ScanForViruses
};

// The package as read: the catalogue's entries and, by 档号, the items' 封装包.xml.
struct LoadedPackage {
  PackageHead head;
  PackageTotals stated;  // as 目录.xml states them
  std::vector<PackageItem> entries;
  std::map<std::string, PackageItem> items;  // by 档号, those whose 封装包.xml was read
};

// Runs every check into `report` (one line per check item, and one per failed subject). Only a
// folder that cannot be read at all is an error (InvalidArgument naming it).
Status CheckPackage(const std::string& dir, const CheckOptions& options, FourPropertyReport* report,
                    LoadedPackage* loaded);

// One line per property for the 登记表: 通过 / 不通过 / 未检测 with what failed first.
std::string PropertySummary(const FourPropertyReport& report, const std::string& property);

}  // namespace dangan::jobs::package
