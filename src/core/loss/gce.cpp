// Generalized cross-entropy (L_q): ℓ = (1 − p_y^q)/q = −expm1(q log p_y)/q.
// q → 0 is cross-entropy, q = 1 is 1 − p_y (MAE up to a factor 2). Weight on the CE gradient: w = p_y^q.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"q", "interpolates cross-entropy (q → 0) and MAE (q = 1); 0.7 is the papers' choice", 0.7, 1e-3, 1},
};

double gce(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double q = prm[0];
  return label_probability_loss(s, -std::expm1(q * s.lp_y) / q, std::exp(q * s.lp_y), grad);
}

}  // namespace

LossInfo gce_loss() {
  return {.name = "gce",
          .title = "Generalized CE",
          .description = "(1 − p_y^q)/q: between cross-entropy and MAE; bounded, so noisy labels pull less",
          .citation = "Zhang & Sabuncu, Generalized Cross Entropy Loss for Training Deep Neural Networks with "
                      "Noisy Labels, NeurIPS 2018",
          .params = kParams,
          .sample = gce};
}

}  // namespace losslab
