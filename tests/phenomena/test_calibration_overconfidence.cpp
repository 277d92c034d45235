// calibration-overconfidence (PHENOMENA.md §4): with cross-entropy the test ECE grows late in training
// while the test accuracy holds; temperature scaling cuts the final ECE by at least half; label smoothing
// and focal loss (the companion presets) end with a lower ECE than cross-entropy.
#include "phenomena/phenomenon.hpp"

#include <algorithm>
#include <limits>

using namespace losslab;
using namespace losslab::phenomena;

namespace {

// The first step at which the test accuracy is within `points` of its best: from there on the net is
// trained, and what changes is its confidence.
int64_t trained_step(const History& h, double points) {
  const Series& acc = series(h, "test_acc");
  return first_step(acc, max_value(acc) - points);
}

// The smallest test ECE from `from` on.
double min_ece_from(const History& h, int64_t from) {
  const Series& ece = series(h, "test_ece");
  double m = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < ece.step.size(); ++i)
    if (ece.step[i] >= from) m = std::min(m, ece.value[i]);
  return m;
}

}  // namespace

TEST_CASE("calibration-overconfidence: ECE grows while accuracy holds and temperature scaling halves it") {
  const History ce = run_preset("calibration-overconfidence");
  const Series& acc = series(ce, "test_acc");
  const Series& ece = series(ce, "test_ece");
  const Series& nll = series(ce, "test_nll");
  const double best_acc = max_value(acc), end_acc = acc.value.back();
  const int64_t trained = trained_step(ce, 0.02);
  const double low = min_ece_from(ce, trained), end_ece = ece.value.back();
  INFO("test accuracy best " << best_acc << ", end " << end_acc << "; trained from step " << trained
                             << "; test ECE lowest since then " << low << ", end " << end_ece);
  // Accuracy holds: the end is within 2 points of the best.
  CHECK(end_acc >= best_acc - 0.02);
  // ECE grows late: once the net is trained it ends well above its lowest value, and it is still higher
  // at the end than a quarter of the way in; the test NLL rises with it.
  CHECK(end_ece > 1.5 * low);
  CHECK(end_ece > value_at(ece, acc.step.back() / 4));
  CHECK(nll.value.back() > 1.5 * min_value(nll));
  // Temperature scaling, fitted on the calibration split, at least halves the final ECE, and the fitted
  // temperature is above 1 (the logits are too large: over-confidence).
  const double scaled = series(ce, "test_ece_temperature").value.back();
  INFO("temperature-scaled ECE at the end " << scaled << ", temperature " << series(ce, "temperature").value.back());
  CHECK(scaled <= 0.5 * end_ece);
  CHECK(series(ce, "temperature").value.back() > 1.5);

  // The companions end better calibrated than cross-entropy.
  for (const std::string_view name : {"calibration-label-smoothing", "calibration-focal"}) {
    const History other = run_preset(name);
    const double other_ece = series(other, "test_ece").value.back();
    INFO(name << ": test ECE at the end " << other_ece << " against cross-entropy's " << end_ece);
    CHECK(other_ece < end_ece);
  }
}
