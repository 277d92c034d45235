// Sweeps: one base config, a grid of settings, one run per grid point, and a curve of the runs' final
// numbers against a swept quantity. `losslab sweep` runs the grid in parallel and writes a CSV per run
// plus a summary; the page runs a sweep preset (double descent, scaling) one run after another in its
// frame slices, and the curve fills in point by point.
//
// The curve is a History whose step axis is the x of the sweep — the model's parameter count or a swept
// integer setting such as the width — so the plot widget, the signature functions and the shape helpers
// (history_shape.hpp) read it like any other History. Its series are each run's final values (the last
// of every History series) plus test_error and train_error (1 − accuracy), and a point is added only for
// runs that finished; a diverged run is listed in the outcomes with its message instead.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "train/history.hpp"
#include "train/run_config.hpp"
#include "train/trainer.hpp"

namespace losslab {

// One swept field and the values it takes, as text ("hidden" → {"8", "16", "32"}).
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

// A grid point: its settings (key, value) and the config they make.
struct SweepRun {
  std::vector<std::pair<std::string, std::string>> settings;
  RunConfig config;
  std::string label() const;  // "hidden=8 seed=2"
};

// Parses "key=v1,v2,…" (a --grid option). A list-valued field takes one value per element separated by
// '/' inside a grid value ("hidden=8/8,16/16"). Returns the problem, or nothing.
std::optional<ConfigError> parse_grid_axis(std::string_view text, SweepAxis& axis);

// The cartesian product of the axes over the base config, the first axis varying slowest. Each setting is
// applied through the field table and each run is validated; problems name the grid point and the field.
std::vector<ConfigError> expand_grid(const RunConfig& base, std::span<const SweepAxis> grid,
                                     std::vector<SweepRun>& runs);

// What a finished (or diverged) run leaves for the sweep.
struct SweepOutcome {
  RunState state = RunState::running;
  std::string message;
  int64_t steps = 0;
  int64_t params = 0;                                // the model's parameter count
  std::vector<std::pair<std::string, double>> finals;  // the last value of each History series
  History history;                                   // the whole run, for plots that overlay the runs
  double final_value(std::string_view name) const;   // NaN when absent
};
SweepOutcome sweep_outcome(const Trainer& trainer);

// How a sweep plots its runs: x is "params", the key of an integer-valued axis, or "run" (the run's number,
// 1 to n: a comparison of settings that are not sizes, such as losses, whose runs are overlaid).
struct SweepSpec {
  std::vector<SweepAxis> grid;
  std::string_view x = "params";
};

// A sweep's progress: its runs, the outcomes so far (in grid order, whatever order they finished in) and
// the curve they make.
class Sweep {
 public:
  // `runs` from expand_grid.
  Sweep(std::vector<SweepRun> runs, std::string_view x);

  size_t size() const { return runs_.size(); }
  const SweepRun& run(size_t i) const { return runs_[i]; }
  const std::vector<std::optional<SweepOutcome>>& outcomes() const { return outcomes_; }
  size_t finished() const;  // runs with an outcome
  // The first run without an outcome (size() when all have one): the page runs the grid in order.
  size_t next() const;

  // Records run i's outcome and rebuilds the curve.
  void record(size_t i, SweepOutcome outcome);
  const History& curve() const { return curve_; }
  // Run i's x on the curve.
  int64_t x_of(size_t i) const;
  std::string_view x_name() const { return x_; }

 private:
  std::vector<SweepRun> runs_;
  std::string x_;
  std::vector<std::optional<SweepOutcome>> outcomes_;
  History curve_;
};

// One summary row per run for `losslab sweep`: index, settings, state, steps, params, the final values.
std::string sweep_summary_csv(const Sweep& sweep);

}  // namespace losslab
