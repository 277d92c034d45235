// §8 of PHENOMENA.md: the scaling sweep's test loss falls with the parameter count along a power law
// L(N) = L∞ + a·N^−α whose asymptote sits above the language's entropy rate.
#include "phenomena/phenomenon.hpp"
#include "train/phenomena/phenomena.hpp"

namespace losslab::phenomena {

TEST_CASE("scaling-width: the test loss follows a power law in the parameter count above the entropy") {
  const Sweep sweep = run_sweep_preset("scaling-width");
  const Series& loss = series(sweep.curve(), "test_loss");
  const double entropy = series(sweep.curve(), "loss_floor").value.front();
  // Bigger is better at every rung, and no model beats the entropy.
  for (size_t i = 1; i < loss.value.size(); ++i) CHECK(loss.value[i] < loss.value[i - 1]);
  CHECK(min_value(loss) > entropy);
  const PowerLawFit fit = fit_loss_curve(sweep.curve());
  REQUIRE(fit.ok);
  CHECK(fit.alpha > 0.1);
  CHECK(fit.alpha < 2);
  // The asymptote is above the floor but not far: the models learn most of what can be learnt.
  CHECK(fit.l_inf > entropy - 0.05);
  CHECK(fit.l_inf < entropy + 0.5);
}

}  // namespace losslab::phenomena
