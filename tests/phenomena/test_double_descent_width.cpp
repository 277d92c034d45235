// §9 of PHENOMENA.md: the width sweep's clean test error falls, peaks where the nets first fit every
// (noisy) training label, and falls again; the curve is the mean of three seeds per width.
#include "phenomena/phenomenon.hpp"

namespace losslab::phenomena {

TEST_CASE("double-descent-width: test error falls then peaks at the interpolation threshold then falls again") {
  const Sweep sweep = run_sweep_preset("double-descent-width");
  const Series& train = series(sweep.curve(), "train_error");
  const Series& test = series(sweep.curve(), "test_error");
  // The narrowest nets cannot fit the noisy labels; the widest fit all of them.
  CHECK(train.value.front() > 0.2);
  CHECK(train.value.back() == 0);
  // Every width is on the curve, and the widest net beats the one at the threshold by a clear margin.
  CHECK(test.step.size() == 13);
  const int64_t threshold = first_step(train, 0.005, false);
  CHECK(test.value.back() < value_at(test, threshold) - 0.08);
}

}  // namespace losslab::phenomena
