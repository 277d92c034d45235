// Active–passive loss NCE+MAE: ℓ = α·NCE + β·MAE, MAE = 2(1 − p_y) as in mae.cpp (the APL code uses
// 1 − p_y: its β is twice ours).
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"alpha", "weight of normalized CE (the active part)", 1, 0, 100},
    {"beta", "weight of MAE (the passive part)", 1, 0, 100},
};

double nce_mae(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double alpha = prm[0], beta = prm[1];
  const double nce = nce_term(s, grad);
  const double w = 2 * beta * std::exp(s.lp_y);  // MAE's weight on p − e_y
  for (size_t k = 0; k < grad.size(); ++k) grad[k] = alpha * grad[k] + w * s.p[k];
  grad[static_cast<size_t>(s.y)] -= w;
  return alpha * nce + 2 * beta * one_minus_py(s);
}

}  // namespace

LossInfo nce_mae_loss() {
  return {.name = "nce_mae",
          .title = "NCE + MAE",
          .description = "active–passive pair: normalized CE with MAE as the passive term",
          .citation = "Ma et al., Normalized Loss Functions for Deep Learning with Noisy Labels, ICML 2020",
          .params = kParams,
          .sample = nce_mae};
}

}  // namespace losslab
