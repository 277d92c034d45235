// entropy-floor-lm (PHENOMENA.md §6): the test loss approaches the language's entropy rate from above.
// The shape: most of the gap between log V and the floor closes, the gap keeps shrinking late in the
// run, and the loss never goes below the floor by more than the test mean's own noise.
#include "phenomena/phenomenon.hpp"

#include "data/token_language.hpp"

using namespace losslab;
using namespace losslab::phenomena;

TEST_CASE("entropy-floor-lm: the test loss falls toward the entropy floor and stays above it") {
  const Preset& preset = *find_preset("entropy-floor-lm");
  const RunConfig& c = preset.config;
  const History h = run_preset(preset.name);
  const Series& test_loss = series(h, "test_loss");
  const Series& gap = series(h, "reducible_gap");
  const double floor = token_language_floor(c.data_settings().language);
  CHECK(series(h, "loss_floor").value.back() == Approx(floor));
  // At step 0 the model is near uniform: log V.
  CHECK(test_loss.value.front() == Approx(std::log(c.vocab)).margin(0.1));
  const double start_gap = gap.value.front(), end_gap = gap.value.back();
  // Most of the reducible loss is gone, and the late part of the run still closes some of it.
  CHECK(end_gap < 0.25 * start_gap);
  CHECK(end_gap < value_at(gap, c.steps / 3));
  // From above: the per-token losses have a standard deviation below 2.5 nats under this law, so the mean
  // over n_test tokens cannot sit more than 4·2.5/√n_test below the floor by chance.
  const double slack = 4 * 2.5 / std::sqrt(static_cast<double>(c.n_test));
  CHECK(min_value(gap) > -slack);
}
