// Each loss's value on one small example, worked out by hand from its formula in LOSSES.md.
// The example: K = 3, logits z = (2, 1, −1), label y = 0, so
//   S = e² + e¹ + e⁻¹ = 7.389056 + 2.718282 + 0.367879 = 10.475217
//   p = (0.705385, 0.259496, 0.035119),  log p = (−0.349012, −1.349012, −3.349012)
// The losses of the advanced files (distillation, regression, batch-level) are in
// test_loss_values_advanced.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "loss/loss.hpp"

using namespace losslab;

namespace {

struct Example {
  MatD z{3, 1};
  std::vector<int32_t> y{0};
  double S, p0, p1, p2;
  Example() {
    z << 2, 1, -1;
    S = std::exp(2.0) + std::exp(1.0) + std::exp(-1.0);
    p0 = std::exp(2.0) / S;
    p1 = std::exp(1.0) / S;
    p2 = std::exp(-1.0) / S;
  }
};

double value(const char* name, std::initializer_list<std::pair<const char*, double>> params = {},
             int32_t label = 0, MatD* grad = nullptr) {
  const LossInfo* loss = find_loss(name);
  REQUIRE(loss);
  LossParams p = default_loss_params(*loss);
  for (const auto& [key, v] : params) p[static_cast<size_t>(loss_param_index(*loss, key))] = v;
  Example ex;
  const std::vector<int32_t> labels{label};
  LossBatch batch;
  batch.logits = &ex.z;
  batch.labels = labels;
  LossResult r;
  evaluate_loss(*loss, p, batch, r, true);
  if (grad) *grad = r.dlogits;
  return r.loss[0];
}

}  // namespace

TEST_CASE("hand-computed values of the cross-entropy family") {
  const Example e;
  CHECK(e.p0 == Approx(0.705385).epsilon(1e-6));
  CHECK(value("ce") == Approx(-std::log(e.p0)).epsilon(1e-12));                       // 0.349012
  // ε = 0.1: 0.9·(−log p₀) + 0.1·(0.349012 + 1.349012 + 3.349012)/3
  CHECK(value("label_smoothing") ==
        Approx(0.9 * -std::log(e.p0) - 0.1 * (std::log(e.p0) + std::log(e.p1) + std::log(e.p2)) / 3).epsilon(1e-12));
  // γ = 2: −(1 − 0.705385)²·log 0.705385 = 0.086798·0.349012
  CHECK(value("focal") == Approx(-std::pow(1 - e.p0, 2) * std::log(e.p0)).epsilon(1e-12));
  // β = 0.1: −log p₀ − 0.1·H(p)
  const double entropy = -(e.p0 * std::log(e.p0) + e.p1 * std::log(e.p1) + e.p2 * std::log(e.p2));
  CHECK(value("confidence_penalty") == Approx(-std::log(e.p0) - 0.1 * entropy).epsilon(1e-12));
  CHECK(value("poly1") == Approx(-std::log(e.p0) + (1 - e.p0)).epsilon(1e-12));          // ε = 1
  CHECK(value("taylor_ce") == Approx((1 - e.p0) + std::pow(1 - e.p0, 2) / 2).epsilon(1e-12));  // order 2
  CHECK(value("brier") == Approx(std::pow(1 - e.p0, 2) + e.p1 * e.p1 + e.p2 * e.p2).epsilon(1e-12));
  CHECK(value("dco") == Approx(-std::log(1 - std::pow(1 - e.p0, 4))).epsilon(1e-12));   // N = 4
}

TEST_CASE("hand-computed values of the noise-robust losses") {
  const Example e;
  CHECK(value("gce") == Approx((1 - std::pow(e.p0, 0.7)) / 0.7).epsilon(1e-12));  // q = 0.7
  // Truncated GCE, k = 0.5: p₀ = 0.705 > k is the GCE value; for label 1, p₁ = 0.259 ≤ k gives the
  // constant (1 − 0.5^0.7)/0.7 and no gradient.
  CHECK(value("tgce") == Approx((1 - std::pow(e.p0, 0.7)) / 0.7).epsilon(1e-12));
  MatD grad;
  CHECK(value("tgce", {}, 1, &grad) == Approx((1 - std::pow(0.5, 0.7)) / 0.7).epsilon(1e-12));
  CHECK(grad.cwiseAbs().maxCoeff() == 0);
  CHECK(value("rce") == Approx(4 * (1 - e.p0)).epsilon(1e-12));                         // A = −4
  CHECK(value("sce") == Approx(0.1 * -std::log(e.p0) + 4 * (1 - e.p0)).epsilon(1e-12));  // α 0.1, β 1
  CHECK(value("mae") == Approx(2 * (1 - e.p0)).epsilon(1e-12));
  const double nce = std::log(e.p0) / (std::log(e.p0) + std::log(e.p1) + std::log(e.p2));  // 0.349012/5.047037
  CHECK(nce == Approx(0.069152).epsilon(1e-5));
  CHECK(value("nce") == Approx(nce).epsilon(1e-12));
  CHECK(value("nce_rce") == Approx(nce + 4 * (1 - e.p0)).epsilon(1e-12));
  CHECK(value("nce_mae") == Approx(nce + 2 * (1 - e.p0)).epsilon(1e-12));
}

TEST_CASE("hand-computed values of the comp-sum family") {
  const Example e;
  // τ = 0: the sum-exponential loss u = Σ_{k≠y} exp(z_k − z_y) = e⁻¹ + e⁻³ = 0.417669
  CHECK(value("comp_sum", {{"tau", 0}}) == Approx(std::exp(-1.0) + std::exp(-3.0)).epsilon(1e-12));
  // τ = 0.5: (p^(−½) − 1)/½
  CHECK(value("comp_sum", {{"tau", 0.5}}) == Approx((1 / std::sqrt(e.p0) - 1) / 0.5).epsilon(1e-12));
  // τ = 3: (1 − p⁻²... ) = (p^{2} − 1)/(−2) = (1 − p²)/2
  CHECK(value("comp_sum", {{"tau", 3}}) == Approx((1 - e.p0 * e.p0) / 2).epsilon(1e-12));
}

TEST_CASE("brier gradient matches its closed form") {
  // ∂ℓ/∂z_j = p_j (g_j − Σ_k p_k g_k), g = 2(p − e_y)
  const Example e;
  MatD grad;
  value("brier", {}, 0, &grad);
  const double g0 = 2 * (e.p0 - 1), g1 = 2 * e.p1, g2 = 2 * e.p2;
  const double mean = e.p0 * g0 + e.p1 * g1 + e.p2 * g2;
  CHECK(grad(0, 0) == Approx(e.p0 * (g0 - mean)).epsilon(1e-12));
  CHECK(grad(1, 0) == Approx(e.p1 * (g1 - mean)).epsilon(1e-12));
  CHECK(grad(2, 0) == Approx(e.p2 * (g2 - mean)).epsilon(1e-12));
}
