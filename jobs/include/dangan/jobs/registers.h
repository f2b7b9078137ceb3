// Registers kept live (issue 15): a register (用印登记表, 钥匙发放登记表 …) grows one row at a time
// in its open volume (册); a correction is a new row that voids an earlier one with a reason; an
// archivist closes a volume, which prints it and files it. The command line and the web
// application both go through these jobs, so they never disagree.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// One register and its volumes as stored.
struct RegisterState {
  std::string template_id, title;
  std::vector<RegisterVolume> volumes;  // in order of their names
  std::string open_volume;              // where a row goes when no volume is named
};

// The volume a new row goes to: the last volume not closed; if there is none, `year`
// ("2026"), or "2026-2", "2026-3" … when a volume of that name was closed already.
std::string OpenVolumeOf(const std::vector<RegisterVolume>& volumes, int year);

// This year by the local clock, and today as YYYY-MM-DD: what a clerk means by "today's row".
int CurrentYear();
std::string Today();

// Every template of kind register, by id.
Status ListRegisterTemplates(const JobContext& ctx, std::vector<Template>* out);
// A register's volumes and its open volume. NotFound for an unknown template; InvalidArgument
// for a template that is not a register.
Status ReadRegister(const JobContext& ctx, const std::string& template_id, RegisterState* out);
// A volume's rows (voided marks filled in). An unknown volume gives no rows.
Status ReadVolumeRows(const JobContext& ctx, const std::string& template_id,
                      const std::string& volume, std::vector<RegisterRow>* out);

// The first date column of a register's table ("用印日期"): prefilled with today, and what
// 起始日期/截止日期 are read from when a volume is closed. "" if the table has none.
std::string DateColumnOf(const Template& tmpl);

struct AddRowRequest {
  std::string template_id;
  std::map<std::string, std::string> values;  // column name -> text, as typed
  std::string volume;                         // "" = the open volume
  int64_t voids = 0;                          // a correction: the 序号 it voids
  std::string reason;                         // why (required with voids)
};

// Checks the row by the generator's own rules for the table's columns (types, required,
// choices, lengths; traditional characters and full-width digits read as elsewhere), every
// problem naming its field, then appends it numbered next in the volume. `out` receives the
// row as stored (row_no, canonical values); `volume` the volume it went to.
Status AddRow(const JobContext& ctx, const AddRowRequest& request, RegisterRow* out,
              std::string* volume);

struct CloseVolumeRequest {
  std::string template_id;
  std::string volume;
  // Header fields (保管部门, 印章保管人 …). 册号 defaults to the volume, 起始日期/截止日期 to the
  // first and last row's date when the template has them.
  std::map<std::string, std::string> header;
};

struct CloseVolumeResult {
  GeneratedDocument document;
  ItemRecord item;  // as filed
};

// Prints the volume (PDF and XLSX), files it as one item and closes the volume in one archive
// transaction: on any failure neither the item nor the closing stays.
Status CloseVolume(const JobContext& ctx, const CloseVolumeRequest& request,
                   CloseVolumeResult* result);

// The volume as it will print, as a PDF at `pdf_path`, header fields not required (what is not
// given yet prints blank). For the page that shows the open volume.
Status RenderVolume(const JobContext& ctx, const std::string& template_id,
                    const std::string& volume, const std::map<std::string, std::string>& header,
                    const std::string& pdf_path);

// JSON shared by the command's --json and the web API.
// {"序号", "values", "voids"?, "void_reason"?, "voided_by"?, "voided_reason"?, "source",
// "imported_at", "imported_by"}
nlohmann::json RegisterRowJson(const RegisterRow& row);
// {"volume", "rows", "first_row", "last_row", "closed", "closed_at"?, "closed_by"?, "档号"?}
nlohmann::json RegisterVolumeJson(const RegisterVolume& v);

}  // namespace dangan::jobs
