// PLACEHOLDER (issue 16): appraisal and destruction jobs, see dangan/jobs/destruction.h.
#include "dangan/jobs/destruction.h"

namespace dangan::jobs {
namespace {
Status NotYet() { return Status::Unsupported("鉴定与销毁尚未实现"); }
}  // namespace

Status StartAppraisal(const JobContext&, const std::string&, const std::string&,
                      const std::vector<std::string>&, Appraisal*) {
  return NotYet();
}
Status ListAppraisals(const JobContext&, std::vector<Appraisal>*) { return NotYet(); }
Status ReadAppraisal(const JobContext&, int64_t, Appraisal*) { return NotYet(); }
Status DecideItem(const JobContext&, int64_t, const std::string&, const std::string&,
                  const std::string&, const std::string&) {
  return NotYet();
}
Status RecordGroupOpinion(const JobContext&, int64_t, const std::string&, const std::string&) {
  return NotYet();
}
Status ApproveDestruction(const JobContext&, int64_t, const std::string&, bool,
                          const std::string&) {
  return NotYet();
}
Status RecordWitnesses(const JobContext&, int64_t, const std::string&, const std::string&,
                       const std::string&, const std::string&, const std::string&) {
  return NotYet();
}
Status Destroy(const JobContext&, int64_t, DestructionResult*) { return NotYet(); }
Status RenderDestructionList(const JobContext&, int64_t, const std::string&, GeneratedDocument*) {
  return NotYet();
}
nlohmann::json AppraisalJson(const Appraisal&) { return nlohmann::json::object(); }

}  // namespace dangan::jobs
