// Weight norms against a hand computation, and gradient coherence against hand-derived cases and a
// direct computation from per-example gradients obtained by a different route.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <vector>

#include "loss/cross_entropy.hpp"
#include "metrics/model_measures.hpp"
#include "util/rng.hpp"

using namespace losslab;

TEST_CASE("weight norms of a tiny mlp by hand", "[metrics][model_measures]") {
  // 2 → 3 → 2: layer 0 is W₀ (3×2) then b₀ (3), layer 1 is W₁ (2×3) then b₁ (2): 17 parameters.
  // With θ = 1, 2, …, 17: W₀ = 1..6, b₀ = 7..9, W₁ = 10..15, b₁ = 16, 17.
  const Mlp model({2, {3}, 2, Activation::relu});
  REQUIRE(model.num_params() == 17);
  Vec params(17);
  for (Eigen::Index i = 0; i < 17; ++i) params[i] = static_cast<float>(i + 1);
  const WeightNorms w = weight_norms(model, params);
  CHECK(w.total == Approx(std::sqrt(1785.0)));  // Σ_{i=1}^{17} i² = 17·18·35/6
  REQUIRE(w.per_layer.size() == 2);
  CHECK(w.per_layer[0] == Approx(std::sqrt(91.0)));   // 1² + … + 6²
  CHECK(w.per_layer[1] == Approx(std::sqrt(955.0)));  // 10² + … + 15² (biases excluded)
}

namespace {

struct Problem {
  Mlp model{MlpShape{3, {6, 5}, 4, Activation::tanh}};
  Vec params;
  Mat x;
  std::vector<int32_t> y;
};

Problem random_problem(uint64_t seed) {
  Problem p;
  Rng rng(seed);
  p.model.init(p.params, rng);
  p.params *= 2.0f;  // away from initialisation: less uniform gradients
  p.x.resize(3, 10);
  for (Eigen::Index i = 0; i < p.x.size(); ++i) p.x.data()[i] = rng.normal();
  for (int i = 0; i < 10; ++i) p.y.push_back(static_cast<int32_t>(rng.below(4)));
  return p;
}

// Per-example gradients by another route: one forward pass over the whole batch, then for each index a
// backward pass whose d loss / d logits is zero except in that sample's column (backward sums over the
// columns, so this isolates g_i). Returns ‖Σ g_i‖² / Σ ‖g_i‖² in float64.
double direct_coherence(const Problem& p, const std::vector<int32_t>& indices) {
  MlpWorkspace ws;
  p.model.forward(p.params, p.x, ws);
  Vec loss;
  Mat dlogits;
  cross_entropy(ws.logits(), p.y, loss, &dlogits);
  VecD sum = VecD::Zero(p.model.num_params());
  double sq = 0;
  Vec g;
  for (int32_t i : indices) {
    Mat only = Mat::Zero(dlogits.rows(), dlogits.cols());
    only.col(i) = dlogits.col(i);
    p.model.backward(p.params, p.x, only, ws, g);
    sum += g.cast<double>();
    sq += g.cast<double>().squaredNorm();
  }
  return sum.squaredNorm() / sq;
}

}  // namespace

TEST_CASE("gradient coherence of a repeated sample is the repeat count", "[metrics][model_measures]") {
  // m copies of one gradient g: ‖m g‖² / (m ‖g‖²) = m.
  const Problem p = random_problem(31);
  MlpWorkspace ws;
  const std::vector<int32_t> same(5, 4);
  CHECK(gradient_coherence(p.model, p.params, p.x, p.y, same, ws) == Approx(5.0).epsilon(1e-4));
  const std::vector<int32_t> single{7};
  CHECK(gradient_coherence(p.model, p.params, p.x, p.y, single, ws) == Approx(1.0).epsilon(1e-4));
}

TEST_CASE("gradient coherence matches per-example gradients of a batch", "[metrics][model_measures]") {
  const Problem p = random_problem(32);
  MlpWorkspace ws;
  for (const std::vector<int32_t>& indices :
       {std::vector<int32_t>{0, 2, 3, 7, 9}, std::vector<int32_t>{1, 1, 6}, std::vector<int32_t>{8, 5}}) {
    const double c = gradient_coherence(p.model, p.params, p.x, p.y, indices, ws);
    INFO("m = " << indices.size());
    CHECK(c == Approx(direct_coherence(p, indices)).epsilon(1e-4));
    CHECK(c >= 0.0);
    CHECK(c <= static_cast<double>(indices.size()) * (1 + 1e-6));
  }
}

namespace {

// A linear softmax model (no hidden layer) with W = 0 and the given bias: logits = b for every input,
// and g_i = (dz_i x_iᵀ, dz_i) with dz_i = softmax(b) − e_{y_i}. With x_1 = e₁, x_2 = e₂ the weight
// parts are orthogonal, so g_1·g_2 = dz_1·dz_2 and ‖g_i‖² = 2‖dz_i‖².
double linear_coherence(const Vec& bias, const std::vector<int32_t>& labels) {
  const Mlp model({2, {}, static_cast<int>(bias.size()), Activation::relu});
  Vec params = Vec::Zero(model.num_params());
  model.bias(params, 0) = bias;
  const Mat x = Mat::Identity(2, 2);
  const std::vector<int32_t> indices{0, 1};
  MlpWorkspace ws;
  return gradient_coherence(model, params, x, labels, indices, ws);
}

}  // namespace

TEST_CASE("gradient coherence of a linear model by hand", "[metrics][model_measures]") {
  SECTION("two classes and equal labels") {
    // b = 0: softmax = (½, ½), dz_1 = dz_2 = (−½, ½), ‖dz‖² = ½, ‖g_i‖² = 1, g_1·g_2 = ½:
    // (1 + 1 + 2·½) / 2 = 3/2.
    CHECK(linear_coherence(Vec::Zero(2), {0, 0}) == Approx(1.5).epsilon(1e-6));
  }
  SECTION("two classes and opposite labels") {
    // dz_2 = (½, −½) = −dz_1: g_1·g_2 = −½, (1 + 1 − 1) / 2 = ½ — conflicting gradients go below 1.
    CHECK(linear_coherence(Vec::Zero(2), {0, 1}) == Approx(0.5).epsilon(1e-6));
  }
  SECTION("three classes with orthogonal gradients") {
    // b = (0, 0, t): softmax = (s, s, 1 − 2s) with s = 1/(2 + eᵗ). Labels 0 and 1:
    // dz_1·dz_2 = 2s(s − 1) + (1 − 2s)² = 6s² − 6s + 1, zero at s = (3 − √3)/6 = 1/(3 + √3), i.e.
    // eᵗ = 1 + √3. Orthogonal gradients: coherence 1 (float32 logits leave a ~1e-7 dot product).
    Vec b(3);
    b << 0.0f, 0.0f, static_cast<float>(std::log(1.0 + std::sqrt(3.0)));
    CHECK(linear_coherence(b, {0, 1}) == Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE("gradient coherence is NaN without gradients", "[metrics][model_measures]") {
  SECTION("no samples") {
    const Problem p = random_problem(33);
    MlpWorkspace ws;
    CHECK(std::isnan(gradient_coherence(p.model, p.params, p.x, p.y, std::vector<int32_t>{}, ws)));
  }
  SECTION("every gradient zero") {
    // b = (100, −100), labels 0: softmax is exactly (1, 0) in float32 (e^{−200} underflows), so
    // dz = 0 and every g_i = 0.
    Vec b(2);
    b << 100.0f, -100.0f;
    CHECK(std::isnan(linear_coherence(b, {0, 0})));
  }
}

TEST_CASE("coherence figures leave out each gradient's product with itself", "[metrics][model_measures]") {
  // m equal gradients: r = m, so α = 1 and m·α = m.
  CHECK(coherence_figures(5, 5).alpha == Approx(1.0));
  CHECK(coherence_figures(5, 5).m_alpha == Approx(5.0));
  // Pairwise orthogonal: r = 1, α = 0.
  CHECK(coherence_figures(1, 8).alpha == Approx(0.0).margin(1e-15));
  // Two opposite gradients of equal norm: r = 0, α = −1, m·α = −2; the hand-built linear case with
  // r = 0.5 gives α = −0.5.
  CHECK(coherence_figures(0, 2).m_alpha == Approx(-2.0));
  CHECK(coherence_figures(0.5, 2).alpha == Approx(-0.5));
  CHECK(std::isnan(coherence_figures(1, 1).alpha));
}
