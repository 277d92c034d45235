// Neural-collapse metrics on feature sets whose answer is known: exactly collapsed features at a
// simplex ETF, random features, a non-ETF arrangement worked out by hand, and a 1-D two-class case.
#include <catch2/catch.hpp>

#include <Eigen/QR>
#include <cmath>
#include <vector>

#include "metrics/neural_collapse.hpp"
#include "util/rng.hpp"

using namespace losslab;

namespace {

MatD gaussian(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  MatD m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

// Class means at a simplex ETF of K = 4 in d = 8: the columns of I₄ − 11ᵀ/4 (equal norms, pairwise
// cosine −1/3), zero-padded to 8 rows, turned by a random orthogonal matrix, scaled by 3 and shifted by
// a random offset (NC2 must not depend on rotation, scale or translation).
MatD etf_means(Rng& rng) {
  MatD base = MatD::Zero(8, 4);
  base.topRows(4) = MatD::Identity(4, 4) - MatD::Constant(4, 4, 0.25);
  const MatD q = Eigen::HouseholderQR<MatD>(gaussian(8, 8, rng)).householderQ();
  const VecD offset = gaussian(8, 1, rng);
  return (3.0 * q * base).colwise() + offset;
}

// Unbalanced classes (3, 5, 2, 4 samples), each sample at its class mean plus `noise`·N(0, I). With
// unbalanced counts the sample mean differs from the mean of the class means, so NC2 ≈ 0 also checks
// that μ_G is the latter.
void collapsed_features(const MatD& means, double noise, Rng& rng, MatD& features,
                        std::vector<int32_t>& labels) {
  const int counts[4] = {3, 5, 2, 4};
  features.resize(means.rows(), 14);
  labels.clear();
  Eigen::Index col = 0;
  for (int32_t c = 0; c < 4; ++c)
    for (int i = 0; i < counts[c]; ++i) {
      features.col(col++) = means.col(c) + noise * gaussian(means.rows(), 1, rng);
      labels.push_back(c);
    }
}

}  // namespace

TEST_CASE("neural collapse is zero for collapsed features at a simplex ETF", "[metrics][neural_collapse]") {
  Rng rng(11);
  const MatD means = etf_means(rng);
  MatD features;
  std::vector<int32_t> labels;
  collapsed_features(means, 0.0, rng, features, labels);
  const NeuralCollapse nc = neural_collapse(features, labels, 4);
  CHECK(nc.nc1 < 1e-8);
  CHECK(nc.nc1 >= 0.0);
  CHECK(nc.equinorm < 1e-9);
  CHECK(nc.equiangularity < 1e-9);
  CHECK(nc.max_angle < 1e-9);
}

TEST_CASE("neural collapse NC1 stays tiny under tiny within-class noise", "[metrics][neural_collapse]") {
  // Noise 1e-6 per coordinate: Σ_W ≈ 1e-12·I, and Σ_B = (9/4)·(projection on the ETF's 3-D span), so
  // NC1 ≈ (3·1e-12 / (9/4)) / 4 ≈ 3e-13. NC2 moves by O(1e-6).
  Rng rng(12);
  const MatD means = etf_means(rng);
  MatD features;
  std::vector<int32_t> labels;
  collapsed_features(means, 1e-6, rng, features, labels);
  const NeuralCollapse nc = neural_collapse(features, labels, 4);
  CHECK(nc.nc1 > 0.0);
  CHECK(nc.nc1 < 1e-8);
  CHECK(nc.equinorm < 1e-4);
  CHECK(nc.max_angle < 1e-4);
}

TEST_CASE("neural collapse NC1 is large for random features and labels", "[metrics][neural_collapse]") {
  // 400 N(0, I₈) samples with uniform random labels in 4 classes: Σ_W ≈ I, while each class mean of
  // ~100 samples deviates by only ~N(0, I/100), so Σ_B's three nonzero eigenvalues are ~0.01–0.03 and
  // tr(Σ_W Σ_B⁺)/4 is of order 10–100 — far above 1 (collapsed features give ≈ 0).
  Rng rng(13);
  const MatD features = gaussian(8, 400, rng);
  std::vector<int32_t> labels;
  for (int i = 0; i < 400; ++i) labels.push_back(static_cast<int32_t>(rng.below(4)));
  const NeuralCollapse nc = neural_collapse(features, labels, 4);
  CHECK(nc.nc1 > 1.0);
  CHECK(nc.equiangularity > 0.0);
}

TEST_CASE("neural collapse NC2 of a right-angled triangle of means", "[metrics][neural_collapse]") {
  // Three classes in 2-D with means (0,0), (1,0), (0,3), one sample each. μ_G = (1/3, 1); the centred
  // means are c0 = (−1/3, −1), c1 = (2/3, −1), c2 = (−1/3, 2), with ‖c‖² = 10/9, 13/9, 37/9 and dot
  // products c0·c1 = 7/9, c0·c2 = −17/9, c1·c2 = −20/9.
  MatD features(2, 3);
  features << 0, 1, 0,  //
      0, 0, 3;
  const std::vector<int32_t> labels{0, 1, 2};
  const NeuralCollapse nc = neural_collapse(features, labels, 3);

  const double n[3] = {std::sqrt(10.0) / 3, std::sqrt(13.0) / 3, std::sqrt(37.0) / 3};
  const double n_mean = (n[0] + n[1] + n[2]) / 3;
  double n_var = 0;
  for (double v : n) n_var += (v - n_mean) * (v - n_mean) / 3;
  const double cos[3] = {7 / std::sqrt(130.0), -17 / std::sqrt(370.0), -20 / std::sqrt(481.0)};
  const double c_mean = (cos[0] + cos[1] + cos[2]) / 3;
  double c_var = 0, dev = 0;
  for (double v : cos) {
    c_var += (v - c_mean) * (v - c_mean) / 3;
    dev += std::abs(v + 0.5) / 3;  // ETF cosine for K = 3 is −1/2
  }
  CHECK(nc.equinorm == Approx(std::sqrt(n_var) / n_mean));
  CHECK(nc.equiangularity == Approx(std::sqrt(c_var)));
  CHECK(nc.max_angle == Approx(dev));
  CHECK(nc.equinorm > 0.05);
  CHECK(nc.equiangularity > 0.05);
  CHECK(nc.max_angle > 0.05);
  CHECK(nc.nc1 == Approx(0.0).margin(1e-12));  // one sample per class: no within-class spread
}

TEST_CASE("neural collapse NC1 in one dimension by hand", "[metrics][neural_collapse]") {
  // Class 0: {−1, 1} (mean 0, spread ±1); class 1: {3.5, 4.5, 3.5, 4.5} (mean 4, spread ±0.5).
  //   Σ_W = (2·1 + 4·0.25) / 6 = 0.5        (per-sample mean; averaging per class would give 0.625)
  //   μ_G = (0 + 4)/2 = 2, Σ_B = (2² + 2²)/2 = 4   (the sample mean 8/3 would give Σ_B = 40/9)
  //   NC1 = (0.5 / 4) / 2 = 1/16.
  // Two classes: both centred means have norm 2 and cosine −1, the ETF for K = 2, so NC2 is 0.
  MatD features(1, 6);
  features << -1, 1, 3.5, 4.5, 3.5, 4.5;
  SECTION("classes 0 and 1 of 2") {
    const std::vector<int32_t> labels{0, 0, 1, 1, 1, 1};
    const NeuralCollapse nc = neural_collapse(features, labels, 2);
    CHECK(nc.nc1 == Approx(1.0 / 16.0));
    CHECK(nc.equinorm == Approx(0.0).margin(1e-12));
    CHECK(nc.equiangularity == Approx(0.0).margin(1e-12));
    CHECK(nc.max_angle == Approx(0.0).margin(1e-12));
  }
  SECTION("classes without samples are left out") {
    // Labels 1 and 4 of 5 classes: K is the 2 present classes, not 5.
    const std::vector<int32_t> labels{1, 1, 4, 4, 4, 4};
    const NeuralCollapse nc = neural_collapse(features, labels, 5);
    CHECK(nc.nc1 == Approx(1.0 / 16.0));
    CHECK(nc.max_angle == Approx(0.0).margin(1e-12));
  }
}

TEST_CASE("neural collapse is NaN with fewer than two classes", "[metrics][neural_collapse]") {
  MatD features(2, 3);
  features << 1, 2, 3,  //
      4, 5, 6;
  const std::vector<int32_t> labels{2, 2, 2};
  const NeuralCollapse nc = neural_collapse(features, labels, 3);
  CHECK(std::isnan(nc.nc1));
  CHECK(std::isnan(nc.equinorm));
  CHECK(std::isnan(nc.equiangularity));
  CHECK(std::isnan(nc.max_angle));
}
