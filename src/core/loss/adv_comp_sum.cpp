// Smooth adversarial comp-sum (approximate form; LOSSES-NOTES A11):
//   ℓ = ℓ_τ(z, y) + ν ‖Δ(x′) − Δ(x)‖₂,   Δ = (z_y − z_k)_{k≠y}
// z are the clean logits, z′ = s.adv the logits at x′, the point within `radius` of x that the trainer's
// `pgd_steps` projected gradient steps found (the attack is the trainer's; this file only scores it).
// With d = z′ − z and r_k = d_y − d_k (k ≠ y), R = sqrt(Σ_{k≠y} r_k² + 1e-12) (the 1e-12 keeps the
// gradient finite at d = 0):
//   ∂R/∂d_k = −r_k / R (k ≠ y),   ∂R/∂d_y = Σ_{k≠y} r_k / R,
//   grad_adv = ν ∂R/∂d,   grad = ∇ℓ_τ − ν ∂R/∂d.
// The paper's exact smooth term and norms were not confirmed; this is the TRADES-like reading the notes
// suggest. Without perturbed logits (an evaluation pass) only the comp-sum term is scored.
#include "loss/comp_sum_term.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"tau", "comp-sum exponent: 0 sum-exponential, 1 cross-entropy, 1–2 GCE, 2 MAE-like", 1, 0, 3},
    {"nu", "weight of the adversarial margin-change term (0 = plain comp-sum)", 1, 0, 10},
    {"radius", "radius of the input perturbation ball (used only by the trainer's attack)", 0.1, 0.001, 1, false, true},
    {"pgd_steps", "projected gradient steps of the attack that finds x′ (used only by the trainer)", 1, 1, 10, true},
};

double adv_comp_sum(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double> grad_adv) {
  const double loss = comp_sum_term(s, prm[0], grad);
  if (s.adv.empty()) return loss;
  const double nu = prm[1];
  const size_t y = static_cast<size_t>(s.y);
  const double d_y = s.adv[y] - s.z[y];
  double sum_sq = 1e-12;
  for (size_t k = 0; k < s.z.size(); ++k) {
    if (k == y) continue;
    const double r = d_y - (s.adv[k] - s.z[k]);
    sum_sq += r * r;
  }
  const double norm = std::sqrt(sum_sq);
  double sum_r = 0;
  for (size_t k = 0; k < s.z.size(); ++k) {
    if (k == y) continue;
    const double r = d_y - (s.adv[k] - s.z[k]);
    sum_r += r;
    const double dk = -nu * r / norm;  // ν ∂R/∂d_k
    grad[k] -= dk;
    if (!grad_adv.empty()) grad_adv[k] = dk;
  }
  grad[y] -= nu * sum_r / norm;
  if (!grad_adv.empty()) grad_adv[y] = nu * sum_r / norm;
  return loss + nu * norm;
}

}  // namespace

LossInfo adv_comp_sum_loss() {
  return {.name = "adv_comp_sum",
          .title = "Adversarial comp-sum (approx.)",
          .description = "comp-sum plus ν × how far a small input perturbation moves the margins (approximate "
                         "form of the smooth adversarial comp-sum); the trainer runs the attack",
          .citation = "Mao, Mohri & Zhong, Cross-Entropy Loss Functions: Theoretical Analysis and Applications, "
                      "ICML 2023 (arXiv 2304.07288)",
          .params = kParams,
          .needs = kNeedsAdversarial,
          .sample = adv_comp_sum};
}

}  // namespace losslab
