// Normalized cross-entropy: CE divided by the sum of CE over every possible label,
//   ℓ = a / b,  a = −log p_y = lse − z_y,  b = −Σ_k log p_k = K·lse − Σ_k z_k  (b ≥ K log K > 0)
//   ∂ℓ/∂z_j = [(p_j − e_yj) b − a (K p_j − 1)] / b²      (quotient rule; ∂b/∂z_j = K p_j − 1)
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {

double nce_term(const SampleView& s, std::span<double> grad) {
  const double k = static_cast<double>(s.z.size());
  const double a = -s.lp_y;
  double b = 0;
  for (double lp : s.lp) b -= lp;
  label_probability_loss(s, a, 1.0, grad);  // grad = p − e_y
  for (size_t j = 0; j < grad.size(); ++j) grad[j] = (grad[j] * b - a * (k * s.p[j] - 1)) / (b * b);
  return a / b;
}

namespace {

double nce(const SampleView& s, const LossParams&, std::span<double> grad, std::span<double>) {
  return nce_term(s, grad);
}

}  // namespace

LossInfo nce_loss() {
  return {.name = "nce",
          .title = "Normalized CE",
          .description = "cross-entropy normalised by its sum over all labels: robust to noise, but underfits on "
                         "its own (pair it with a passive loss)",
          .citation = "Ma et al., Normalized Loss Functions for Deep Learning with Noisy Labels, ICML 2020",
          .sample = nce};
}

}  // namespace losslab
