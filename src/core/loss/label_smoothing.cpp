// Label smoothing: cross-entropy against t = (1 − ε)e_y + ε/K (the smoothing mass also lands on the
// true class: PyTorch's and Liger's convention).
//   ℓ = −Σ_k t_k log p_k = (1 − ε)(−log p_y) + ε · mean_k(−log p_k),    ∂ℓ/∂z = p − t
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"epsilon", "probability mass spread uniformly over all classes (0 = cross-entropy)", 0.1, 0, 0.999},
};

double label_smoothing(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double eps = prm[0];
  const double k = static_cast<double>(s.z.size());
  double mean_nll = 0;
  for (size_t j = 0; j < s.z.size(); ++j) {
    mean_nll -= s.lp[j] / k;
    grad[j] = s.p[j] - eps / k;
  }
  grad[static_cast<size_t>(s.y)] = -std::exp(s.log1m_py) + eps - eps / k;  // p_y − (1 − ε + ε/K), exactly
  return (1 - eps) * -s.lp_y + eps * mean_nll;
}

}  // namespace

LossInfo label_smoothing_loss() {
  return {.name = "label_smoothing",
          .title = "Label smoothing",
          .description = "cross-entropy against a target with ε spread over all classes; caps the logit gap and "
                         "often improves calibration",
          .citation = "Szegedy et al., Rethinking the Inception Architecture, CVPR 2016; Müller, Kornblith & "
                      "Hinton, When does label smoothing help?, NeurIPS 2019",
          .params = kParams,
          .sample = label_smoothing};
}

}  // namespace losslab
