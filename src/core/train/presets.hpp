// Presets: named, documented starting points for a run. `losslab run --preset NAME`, the page's menu,
// the URL (#preset=NAME) and a config file's "preset" key all read this list.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "train/history.hpp"
#include "train/run_config.hpp"
#include "train/sweep.hpp"

namespace losslab {

// Whether a run's History shows its phenomenon yet: the shape of the event (train/history_shape.hpp),
// checked after every evaluation — the page shows it live, `losslab bench phenomena` times it.
struct Signature {
  bool reached = false;
  int64_t step = -1;  // the step at which its last condition was met
  std::string text;   // what was seen, in one line ("train 99 % at step 80, test 95 % at 980: 12× later")
};
using SignatureFn = Signature (*)(const History& history, const RunConfig& config);

struct Preset {
  std::string_view name;         // stable key
  std::string_view title;        // menu label
  std::string_view description;  // what it is, in a sentence or three (shown under the menu)
  RunConfig config;
  // Phenomena (PHENOMENA.md): the paper's effect this run reproduces.
  std::string_view watch;        // "what to watch": the signature, as a viewer sees it ("" for the toys)
  std::string_view citation;     // where it comes from, and what was scaled down for the browser
  std::vector<std::string_view> plots;  // the metrics plots that tell the story (views.hpp names); {}: as they are
  std::string_view view;         // the middle window's tab to show ("" = leave it)
  bool log_steps = false;        // the step axis on a log scale
  SignatureFn signature = nullptr;  // its own event (null for the toys, and for companions compared to it)
  // A sweep preset (double descent, scaling): `config` is the base, one run per grid point, and the
  // signature reads the sweep's curve (train/sweep.hpp) instead of one run's History.
  SweepSpec sweep;
  bool is_sweep() const { return !sweep.grid.empty(); }
  // Too heavy for the page (validate's page limits refuse it): only `losslab run` runs it; the app's menu
  // shows it greyed out, with the command line to use.
  bool cli_only = false;
  bool phenomenon() const { return !watch.empty(); }
};

std::span<const Preset> presets();
const Preset* find_preset(std::string_view name);
std::vector<std::string_view> preset_names();

// A token-language run (dataset zipf_markov, the token model with hidden {128}, batch 64, 200,000
// training tokens, 512 test tokens), for the presets built on it.
RunConfig token_language_config(int vocab, double exponent, int embed, float lr, int64_t steps);

// The phenomena's K-class task: a 10-class Gaussian mixture in 64 dimensions (means of norm 2, within-
// class std `noise`) and an MLP with two hidden layers of 128, for the given loss at its defaults.
RunConfig ten_class_mixture_config(float noise, int n_train, int n_test, std::string_view loss);

}  // namespace losslab
