// Truncated L_q: the GCE value while p_y > k, and the constant L_q(k) = (1 − k^q)/q (no gradient) once a
// sample's p_y falls to k or below — samples the model firmly disagrees with (likely mislabelled) stop
// pulling. The loss is continuous at p_y = k. The paper re-evaluates which samples are truncated every
// few epochs from a saved model; here the rule is applied to the current prediction at every step.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"q", "GCE exponent of the untruncated part", 0.7, 1e-3, 1},
    {"k", "truncation threshold on p_y: at or below it the sample is ignored", 0.5, 0, 0.999},
};

double tgce(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double q = prm[0], k = prm[1];
  if (s.lp_y <= std::log(k)) {  // p_y ≤ k (k = 0: never)
    for (double& g : grad) g = 0;
    return -std::expm1(q * std::log(k)) / q;
  }
  return label_probability_loss(s, -std::expm1(q * s.lp_y) / q, std::exp(q * s.lp_y), grad);
}

}  // namespace

LossInfo tgce_loss() {
  return {.name = "tgce",
          .title = "Truncated GCE",
          .description = "GCE that ignores samples with p_y ≤ k: those the model confidently calls mislabelled",
          .citation = "Zhang & Sabuncu, Generalized Cross Entropy Loss for Training Deep Neural Networks with "
                      "Noisy Labels, NeurIPS 2018",
          .params = kParams,
          .sample = tgce};
}

}  // namespace losslab
