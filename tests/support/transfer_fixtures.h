// A source archive for the transfer tests: three items of 2010 (文书, 定期10年, 办公室) filed from
// the real sample scans, the first with an attachment and a 开放审核 decision (控制), the second
// destroyed through a full appraisal, so that a package carries files, history, a decision and
// a catalogue entry without files.
#pragma once

#include <string>
#include <vector>

#include "dangan/jobs/job_context.h"

namespace dangan::test {

struct TransferSource {
  std::string dir;                    // the archive
  jobs::JobContext ctx;               // cleared 机密
  std::vector<std::string> danghaos;  // the three items of 2010, in 件号 order
  std::string destroyed;              // danghaos[1]
};

TransferSource MakeTransferSource(const std::string& name);

// A second, empty archive with the same 全宗号 (Z109), to receive into.
std::string MakeReceivingArchive(const std::string& name);

// The pages of a real file as the archive's checks count them.
int RealPages(const std::string& path, const std::string& media_type);

}  // namespace dangan::test
