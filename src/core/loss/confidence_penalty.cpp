// Confidence penalty: ℓ = CE − β·H(p), H = −Σ p_k log p_k.
//   ∂H/∂z_k = −p_k (log p_k + H)   ⇒   ∂ℓ/∂z = p − e_y + β p ⊙ (log p + H)
// (the opposite sign of entropy minimisation: it rewards spread-out predictions).
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"beta", "weight of the entropy bonus: higher keeps predictions less confident", 0.1, 0, 1},
};

double confidence_penalty(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double beta = prm[0];
  double entropy = 0;
  for (size_t k = 0; k < s.p.size(); ++k) entropy -= s.p[k] * s.lp[k];  // p_k = 0 ⇒ term 0 (lp_k is finite)
  const double loss = label_probability_loss(s, -s.lp_y - beta * entropy, 1.0, grad);
  for (size_t k = 0; k < s.p.size(); ++k) grad[k] += beta * s.p[k] * (s.lp[k] + entropy);
  return loss;
}

}  // namespace

LossInfo confidence_penalty_loss() {
  return {.name = "confidence_penalty",
          .title = "Confidence penalty",
          .description = "cross-entropy minus β × the entropy of the prediction: penalises over-confident outputs",
          .citation = "Pereyra et al., Regularizing Neural Networks by Penalizing Confident Output "
                      "Distributions, ICLR workshop 2017 (arXiv 1701.06548)",
          .params = kParams,
          .sample = confidence_penalty};
}

}  // namespace losslab
