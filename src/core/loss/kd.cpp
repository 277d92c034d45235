// Knowledge distillation (Hinton, Vinyals & Dean 2015; LOSSES-NOTES A15), teacher logits z_t:
//   ℓ = (1 − α) CE(z, y) + α T² KL(softmax(z_t/T) ‖ softmax(z/T))
//   ∂ℓ/∂z = (1 − α)(p − e_y) + α T (softmax(z/T) − softmax(z_t/T))
// T² keeps the soft term's gradient on the scale of the hard one as T grows. KL is summed from log-softmaxes.
#include <vector>

#include "loss/label_probability.hpp"
#include "loss/log_softmax.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"temperature", "softening temperature T of both distributions", 4, 1, 20},
    {"alpha", "weight of the teacher term (0 = cross-entropy on the labels only)", 0.9, 0, 1},
};

double kd(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double temperature = prm[0], alpha = prm[1];
  const size_t kk = s.z.size();
  std::vector<double> lq_s(kk), lq_t(kk);
  log_softmax(s.z, temperature, lq_s);
  log_softmax(s.teacher, temperature, lq_t);
  const double ce = label_probability_loss(s, -s.lp_y, 1 - alpha, grad);  // grad = (1 − α)(p − e_y)
  double kl = 0;
  for (size_t k = 0; k < kk; ++k) {
    const double q_t = std::exp(lq_t[k]);
    kl += q_t * (lq_t[k] - lq_s[k]);
    grad[k] += alpha * temperature * (std::exp(lq_s[k]) - q_t);
  }
  return (1 - alpha) * ce + alpha * temperature * temperature * kl;
}

}  // namespace

LossInfo kd_loss() {
  return {.name = "kd",
          .title = "Knowledge distillation",
          .description = "cross-entropy blended with the KL divergence to a teacher's temperature-softened "
                         "predictions",
          .citation = "Hinton, Vinyals & Dean, Distilling the Knowledge in a Neural Network, arXiv 1503.02531",
          .params = kParams,
          .needs = kNeedsTeacher,
          .sample = kd};
}

}  // namespace losslab
