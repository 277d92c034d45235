// Taylor cross-entropy: ℓ = Σ_{i=1..t} (1 − p_y)^i / i, the order-t Taylor series of −log p_y about
// p_y = 1 (t = 1 is 1 − p_y; t → ∞ is CE). Weight on the CE gradient: w = 1 − (1 − p_y)^t.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"order", "number of Taylor terms t: 1 is MAE-like and robust, larger approaches cross-entropy", 2, 1, 10,
     true},
};

double taylor_ce(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const int order = static_cast<int>(prm[0]);
  const double u = one_minus_py(s);
  double loss = 0, power = 1;
  for (int i = 1; i <= order; ++i) {
    power *= u;
    loss += power / i;
  }
  return label_probability_loss(s, loss, -std::expm1(order * s.log1m_py), grad);
}

}  // namespace

LossInfo taylor_ce_loss() {
  return {.name = "taylor_ce",
          .title = "Taylor CE",
          .description = "cross-entropy's Taylor series cut after t terms: bounded, so robust to label noise",
          .citation = "Feng et al., Can Cross Entropy Loss Be Robust to Label Noise?, IJCAI 2020",
          .params = kParams,
          .sample = taylor_ce};
}

}  // namespace losslab
