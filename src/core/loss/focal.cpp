// Focal loss (softmax form, α = 1): ℓ = −(1 − p_y)^γ log p_y.
// Depends on p only through p_y, so ∂ℓ/∂z = w (p − e_y) with
//   w = (1 − p)^γ − γ p (1 − p)^(γ−1) log p        (LOSSES-NOTES A3; the exact gradient, not the
//                                                    "detached modulator" of some widely copied code)
// (1 − p)^γ = exp(γ log(1 − p_y)) with log(1 − p_y) from the other classes' log-sum-exp. As p_y → 1,
// log p ≈ −(1 − p) and w → (1 + γ)(1 − p)^γ: that limit is used once 1 − p_y < 1e-13, where
// (1 − p)^(γ−1) alone would overflow for γ < 1.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"gamma", "focusing exponent: down-weights samples that are already right (0 = cross-entropy)", 2, 0, 5},
};

double focal(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double gamma = prm[0];
  if (gamma == 0) return label_probability_loss(s, -s.lp_y, 1.0, grad);
  const double modulator = std::exp(gamma * s.log1m_py);  // (1 − p_y)^γ
  double w;
  if (s.log1m_py < -30)
    w = (1 + gamma) * modulator;
  else
    w = modulator - gamma * std::exp(s.lp_y + (gamma - 1) * s.log1m_py) * s.lp_y;
  return label_probability_loss(s, -modulator * s.lp_y, w, grad);
}

}  // namespace

LossInfo focal_loss() {
  return {.name = "focal",
          .title = "Focal",
          .description = "−(1 − p_y)^γ log p_y: focuses on hard samples; γ ≈ 3 gives well-calibrated networks",
          .citation = "Lin et al., Focal Loss for Dense Object Detection, ICCV 2017; Mukhoti et al., "
                      "Calibrating Deep Neural Networks using Focal Loss, NeurIPS 2020",
          .params = kParams,
          .sample = focal};
}

}  // namespace losslab
