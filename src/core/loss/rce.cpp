// Reverse cross-entropy: −Σ_k p_k log e_yk with log 0 replaced by a constant A < 0, which reduces to
//   ℓ = −A (1 − p_y),   w = −A p_y.
// The paper uses A = −4; the official code clips the one-hot to [1e-4, 1], i.e. A = log 1e-4 ≈ −9.21.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"A", "the value that replaces log 0: −4 in the paper, log(1e-4) ≈ −9.21 in the official code", -4, -10, -1},
};

double rce(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double a = prm[0];
  return label_probability_loss(s, -a * one_minus_py(s), -a * std::exp(s.lp_y), grad);
}

}  // namespace

LossInfo rce_loss() {
  return {.name = "rce",
          .title = "Reverse CE",
          .description = "cross-entropy with prediction and label swapped: −A(1 − p_y), bounded and "
                         "noise-tolerant but slow to fit",
          .citation = "Wang et al., Symmetric Cross Entropy for Robust Learning with Noisy Labels, ICCV 2019",
          .params = kParams,
          .sample = rce};
}

}  // namespace losslab
