// Poly-1: ℓ = −log p_y + ε (1 − p_y), the first term of PolyLoss's expansion re-weighted;
// weight on the CE gradient w = 1 + ε p_y.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"epsilon", "weight of the extra (1 − p_y) term (0 = cross-entropy; negative for detection)", 1, -1, 10},
};

double poly1(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double eps = prm[0];
  return label_probability_loss(s, -s.lp_y + eps * one_minus_py(s), 1 + eps * std::exp(s.lp_y), grad);
}

}  // namespace

LossInfo poly1_loss() {
  return {.name = "poly1",
          .title = "Poly-1",
          .description = "cross-entropy + ε(1 − p_y): tunes how hard well-classified samples are pushed",
          .citation = "Leng et al., PolyLoss: A Polynomial Expansion Perspective of Classification Loss "
                      "Functions, ICLR 2022",
          .params = kParams,
          .sample = poly1};
}

}  // namespace losslab
