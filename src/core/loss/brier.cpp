// Brier loss: squared error of the probabilities, ℓ = Σ_k (p_k − e_yk)².
// With g = ∂ℓ/∂p = 2(p − e_y), the softmax chain rule gives ∂ℓ/∂z_j = p_j (g_j − Σ_k p_k g_k).
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

double brier(const SampleView& s, const LossParams&, std::span<double> grad, std::span<double>) {
  const size_t y = static_cast<size_t>(s.y);
  const double miss = one_minus_py(s);  // 1 − p_y, exactly
  double loss = miss * miss, mean_g = 0;
  for (size_t k = 0; k < s.p.size(); ++k) {
    const double g = k == y ? -2 * miss : 2 * s.p[k];
    if (k != y) loss += s.p[k] * s.p[k];
    grad[k] = g;
    mean_g += s.p[k] * g;
  }
  for (size_t k = 0; k < s.p.size(); ++k) grad[k] = s.p[k] * (grad[k] - mean_g);
  return loss;
}

}  // namespace

LossInfo brier_loss() {
  return {.name = "brier",
          .title = "Brier",
          .description = "squared error between the predicted probabilities and the one-hot label; bounded and "
                         "proper, so well calibrated",
          .citation = "Brier, Verification of forecasts expressed in terms of probability, Monthly Weather "
                      "Review 1950",
          .sample = brier};
}

}  // namespace losslab
