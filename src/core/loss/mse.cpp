// Mean squared error on a scalar head (K = 1), the regression baseline: ℓ = (z₀ − v)², ∂ℓ/∂z₀ = 2(z₀ − v).
#include "loss/losses.hpp"

namespace losslab {
namespace {

double mse(const SampleView& s, const LossParams&, std::span<double> grad, std::span<double>) {
  const double diff = s.z[0] - s.value;
  grad[0] = 2 * diff;
  return diff * diff;
}

}  // namespace

LossInfo mse_loss() {
  return {.name = "mse",
          .title = "Mean squared error",
          .description = "(ŷ − v)² on a single output: the regression baseline the binned losses are compared with",
          .citation = "Least squares (Legendre 1805, Gauss 1809)",
          .task = LossTask::regression,
          .sample = mse};
}

}  // namespace losslab
