// Symmetric cross-entropy: ℓ = α·CE + β·RCE = −α log p_y − β A (1 − p_y),   w = α − β A p_y.
// Defaults are the paper's CIFAR-10 values; MNIST used (0.01, 1.0).
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"alpha", "weight of cross-entropy (fits the clean samples)", 0.1, 0, 10},
    {"beta", "weight of reverse cross-entropy (robust to the noisy ones)", 1.0, 0, 10},
    {"A", "the value that replaces log 0 in RCE: −4 (paper) or log(1e-4) ≈ −9.21 (code)", -4, -10, -1},
};

double sce(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double alpha = prm[0], beta = prm[1], a = prm[2];
  return label_probability_loss(s, -alpha * s.lp_y - beta * a * one_minus_py(s),
                                alpha - beta * a * std::exp(s.lp_y), grad);
}

}  // namespace

LossInfo sce_loss() {
  return {.name = "sce",
          .title = "Symmetric CE",
          .description = "α·CE + β·reverse CE: CE's fast fitting with RCE's noise tolerance",
          .citation = "Wang et al., Symmetric Cross Entropy for Robust Learning with Noisy Labels, ICCV 2019 "
                      "(arXiv 1908.06112)",
          .params = kParams,
          .sample = sce};
}

}  // namespace losslab
