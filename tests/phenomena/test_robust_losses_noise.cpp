// robust-losses-noise (PHENOMENA.md §3): at 40 % symmetric label noise, cross-entropy's clean test
// accuracy peaks and then falls as it memorises the flipped samples; GCE, SCE and NCE+RCE end with a
// higher clean test accuracy and fit far fewer of the flipped labels.
#include "phenomena/phenomenon.hpp"

using namespace losslab;
using namespace losslab::phenomena;

namespace {

// The step of the series' largest value (the first, on ties).
int64_t argmax_step(const Series& s) {
  size_t best = 0;
  for (size_t i = 1; i < s.value.size(); ++i)
    if (s.value[i] > s.value[best]) best = i;
  return s.step[best];
}

}  // namespace

TEST_CASE("robust-losses-noise: cross-entropy peaks then memorises and the robust losses do not") {
  const History ce = run_preset("robust-losses-noise");
  const Series& acc = series(ce, "test_acc");
  const Series& memorised = series(ce, "noisy_as_given");
  const int64_t peak = argmax_step(acc), end = acc.step.back();
  const double peak_acc = max_value(acc), end_acc = acc.value.back();
  INFO("cross-entropy: clean test accuracy peaks at " << peak_acc << " (step " << peak << "), ends at " << end_acc
                                                     << "; noisy_as_given at the peak " << value_at(memorised, peak)
                                                     << ", at the end " << memorised.value.back());
  // Rises, peaks in the first half, then falls by more than 10 points...
  CHECK(peak_acc > 0.8);
  CHECK(peak < end / 2);
  CHECK(end_acc < peak_acc - 0.1);
  // ...while the share of flipped samples predicted as their given (wrong) label climbs.
  CHECK(value_at(memorised, peak) < 0.1);
  CHECK(memorised.value.back() > value_at(memorised, peak) + 0.25);

  for (const std::string_view name :
       {"robust-losses-noise-gce", "robust-losses-noise-sce", "robust-losses-noise-nce-rce"}) {
    const History robust = run_preset(name);
    const double robust_acc = series(robust, "test_acc").value.back();
    const double robust_memorised = series(robust, "noisy_as_given").value.back();
    INFO(name << ": clean test accuracy at the end " << robust_acc << ", noisy_as_given " << robust_memorised);
    CHECK(robust_acc > end_acc + 0.1);
    CHECK(robust_memorised < 0.5 * memorised.value.back());
  }
}

TEST_CASE("robust-losses-compare: the four runs side by side are the four presets and end as the signature says") {
  const Preset* compare = find_preset("robust-losses-compare");
  REQUIRE(compare != nullptr);
  std::vector<SweepRun> runs;
  REQUIRE(expand_grid(compare->config, compare->sweep.grid, runs).empty());
  REQUIRE(runs.size() == 4);
  const char* singles[] = {"robust-losses-noise", "robust-losses-noise-gce", "robust-losses-noise-sce",
                           "robust-losses-noise-nce-rce"};
  for (size_t i = 0; i < 4; ++i) {
    INFO(singles[i]);
    CHECK(runs[i].config == find_preset(singles[i])->config);
  }
  const Sweep sweep = run_sweep_preset("robust-losses-compare");
  // Each run keeps its whole History for the overlaid plots.
  for (const auto& outcome : sweep.outcomes()) {
    REQUIRE(outcome);
    CHECK(outcome->history.find("test_acc")->step.size() > 50);
  }
}
