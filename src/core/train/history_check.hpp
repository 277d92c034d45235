// Checking a History against another: a student's CSV against the run the assignment's config gives.
// `losslab check` uses it; so can a grading script (via the CLI's exit code).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "train/history.hpp"
#include "train/run_config.hpp"

namespace losslab {

// Reads History::to_csv's format: a header "step,name,…", then one row per step with empty cells where
// a series has no value. Problems are reported with their line number (field "line N"); at most
// `max_errors` of them. Series come back in column order.
std::optional<History> history_from_csv(std::string_view text, std::vector<ConfigError>& errors,
                                        size_t max_errors = 20);

struct HistoryMismatch {
  std::string series;
  int64_t step = -1;        // -1: the series as a whole (missing, other steps)
  double expected = 0, got = 0;
  std::string text;         // one sentence
};

struct HistoryCheck {
  std::vector<HistoryMismatch> mismatches;  // at most one per series: its first
  size_t series_checked = 0;
  size_t values_checked = 0;
  double worst_relative = 0;  // the largest |got − expected| / max(1, |expected|) over matching steps
  bool ok() const { return mismatches.empty(); }
};

// Compares `got` with `expected`, series by series (each series of `expected` must be in `got`, with the
// same steps), values within `tolerance` relative to max(1, |expected|). NaN matches NaN only. Series in
// `got` that `expected` lacks are ignored (a newer version may record more).
HistoryCheck check_history(const History& expected, const History& got, double tolerance);

}  // namespace losslab
