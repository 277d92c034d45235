// Fused linear cross-entropy: the naive reference against a float64 computation written out here; the
// blockwise backend against the naive one (exactly with threshold 0, on awkward shapes, with and
// without bias, smoothing and ignored rows, at logits of ±1e4); and the filter's error against the
// bound it implies.
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

#include "core/fused_ce_problem.hpp"
#include "fused_ce/fused_ce.hpp"

using namespace losslab;
using losslab::test::random_fused_ce;

namespace {

// ‖a − b‖ / ‖b‖: the error measure of the issue (relative, over a whole output). Where the exact
// answer is 0 (V = 1: the one class always has probability 1) there is nothing to be relative to, and
// the largest |a| — float rounding of a difference that cancels exactly in float64 — is returned.
double relative_error(const Mat& a, const Mat& b) {
  if (a.size() != b.size()) return INFINITY;
  const double norm = b.cast<double>().norm();
  if (norm < 1e-6) return a.size() ? static_cast<double>(a.cwiseAbs().maxCoeff()) : 0.0;
  return (a.cast<double>() - b.cast<double>()).norm() / norm;
}
double relative_error(const Vec& a, const Vec& b) { return relative_error(Mat(a), Mat(b)); }

// Loss and gradients in float64 from the definitions in fused_ce.hpp, independently of both backends.
struct Reference {
  double mean_loss = 0;
  Eigen::MatrixXd dh, dw;
  Eigen::VectorXd db;
};
Reference reference(const FusedCeProblem& p) {
  const Eigen::MatrixXd h = p.h->cast<double>(), w = p.w->cast<double>();
  Eigen::MatrixXd z = w.transpose() * h;
  if (p.bias) z.colwise() += p.bias->cast<double>();
  const Eigen::Index n = h.cols(), v = w.cols();
  int used = 0;
  for (int32_t y : p.labels) used += y != p.ignore_label;
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(v, n);
  Reference r;
  for (Eigen::Index i = 0; i < n; ++i) {
    const int32_t y = p.labels[static_cast<size_t>(i)];
    if (y == p.ignore_label) continue;
    const double m = z.col(i).maxCoeff();
    const double lse = m + std::log((z.col(i).array() - m).exp().sum());
    r.mean_loss += lse - (1 - p.label_smoothing) * z(y, i) - p.label_smoothing * z.col(i).mean();
    g.col(i) = (z.col(i).array() - lse).exp();
    g(y, i) -= 1 - p.label_smoothing;
    g.col(i).array() -= p.label_smoothing / static_cast<double>(v);
  }
  if (used > 0) {
    r.mean_loss /= used;
    g /= used;
  }
  r.dh = w * g;
  r.dw = h * g.transpose();
  r.db = g.rowwise().sum();
  return r;
}

void check_equal(const FusedCeResult& a, const FusedCeResult& b, bool bias, double tolerance) {
  CHECK(a.mean_loss == Approx(b.mean_loss).epsilon(tolerance).margin(tolerance));
  CHECK(relative_error(a.loss, b.loss) <= tolerance);
  CHECK(relative_error(a.dh, b.dh) <= tolerance);
  CHECK(relative_error(a.dw, b.dw) <= tolerance);
  if (bias) CHECK(relative_error(a.dbias, b.dbias) <= tolerance);
}

}  // namespace

TEST_CASE("the naive fused cross-entropy matches a float64 computation", "[fused_ce]") {
  for (float smoothing : {0.0f, 0.1f}) {
    const auto r = random_fused_ce(23, 11, 57, 0.5f, 0.2, 1);
    const FusedCeProblem p = r.problem(true, smoothing);
    REQUIRE(check_fused_ce(p).empty());
    FusedCeResult out;
    fused_ce_naive(p, {}, out);
    const Reference ref = reference(p);
    INFO("smoothing " << smoothing);
    // Float32 logits and products against float64: a few ulps of float over sums of ~50 terms.
    CHECK(out.mean_loss == Approx(ref.mean_loss).epsilon(1e-5));
    CHECK(relative_error(out.dh, ref.dh.cast<float>()) < 1e-5);
    CHECK(relative_error(out.dw, ref.dw.cast<float>()) < 1e-5);
    CHECK(relative_error(out.dbias, ref.db.cast<float>()) < 1e-5);
    CHECK(out.extra_bytes == naive_logit_bytes(23, 57));
  }
}

TEST_CASE("blockwise equals naive with the filter off", "[fused_ce]") {
  // Shapes that are not multiples of the blocks (16 rows × 24 vocabulary entries), one row, one
  // vocabulary entry; with and without bias and smoothing; a fifth of the rows ignored.
  struct Shape {
    int n, d, v;
  };
  for (const Shape s : {Shape{37, 19, 101}, Shape{1, 8, 50}, Shape{40, 6, 1}, Shape{16, 5, 24}})
    for (bool bias : {false, true})
      for (float smoothing : {0.0f, 0.2f}) {
        const auto r = random_fused_ce(s.n, s.d, s.v, 0.7f, 0.2, static_cast<uint64_t>(s.n * 1000 + s.v));
        const FusedCeProblem p = r.problem(bias, smoothing);
        FusedCeOptions o;
        o.threshold = 0;
        o.row_block = 16;
        o.vocab_block = 24;
        FusedCeResult naive, blockwise;
        fused_ce_naive(p, o, naive);
        fused_ce_blockwise(p, o, blockwise);
        INFO("N " << s.n << " d " << s.d << " V " << s.v << " bias " << bias << " smoothing " << smoothing);
        check_equal(blockwise, naive, bias, 1e-5);
        CHECK(blockwise.tiles_skipped == 0);
        CHECK(blockwise.tiles == ((s.n + 15) / 16) * ((s.v + 23) / 24));
      }
}

TEST_CASE("every row ignored gives zero loss and zero gradients", "[fused_ce]") {
  auto r = random_fused_ce(9, 4, 30, 1.0f, 0.0, 3);
  std::fill(r.labels.begin(), r.labels.end(), kIgnoreLabel);
  for (FusedCeBackend backend : {FusedCeBackend::naive, FusedCeBackend::blockwise}) {
    FusedCeResult out;
    fused_cross_entropy(backend, r.problem(true, 0.1f), {}, out);
    CHECK(out.mean_loss == 0);
    CHECK(out.loss.isZero());
    CHECK(out.dh.isZero());
    CHECK(out.dw.isZero());
    CHECK(out.dbias.isZero());
  }
}

TEST_CASE("blockwise stays finite and equal to naive at logits of 1e4", "[fused_ce]") {
  // Classifier columns scaled so that the logits reach ±1e4 and beyond. Float32 logits then carry an
  // absolute rounding error of about an ulp of 1e4 (~1e-3), and the two backends form them with
  // different GEMM blockings: losses are compared to that scale (they can be ~0), gradients relatively —
  // the softmax is nearly one-hot, so each row's gradient is dominated by entries near 0 and 1, which the
  // rounding moves by ~1e-3 relative at worst.
  const auto base = random_fused_ce(20, 8, 70, 1.0f, 0.1, 4);
  auto r = base;
  r.w *= 3500.0f;
  r.bias *= 1000.0f;
  for (bool bias : {false, true})
    for (float smoothing : {0.0f, 0.1f}) {
      const FusedCeProblem p = r.problem(bias, smoothing);
      FusedCeOptions o;
      o.threshold = 0;
      o.row_block = 8;
      o.vocab_block = 16;
      FusedCeResult naive, blockwise;
      fused_ce_naive(p, o, naive);
      fused_ce_blockwise(p, o, blockwise);
      const double max_logit = (r.w.transpose() * r.h).cwiseAbs().maxCoeff();
      INFO("largest |logit| " << max_logit << ", bias " << bias << ", smoothing " << smoothing);
      REQUIRE(max_logit > 1e4);
      CHECK(blockwise.dh.allFinite());
      CHECK(blockwise.dw.allFinite());
      CHECK(blockwise.loss.allFinite());
      CHECK(blockwise.loss.minCoeff() >= 0);  // a cross-entropy; smoothing adds a positive term
      CHECK(std::abs(blockwise.mean_loss - naive.mean_loss) <= 1e-6 * max_logit);
      CHECK((blockwise.loss - naive.loss).cwiseAbs().maxCoeff() <= 1e-6 * max_logit);
      CHECK(relative_error(blockwise.dh, naive.dh) <= 1e-4);
      CHECK(relative_error(blockwise.dw, naive.dw) <= 1e-4);
      if (bias) CHECK(relative_error(blockwise.dbias, naive.dbias) <= 1e-4);
    }
}

TEST_CASE("the filter's gradient error stays within the bound it implies", "[fused_ce]") {
  // A peaked softmax, as after training: logits with std ~10 over V = 2048, so that most tiles of 4 rows
  // × 16 entries hold only probabilities below 2⁻¹². A skipped tile's entries are all below the threshold
  // t, so each skipped entry moves dH[j, i] by at most (t/n) |W[j, k]| and dW[j, k] by (t/n) |H[j, i]|:
  //   |ΔdH[j, i]| ≤ (t/n) Σ_k |W[j, k]|,   |ΔdW[j, k]| ≤ (t/n) Σ_i |H[j, i]|.
  const auto r = random_fused_ce(64, 16, 2048, 2.5f, 0.0, 5);
  const FusedCeProblem p = r.problem(true, 0.0f);
  FusedCeOptions exact, filtered;
  exact.threshold = 0;
  exact.row_block = filtered.row_block = 4;
  exact.vocab_block = filtered.vocab_block = 16;
  filtered.threshold = kDefaultFilterThreshold;
  FusedCeResult a, b;
  fused_ce_blockwise(p, exact, a);
  fused_ce_blockwise(p, filtered, b);
  const double skipped = static_cast<double>(b.tiles_skipped) / static_cast<double>(b.tiles);
  std::cout << "fused ce filter at 2^-12: " << b.tiles_skipped << " of " << b.tiles << " tiles skipped ("
            << 100 * skipped << " %), dH relative error " << relative_error(b.dh, a.dh) << ", dW "
            << relative_error(b.dw, a.dw) << "\n";
  REQUIRE(skipped > 0.3);  // the case must exercise the filter
  // The tight form of the bound: only entries with S_ik < t can be skipped, so
  //   |ΔdH[j, i]| ≤ (1/n) Σ_{k: S_ik < t} S_ik |W[j, k]|,  |ΔdW[j, k]| ≤ (1/n) Σ_{i: S_ik < t} S_ik |H[j, i]|,
  // with S from the float64 softmax (plus float slack). A mis-scaled threshold (say t without the 1/n,
  // or t·n) would skip entries this bound does not allow for.
  const Eigen::MatrixXd hd = r.h.cast<double>(), wd = r.w.cast<double>();
  Eigen::MatrixXd z = wd.transpose() * hd;
  z.colwise() += r.bias.cast<double>();
  Eigen::MatrixXd below = Eigen::MatrixXd::Zero(z.rows(), z.cols());  // S where S < t, else 0
  for (Eigen::Index i = 0; i < z.cols(); ++i) {
    const double m = z.col(i).maxCoeff();
    const double lse = m + std::log((z.col(i).array() - m).exp().sum());
    for (Eigen::Index k = 0; k < z.rows(); ++k) {
      const double s = std::exp(z(k, i) - lse);
      if (s < kDefaultFilterThreshold) below(k, i) = s;
    }
  }
  const double inv_n = 1.0 / 64.0;
  const Eigen::MatrixXd dh_bound = inv_n * wd.cwiseAbs() * below;              // d×N
  const Eigen::MatrixXd dw_bound = inv_n * hd.cwiseAbs() * below.transpose();  // d×V
  const Eigen::MatrixXd dh_err = (b.dh - a.dh).cast<double>().cwiseAbs();
  const Eigen::MatrixXd dw_err = (b.dw - a.dw).cast<double>().cwiseAbs();
  CHECK((dh_err.array() <= dh_bound.array() * 1.001 + 1e-8).all());
  CHECK((dw_err.array() <= dw_bound.array() * 1.001 + 1e-8).all());
  // …and the filter did drop something: the error is not zero.
  CHECK(dh_err.maxCoeff() > 0);
  // The loss is a forward quantity: the filter never touches it.
  CHECK(b.mean_loss == a.mean_loss);
  CHECK(b.loss == a.loss);
}

TEST_CASE("bad fused cross-entropy problems are refused with what is wrong", "[fused_ce]") {
  auto r = random_fused_ce(4, 3, 10, 1.0f, 0.0, 6);
  r.labels[2] = 10;
  CHECK_THAT(check_fused_ce(r.problem(false, 0)), Catch::Contains("label 10 of row 2 is outside [0, 10)"));
  r.labels[2] = 1;
  CHECK_THAT(check_fused_ce(r.problem(false, 1.5f)), Catch::Contains("label_smoothing"));
  Mat wrong(4, 10);
  FusedCeProblem p = r.problem(false, 0);
  p.w = &wrong;
  CHECK_THAT(check_fused_ce(p), Catch::Contains("hidden size d"));
  CHECK(check_fused_ce(r.problem(true, 0)).empty());
  CHECK(fused_ce_backend_from_name("blockwise") == FusedCeBackend::blockwise);
  CHECK_FALSE(fused_ce_backend_from_name("cuda"));
}
