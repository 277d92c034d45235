// Cross-entropy: ℓ = −log p_y = lse(z) − z_y,  ∂ℓ/∂z = p − e_y.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

double ce(const SampleView& s, const LossParams&, std::span<double> grad, std::span<double>) {
  return label_probability_loss(s, -s.lp_y, 1.0, grad);
}

}  // namespace

LossInfo ce_loss() {
  return {.name = "ce",
          .title = "Cross-entropy",
          .description = "−log p_y: the standard loss; unbounded, so it memorises noisy labels",
          .citation = "The maximum-likelihood loss of a softmax classifier",
          .sample = ce};
}

}  // namespace losslab
