// AnyLoss (Han, Moniz & Chawla 2024; LOSSES-NOTES A18): 1 − a confusion-matrix metric, made
// differentiable by amplifying each probability towards 0 or 1, A = σ(L (p − ½)), and counting softly
// over the batch. Multi-class as a one-vs-rest macro average over the K classes (our extension; the paper
// is binary). For class k, with y_i = 1[y_i = k] (or the soft target), n₁ = Σ y, n₀ = B − n₁, s = 1e-5:
//   TP = Σ y A,  TN = Σ (1 − y)(1 − A)
//   accuracy           (TP + TN) / B                       ∂/∂A_i = (2y_i − 1) / B
//   f1                 2TP / (n₁ + Σ A + s)                ∂/∂A_i = (2y_i d − 2TP) / d²
//   balanced_accuracy  (n₀ TP + n₁ TN) / (2 n₁ n₀ + s)     ∂/∂A_i = (n₀ y_i − n₁ (1 − y_i)) / d
//   gmean (surrogate)  TP TN / (n₁ n₀ + s)                 ∂/∂A_i = (y_i TN − (1 − y_i) TP) / d
// (d: the denominator; the forms of the authors' AnyLoss_Code.ipynb). ℓ_batch = mean_k (1 − metric_k);
// ∂A/∂p = L A (1 − A), then the softmax chain rule per sample (Identity 2).
// One number for the whole batch: every sample carries ℓ_batch and out.dlogits = B ∂ℓ_batch/∂Z, so the
// batch mean is ℓ_batch and the trainer's 1/B scaling gives its gradient.
#include <cmath>
#include <vector>

#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr std::string_view kMetrics[] = {"accuracy", "f1", "balanced_accuracy", "gmean"};
constexpr ParamSpec kParams[] = {
    {"metric", "the confusion-matrix metric whose complement is minimised", 0, 0, 3, true, false, kMetrics},
    {"L", "amplification: how sharply σ(L(p − ½)) rounds probabilities to 0 or 1", 73, 1, 200},
};

constexpr double kSmooth = 1e-5;

// One class's metric from the soft counts, and ∂metric/∂A_i into dm.
double metric_and_grad(int metric, const VecD& y, const VecD& a, VecD& dm) {
  const double b = static_cast<double>(y.size());
  const double n1 = y.sum(), n0 = b - n1, sum_a = a.sum();
  const double tp = y.dot(a), tn = b - n1 - sum_a + tp;
  switch (metric) {
    case 1: {
      const double d = n1 + sum_a + kSmooth;
      dm = (2 * y.array() * d - 2 * tp) / (d * d);
      return 2 * tp / d;
    }
    case 2: {
      const double d = 2 * n1 * n0 + kSmooth;
      dm = (n0 * y.array() - n1 * (1 - y.array())) / d;
      return (n0 * tp + n1 * tn) / d;
    }
    case 3: {
      const double d = n1 * n0 + kSmooth;
      dm = (y.array() * tn - (1 - y.array()) * tp) / d;
      return tp * tn / d;
    }
    default:
      dm = (2 * y.array() - 1) / b;
      return (tp + tn) / b;
  }
}

void anyloss(const LossBatch& batch, const LossParams& prm, LossResult& out) {
  const int metric = static_cast<int>(prm[0]);
  const double amp = prm[1];
  const MatD& logits = *batch.logits;
  const Eigen::Index kk = logits.rows(), b = logits.cols();
  MatD p(kk, b);
  std::vector<double> lp(static_cast<size_t>(kk));
  for (Eigen::Index i = 0; i < b; ++i) {
    SampleView view;
    fill_softmax_stats({logits.col(i).data(), static_cast<size_t>(kk)}, 0, {p.col(i).data(), static_cast<size_t>(kk)},
                       lp, view);
  }
  MatD g(kk, b);  // ∂ℓ_batch/∂p
  double loss = 0;
  VecD y(b), a(b), da(b), dm(b);
  for (Eigen::Index k = 0; k < kk; ++k) {
    for (Eigen::Index i = 0; i < b; ++i) {
      y[i] = batch.soft_targets ? (*batch.soft_targets)(k, i)
                                : (batch.labels[static_cast<size_t>(i)] == k ? 1.0 : 0.0);
      const double x = amp * (p(k, i) - 0.5);
      a[i] = 1 / (1 + std::exp(-x));
      da[i] = amp * a[i] / (1 + std::exp(x));  // L A (1 − A)
    }
    loss += (1 - metric_and_grad(metric, y, a, dm)) / static_cast<double>(kk);
    g.row(k) = (-dm.array() * da.array() / static_cast<double>(kk)).transpose();
  }
  out.loss = VecD::Constant(b, loss);
  out.dlogits.resize(kk, b);
  const double scale = static_cast<double>(b);
  for (Eigen::Index i = 0; i < b; ++i)
    out.dlogits.col(i) = scale * p.col(i).cwiseProduct((g.col(i).array() - g.col(i).dot(p.col(i))).matrix());
}

}  // namespace

LossInfo anyloss_loss() {
  return {.name = "anyloss",
          .title = "AnyLoss (metric as loss)",
          .description = "1 − accuracy, F1, balanced accuracy or G-mean, computed on softly rounded probabilities "
                         "over the batch (one-vs-rest macro average); one value for the whole batch",
          .citation = "Han, Moniz & Chawla, AnyLoss: Transforming Classification Metrics into Loss Functions, "
                      "arXiv 2405.14745 (code: doheonhan/anyloss_extension)",
          .params = kParams,
          .needs = kBatchCoupled,
          .batch = anyloss};
}

}  // namespace losslab
