#include "metrics/neural_collapse.hpp"

#include <Eigen/Eigenvalues>
#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

namespace losslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Relative cut of Σ_B's spectrum: rank(Σ_B) ≤ K − 1 < d typically, and the null directions come out of
// the eigensolver as ±1e-17-ish values that must count as zero, not be inverted.
constexpr double kPinvRelTol = 1e-10;

bool valid_label(int32_t y, int classes) { return y >= 0 && y < classes; }

// Class means of the classes that have samples (d×K), and for every class its column there (−1 if absent).
struct ClassMeans {
  MatD means;
  std::vector<Eigen::Index> slot;
};

ClassMeans class_means(const MatD& features, std::span<const int32_t> labels, int classes) {
  const Eigen::Index d = features.rows();
  MatD sums = MatD::Zero(d, classes);
  std::vector<int64_t> counts(static_cast<size_t>(classes), 0);
  for (Eigen::Index i = 0; i < features.cols(); ++i) {
    const int32_t y = labels[static_cast<size_t>(i)];
    if (!valid_label(y, classes)) continue;
    sums.col(y) += features.col(i);
    ++counts[static_cast<size_t>(y)];
  }
  ClassMeans out{MatD(d, 0), std::vector<Eigen::Index>(static_cast<size_t>(classes), -1)};
  Eigen::Index present = 0;
  for (int c = 0; c < classes; ++c)
    if (counts[static_cast<size_t>(c)] > 0) out.slot[static_cast<size_t>(c)] = present++;
  out.means.resize(d, present);
  for (int c = 0; c < classes; ++c) {
    const Eigen::Index s = out.slot[static_cast<size_t>(c)];
    if (s >= 0) out.means.col(s) = sums.col(c) / static_cast<double>(counts[static_cast<size_t>(c)]);
  }
  return out;
}

// tr(Σ_W Σ_B⁺) = Σ_i (v_iᵀ Σ_W v_i) / λ_i over the eigenpairs of Σ_B above the cut, computed without
// forming either d×d matrix (d·N work instead of d²·N). Σ_B = M Mᵀ/K for the centred means M (d×K) has
// rank ≤ K − 1; its eigenpairs come from the K×K Gram matrix G = MᵀM/K: G u = λ u ⇒ Σ_B (M u) = λ (M u),
// with ‖M u‖² = K λ. Then v_iᵀ Σ_W v_i = mean over samples of ((h − μ_y)·v_i)², so with the basis
// b_i = v_i/√λ_i the trace is the mean over samples of ‖Bᵀ(h − μ_y)‖². NaN when Σ_B = 0 (all class means
// coincide): its pseudo-inverse 0 would report perfect collapse for no separation.
double trace_against_pinv(const MatD& features, std::span<const int32_t> labels, int classes, const ClassMeans& cm,
                          const MatD& centered) {
  const auto k = static_cast<double>(centered.cols());
  const Eigen::SelfAdjointEigenSolver<MatD> eig((centered.transpose() * centered) / k);
  const VecD& lambda = eig.eigenvalues();
  const double top = lambda.maxCoeff();
  if (!(top > 0)) return kNaN;
  std::vector<VecD> basis;
  for (Eigen::Index i = 0; i < lambda.size(); ++i)
    if (lambda[i] > kPinvRelTol * top)
      basis.push_back(centered * eig.eigenvectors().col(i) / (std::sqrt(k * lambda[i]) * std::sqrt(lambda[i])));
  MatD b(features.rows(), static_cast<Eigen::Index>(basis.size()));
  for (size_t i = 0; i < basis.size(); ++i) b.col(static_cast<Eigen::Index>(i)) = basis[i];
  const MatD projected = b.transpose() * features;   // r×N
  const MatD projected_means = b.transpose() * cm.means;  // r×K
  double sum = 0;
  int64_t n = 0;
  for (Eigen::Index i = 0; i < features.cols(); ++i) {
    const int32_t y = labels[static_cast<size_t>(i)];
    if (!valid_label(y, classes)) continue;
    sum += (projected.col(i) - projected_means.col(cm.slot[static_cast<size_t>(y)])).squaredNorm();
    ++n;
  }
  return sum / static_cast<double>(n);
}

// Population standard deviation over mean, of a nonempty list.
struct Moments {
  double mean, std;
};
Moments moments(const std::vector<double>& xs) {
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / static_cast<double>(xs.size());
  double sq = 0;
  for (double x : xs) sq += (x - mean) * (x - mean);
  return {mean, std::sqrt(sq / static_cast<double>(xs.size()))};
}

// The NC2 terms from the centred class means (d×K, K ≥ 2). A zero centred mean gives NaN cosines.
void fill_nc2(const MatD& centered, NeuralCollapse& out) {
  const Eigen::Index k = centered.cols();
  std::vector<double> norms(static_cast<size_t>(k));
  for (Eigen::Index c = 0; c < k; ++c) norms[static_cast<size_t>(c)] = centered.col(c).norm();
  const Moments nm = moments(norms);
  out.equinorm = nm.std / nm.mean;

  // Unordered pairs suffice: cos is symmetric, so the ordered pairs k ≠ k′ repeat each value twice and
  // have the same mean and std.
  std::vector<double> cosines;
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = a + 1; b < k; ++b)
      cosines.push_back(centered.col(a).dot(centered.col(b)) /
                        (norms[static_cast<size_t>(a)] * norms[static_cast<size_t>(b)]));
  out.equiangularity = moments(cosines).std;
  const double etf_cos = -1.0 / static_cast<double>(k - 1);
  double dev = 0;
  for (double c : cosines) dev += std::abs(c - etf_cos);
  out.max_angle = dev / static_cast<double>(cosines.size());
}

}  // namespace

NeuralCollapse neural_collapse(const MatD& features, std::span<const int32_t> labels, int classes) {
  assert(static_cast<size_t>(features.cols()) == labels.size());
  const ClassMeans cm = class_means(features, labels, classes);
  const Eigen::Index k = cm.means.cols();
  if (k < 2) return {kNaN, kNaN, kNaN, kNaN};

  // μ_G is the mean of the class means, so each present class weighs 1/K in Σ_B.
  const VecD global = cm.means.rowwise().mean();
  const MatD centered = cm.means.colwise() - global;
  NeuralCollapse out;
  out.nc1 = trace_against_pinv(features, labels, classes, cm, centered) / static_cast<double>(k);
  fill_nc2(centered, out);
  return out;
}

}  // namespace losslab
