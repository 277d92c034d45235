// Active–passive loss NCE+RCE: ℓ = α·NCE + β·RCE, RCE = −A(1 − p_y) (see rce.cpp).
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"alpha", "weight of normalized CE (the active part)", 1, 0, 100},
    {"beta", "weight of reverse CE (the passive part)", 1, 0, 100},
    {"A", "the value that replaces log 0 in RCE: −4 (paper) or log(1e-4) ≈ −9.21 (code)", -4, -10, -1},
};

double nce_rce(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double alpha = prm[0], beta = prm[1], a = prm[2];
  const double nce = nce_term(s, grad);
  const double w = -beta * a * std::exp(s.lp_y);  // RCE's weight on p − e_y
  for (size_t k = 0; k < grad.size(); ++k) grad[k] = alpha * grad[k] + w * s.p[k];
  grad[static_cast<size_t>(s.y)] -= w;
  return alpha * nce - beta * a * one_minus_py(s);
}

}  // namespace

LossInfo nce_rce_loss() {
  return {.name = "nce_rce",
          .title = "NCE + RCE",
          .description = "active–passive pair: normalized CE fits, reverse CE pushes wrong classes down; robust "
                         "without underfitting",
          .citation = "Ma et al., Normalized Loss Functions for Deep Learning with Noisy Labels, ICML 2020",
          .params = kParams,
          .sample = nce_rce};
}

}  // namespace losslab
