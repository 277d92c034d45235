// Mean absolute error on the probabilities: ℓ = Σ_k |p_k − e_yk| = 2(1 − p_y),   w = 2 p_y.
// (The APL code uses the reduced form 1 − p_y: halve β to compare with its configs.)
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

double mae(const SampleView& s, const LossParams&, std::span<double> grad, std::span<double>) {
  return label_probability_loss(s, 2 * one_minus_py(s), 2 * std::exp(s.lp_y), grad);
}

}  // namespace

LossInfo mae_loss() {
  return {.name = "mae",
          .title = "MAE",
          .description = "L1 distance between the probabilities and the one-hot label: provably noise-tolerant, "
                         "but learns slowly (its gradient vanishes where p_y is small)",
          .citation = "Ghosh, Kumar & Sastry, Robust Loss Functions under Label Noise for Deep Neural "
                      "Networks, AAAI 2017",
          .sample = mae};
}

}  // namespace losslab
