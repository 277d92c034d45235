// ALDR-KL, LDR-KL with an adaptive λ per training sample (LOSSES-NOTES A12, official ALDRLoss_V1):
//   ℓ_i = LDR-KL(z_i, y_i; λ_i, c) − (α log K / (2λ₀)) (λ_i − λ₀)²,   ∂ℓ/∂z = LDR-KL's (λ_i a constant)
// λ_i is per-sample state, updated by the trainer from the current logits before the loss:
//   p̂ = normalise(softmax(z_i / λ_i) + 1e-5),   λ_i ← λ₀ − λ₀ KL(p̂ ‖ uniform) / (α log K)
// so a confident sample gets a small λ (hinge-like), an uncertain one keeps λ near λ₀. Since
// KL(p̂ ‖ uniform) < log K, λ_i stays in (λ₀(1 − 1/α), λ₀]. A state of 0 (none given) reads as λ₀.
#include <vector>

#include "loss/ldr_kl_term.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"lambda0", "the largest per-sample λ, given to samples the model is unsure about", 1, 0.01, 100, false, true},
    {"alpha", "how far λ may shrink for confident samples: down to λ₀(1 − 1/α)", 2, 1.05, 10},
    {"margin", "margin c added to every wrong class's score", 0.1, 0, 2},
};

double sample_lambda(double state, double lambda0) { return state > 0 ? state : lambda0; }

double aldr_kl(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double lambda0 = prm[0], alpha = prm[1], margin = prm[2];
  const double lambda = sample_lambda(s.state, lambda0);
  const double log_k = std::log(static_cast<double>(s.z.size()));
  const double penalty = alpha * log_k / (2 * lambda0) * (lambda - lambda0) * (lambda - lambda0);
  return ldr_kl_term(s.z, s.y, lambda, margin, grad) - penalty;
}

double aldr_kl_init(const LossParams& prm) { return prm[0]; }

// λ_i ← λ₀ − λ₀ KL(p̂ ‖ uniform) / (α log K) from the sample's logits and its stored λ_i.
void aldr_kl_update(const LossBatch& batch, const LossParams& prm, std::span<double> state) {
  const double lambda0 = prm[0], alpha = prm[1];
  const MatD& logits = *batch.logits;
  const size_t kk = static_cast<size_t>(logits.rows());
  const double kd = static_cast<double>(kk), log_k = std::log(kd);
  if (kk < 2) return;
  std::vector<double> q(kk);
  for (size_t i = 0; i < state.size(); ++i) {
    const auto z = logits.col(static_cast<Eigen::Index>(i));
    const double lambda = sample_lambda(state[i], lambda0);
    const double m = z.maxCoeff();
    double sum = 0;
    for (size_t k = 0; k < kk; ++k) {
      q[k] = std::exp((z[static_cast<Eigen::Index>(k)] - m) / lambda);
      sum += q[k];
    }
    double kl = 0;  // KL(p̂ ‖ uniform) = Σ p̂ log(K p̂)
    for (size_t k = 0; k < kk; ++k) {
      const double p_hat = (q[k] / sum + 1e-5) / (1 + kd * 1e-5);
      kl += p_hat * std::log(kd * p_hat);
    }
    state[i] = lambda0 - lambda0 * kl / (alpha * log_k);
  }
}

}  // namespace

LossInfo aldr_kl_loss() {
  return {.name = "aldr_kl",
          .title = "ALDR-KL (adaptive)",
          .description = "LDR-KL with a λ per training sample that shrinks as the model grows confident on it",
          .citation = "Zhu, Ying & Yang, Label Distributionally Robust Losses for Multi-class Classification: "
                      "Consistency, Robustness and Adaptivity, ICML 2023 (code: DixianZhu/LDR)",
          .params = kParams,
          .needs = kNeedsSampleState,
          .sample = aldr_kl,
          .state_init = aldr_kl_init,
          .state_update = aldr_kl_update};
}

}  // namespace losslab
