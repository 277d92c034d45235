// libFuzzer target for what reads configs and runs from outside: apply_query (links), apply_json (config
// files, the page's losslab.set), run_record_from_json (the page's Import, its IndexedDB) and
// history_from_csv (`losslab check`), and read_points_csv (the page's CSV import, `losslab run --data`). Any input must give no crash and no sanitizer report, and beyond that:
//   - a link applied to a valid config leaves it valid (refused fields go back, never half-apply);
//   - the config a link produced writes a link that reproduces it exactly, without errors;
//   - every message is valid UTF-8, so the page's JSON replies can carry it;
//   - a CSV of points that reads makes a valid custom-data config.
// Built and run by scripts/fuzz.sh (clang only); seeds in tests/fuzz/corpus/.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include "train/config_url.hpp"
#include "train/custom_data.hpp"
#include "train/points_csv.hpp"
#include "train/history_check.hpp"
#include "train/run_record.hpp"
#include "train/run_config.hpp"

namespace {

void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz_config: %s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// Throws (and so aborts the fuzzer) on invalid UTF-8, as the page's JSON replies would.
void check_messages(const std::vector<losslab::ConfigError>& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : errors) out.push_back({{"field", e.field}, {"message", e.message}});
  (void)out.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  losslab::RunConfig config;
  const auto errors = losslab::apply_query(config, text);
  check_messages(errors);
  if (const auto problems = losslab::validate(config); !problems.empty())
    fail("a link left the config invalid", problems.front().message);
  const std::string link = losslab::config_to_query(config);
  losslab::RunConfig back;
  if (const auto again = losslab::apply_query(back, link); !again.empty()) fail("its own link was refused", link);
  if (!(back == config)) fail("its own link gave another config", link);

  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_discarded()) {
    losslab::RunConfig from_file;
    check_messages(losslab::apply_json(from_file, json));
    (void)losslab::to_json(from_file).dump();
  }

  // A run record: refused with messages, or read into one whose JSON reads back to the same record.
  const losslab::RunRecordRead record = losslab::run_record_from_json(text);
  check_messages(record.errors);
  if (record.record) {
    const std::string again = losslab::run_record_to_json(*record.record).dump();
    const losslab::RunRecordRead back = losslab::run_record_from_json(again);
    if (!back.record || losslab::run_record_to_json(*back.record).dump() != again)
      fail("a run record did not read back the same", again.substr(0, 200));
  }
  std::vector<losslab::ConfigError> csv_errors;
  (void)losslab::history_from_csv(text, csv_errors);
  check_messages(csv_errors);

  const losslab::PointsCsvRead points = losslab::read_points_csv(text);
  check_messages(points.errors);
  if (points.data) {
    (void)nlohmann::json(points.data->summary()).dump();
    losslab::RunConfig custom;
    losslab::use_custom_points(custom, points.data->features, points.data->points, losslab::kCsvHoldout);
    if (const auto problems = losslab::validate(custom); !problems.empty())
      fail("a CSV that read gave an invalid config", problems.front().message);
  }
  return 0;
}
