// LDR-KL, the label-distributionally-robust loss with a KL penalty (LOSSES-NOTES A12):
//   ℓ = λ log( (1/K) Σ_k exp((z_k − z_y + c·1[k≠y]) / λ) ) = λ CE((z + c(1 − e_y))/λ, y) − λ log K
//   ∂ℓ/∂z = softmax((z + c(1 − e_y))/λ) − e_y                         (ldr_kl_term.hpp)
// λ → 0 gives the Crammer–Singer hinge, large λ the average margin.
// `normalize` applies the official code's preprocessing first: x = softplus(z) / mean_k softplus(z_k),
// then ℓ(x). Written as x = K softmax(a), a_k = log softplus(z_k), it stays finite for logits of any
// size, and the chain rule is
//   ∂ℓ/∂a_j = x_j (g_j − Σ_k g_k x_k / K)   (g = ∂ℓ/∂x),   ∂a_j/∂z_j = σ(z_j) / softplus(z_j).
// Below z = −30, log softplus(z) = z − e^z/2 and σ/softplus = 1 − e^z/2 to double precision.
// With `normalize` the loss is bounded and no longer translation-invariant in z.
#include <limits>
#include <vector>

#include "loss/ldr_kl_term.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"lambda", "temperature of the worst-case label distribution: small → hinge-like, large → average margin",
     1, 0.01, 100, false, true},
    {"margin", "margin c added to every wrong class's score", 0.1, 0, 2},
    {"normalize", "official preprocessing: logits → softplus(z) / mean softplus(z)", 0, 0, 1, true, false, kOffOn},
};

double ldr_kl_normalized(const SampleView& s, double lambda, double margin, std::span<double> grad) {
  const size_t kk = s.z.size();
  std::vector<double> a(kk), x(kk), ratio(kk);
  double a_max = -std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < kk; ++k) {
    const double z = s.z[k];
    if (z < -30) {
      a[k] = z - std::exp(z) / 2;
      ratio[k] = 1 - std::exp(z) / 2;
    } else {
      const double softplus = std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));
      a[k] = std::log(softplus);
      ratio[k] = 1 / (1 + std::exp(-z)) / softplus;
    }
    a_max = std::max(a_max, a[k]);
  }
  double sum = 0;
  for (size_t k = 0; k < kk; ++k) sum += std::exp(a[k] - a_max);
  const double lse = a_max + std::log(sum), kd = static_cast<double>(kk);
  for (size_t k = 0; k < kk; ++k) x[k] = kd * std::exp(a[k] - lse);
  const double loss = ldr_kl_term(x, s.y, lambda, margin, grad);
  double gx = 0;  // Σ_k g_k x_k / K
  for (size_t k = 0; k < kk; ++k) gx += grad[k] * x[k] / kd;
  for (size_t k = 0; k < kk; ++k) grad[k] = x[k] * (grad[k] - gx) * ratio[k];
  return loss;
}

double ldr_kl(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  if (prm[2] != 0) return ldr_kl_normalized(s, prm[0], prm[1], grad);
  return ldr_kl_term(s.z, s.y, prm[0], prm[1], grad);
}

}  // namespace

LossInfo ldr_kl_loss() {
  return {.name = "ldr_kl",
          .title = "LDR-KL",
          .description = "cross-entropy on margin-shifted, temperature-scaled logits: the worst case over label "
                         "distributions near uniform; robust to label noise for small λ",
          .citation = "Zhu, Ying & Yang, Label Distributionally Robust Losses for Multi-class Classification: "
                      "Consistency, Robustness and Adaptivity, ICML 2023 (code: DixianZhu/LDR)",
          .params = kParams,
          .sample = ldr_kl};
}

}  // namespace losslab
