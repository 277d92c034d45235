// Every registered loss's analytic gradient against central finite differences of the batch's summed
// loss, in float64, at its defaults and at the ends of each parameter's range, for K = 2, 3 and 7.
// A loss is covered the day it is registered.
//
// Step h = 1e-5: the truncation error h²·ℓ‴/6 is ~1e-10 and the rounding error ~1e-16·|ℓ|/h ~ 1e-11·|ℓ|,
// so a tolerance of 1e-6·(1 + |ℓ|) + 1e-5·|g| passes a right gradient and fails one that is off by a
// factor, a sign or a missing chain-rule term (errors of the order of g itself).
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "loss_test_batch.hpp"

using namespace losslab;
using namespace losslab::test;

namespace {

// Checks ∂Σℓ/∂M for one input matrix M of the batch (the logits, or the adversarial logits).
int count_gradient_errors(const LossCase& c, OwnedBatch& b, MatD& input, const MatD& analytic,
                          std::ostringstream& report) {
  const double h = 1e-5;
  const double total = std::abs(total_loss(*c.loss, c.params, b.view(*c.loss)));
  int errors = 0;
  for (Eigen::Index i = 0; i < input.cols(); ++i)
    for (Eigen::Index j = 0; j < input.rows(); ++j) {
      const double saved = input(j, i);
      input(j, i) = saved + h;
      const double up = total_loss(*c.loss, c.params, b.view(*c.loss));
      input(j, i) = saved - h;
      const double down = total_loss(*c.loss, c.params, b.view(*c.loss));
      input(j, i) = saved;
      const double fd = (up - down) / (2 * h), g = analytic(j, i);
      if (!(std::abs(fd - g) <= 1e-6 * (1 + total) + 1e-5 * std::abs(g))) {
        if (errors < 3) report << c.label() << ": d/d(" << j << "," << i << ") analytic " << g << " vs fd " << fd << "\n";
        ++errors;
      }
    }
  return errors;
}

}  // namespace

TEST_CASE("every registered loss has the gradient its finite differences say") {
  const auto cases = registry_cases();
  REQUIRE(cases.size() > loss_registry().size());
  int failures = 0;
  std::ostringstream report;
  uint64_t seed = 1;
  for (const LossCase& c : cases) {
    OwnedBatch b = random_batch(c, 4, seed++);
    LossResult r;
    evaluate_loss(*c.loss, c.params, b.view(*c.loss), r, true);
    REQUIRE(r.dlogits.rows() == c.classes);
    REQUIRE(r.dlogits.cols() == 4);
    const MatD dlogits = r.dlogits, dadv = r.dadv;
    failures += count_gradient_errors(c, b, b.logits, dlogits, report);
    if (c.loss->needs & kNeedsAdversarial) failures += count_gradient_errors(c, b, b.adv, dadv, report);
  }
  INFO(report.str());
  CHECK(failures == 0);
}
