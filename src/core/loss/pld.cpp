// Plackett–Luce distillation (Bassam, Zhu & Bian, NeurIPS 2025; LOSSES-NOTES A15): a weighted ListMLE
// of the student logits z on the teacher's ranking. π = the true label first, then the other classes by
// descending teacher logit (ties by class index); α_k = softmax(z_t/T)_{π_k}, the teacher's confidence:
//   ℓ = Σ_k α_k (S_k − z_{π_k}),   S_k = lse(z_{π_k}, …, z_{π_K})   (suffix log-sum-exps, computed once)
//   ∂ℓ/∂z_j = Σ_{k≤r} α_k exp(z_j − S_k) − α_r    (j = π_r),
// with the prefix sum kept in log space, C_r = log Σ_{k≤r} α_k e^{−S_k}: the first term is exp(z_j + C_r),
// at most Σ_{k≤r} α_k, so nothing overflows. A teacher certain of the label (α = e_1) gives CE; a uniform
// teacher gives ListMLE/K. The student logits are not divided by T: the copy of the paper we read did not
// show whether they are (NOTES, unverified).
#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "loss/log_softmax.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"temperature", "temperature T of the teacher softmax that weights each ranking position", 4, 1, 20},
};

double log_add_exp(double a, double b) {
  const double m = std::max(a, b);
  if (m == -std::numeric_limits<double>::infinity()) return m;
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

double pld(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const size_t kk = s.z.size();
  std::vector<double> log_alpha(kk), suffix(kk);
  log_softmax(s.teacher, prm[0], log_alpha);
  std::vector<size_t> order(kk);  // π
  std::iota(order.begin(), order.end(), size_t{0});
  std::swap(order[0], order[static_cast<size_t>(s.y)]);
  std::sort(order.begin() + 1, order.end(), [&](size_t i, size_t j) {
    return s.teacher[i] > s.teacher[j] || (s.teacher[i] == s.teacher[j] && i < j);
  });
  suffix[kk - 1] = s.z[order[kk - 1]];
  for (size_t r = kk - 1; r-- > 0;) suffix[r] = log_add_exp(s.z[order[r]], suffix[r + 1]);
  double loss = 0, prefix = -std::numeric_limits<double>::infinity();  // C_r
  for (size_t r = 0; r < kk; ++r) {
    const size_t j = order[r];
    const double alpha = std::exp(log_alpha[j]);
    loss += alpha * (suffix[r] - s.z[j]);
    prefix = log_add_exp(prefix, log_alpha[j] - suffix[r]);
    grad[j] = std::exp(s.z[j] + prefix) - alpha;
  }
  return loss;
}

}  // namespace

LossInfo pld_loss() {
  return {.name = "pld",
          .title = "Plackett–Luce distillation",
          .description = "list-wise distillation: the likelihood of the teacher's class ranking (true label "
                         "first) under the student, each position weighted by the teacher's confidence",
          .citation = "Bassam, Zhu & Bian, PLD: A Choice-Theoretic List-Wise Knowledge Distillation, NeurIPS 2025 "
                      "(arXiv 2506.12542)",
          .params = kParams,
          .needs = kNeedsTeacher,
          .sample = pld};
}

}  // namespace losslab
