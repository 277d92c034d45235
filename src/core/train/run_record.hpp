// RunRecord: a run as the page keeps, compares, stores and exports it — its config, its History and the
// name the user gave it. Not the weights: a record is what was seen, and the config (same seed) replays it.
//
// The JSON form is what "Export run" writes, what the page stores in IndexedDB, and what "Import run"
// reads. Reading is total: any text gives a record or a list of errors, each naming its field
// ("history.series.test_acc.step", "config.lr", …) and what is allowed; nothing throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/history.hpp"
#include "train/run_config.hpp"

namespace losslab {

struct RunRecord {
  std::string id;          // unique per run, the storage key ("" before it is stored)
  std::string name;        // "A", "B", … or what the user renamed it to
  std::string preset;      // the preset it started from ("" when none)
  RunConfig config;
  History history;
  int64_t steps = 0;       // optimizer steps it had taken when recorded
  bool pinned = false;     // pinned runs are never dropped to make room
  bool shown = true;       // overlaid on the plots
  double saved_at = 0;     // seconds since the epoch when recorded (0: unknown)
};

// The format's version ("losslab_run" key); readers refuse newer ones by name.
inline constexpr int kRunRecordFormat = 1;

// Limits on what a record may hold, so a hostile file cannot exhaust memory.
inline constexpr size_t kMaxRecordText = 64u << 20;      // bytes of JSON
inline constexpr size_t kMaxRecordSeries = 256;
inline constexpr size_t kMaxSeriesPoints = 2'000'000;    // per series
inline constexpr size_t kMaxRecordEvents = 100'000;
inline constexpr size_t kMaxRecordName = 64;             // characters of a run's or a series' name
inline constexpr size_t kMaxEventText = 1000;

nlohmann::json run_record_to_json(const RunRecord& record);

struct RunRecordRead {
  std::optional<RunRecord> record;   // set when there were no errors
  std::vector<ConfigError> errors;
};

// Reads a record. The config must be valid at `limits` (the page's, by default: an imported run can be
// restarted there); the History's series must have steps ≥ 0, in increasing order, one value (a number,
// or null for NaN) per step.
RunRecordRead run_record_from_json(std::string_view text, WorkLimits limits = WorkLimits::page);

// Whether JSON text holds a run record (a "losslab_run" key) rather than a plain config object: the
// importer reads either.
bool looks_like_run_record(const nlohmann::json& object);

// The History part alone, with errors named under `field` (e.g. "history").
std::optional<History> history_from_json(const nlohmann::json& value, std::string_view field,
                                         std::vector<ConfigError>& errors);

}  // namespace losslab
