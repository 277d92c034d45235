// Comp-sum losses: Φ^τ applied to u = Σ_{k≠y} exp(z_k − z_y) = 1/p_y − 1. In p_y form
//   ℓ_τ = −expm1((τ − 1) log p_y)/(τ − 1)   (τ = 1: −log p_y),   w = p_y^(τ−1)
// τ = 0 is the sum-exponential loss u, τ = 1 cross-entropy, τ ∈ (1, 2) GCE with q = τ − 1, τ = 2 is
// 1 − p_y. The term itself lives in comp_sum_term.hpp, shared with the adversarial variant.
#include "loss/comp_sum_term.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"tau", "0 sum-exponential, 1 cross-entropy, 1–2 GCE (q = τ − 1), 2 MAE-like; larger is more bounded", 1, 0, 3},
};

double comp_sum(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  return comp_sum_term(s, prm[0], grad);
}

}  // namespace

LossInfo comp_sum_loss() {
  return {.name = "comp_sum",
          .title = "Comp-sum (τ)",
          .description = "one family through sum-exponential, cross-entropy, GCE and MAE, indexed by τ",
          .citation = "Mao, Mohri & Zhong, Cross-Entropy Loss Functions: Theoretical Analysis and Applications, "
                      "ICML 2023 (arXiv 2304.07288)",
          .params = kParams,
          .sample = comp_sum};
}

}  // namespace losslab
