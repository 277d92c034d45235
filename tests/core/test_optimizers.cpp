// Optimizers against their update rules unrolled by hand over two steps, the decoupled weight decay they
// share, and a quadratic each must minimise.
#include <catch2/catch.hpp>

#include <cmath>

#include "optim/optimizer.hpp"

using namespace losslab;

namespace {

// Two steps of `kind` on one coordinate from θ = 1 with gradients g1, g2; returns θ after each.
std::pair<float, float> two_steps(OptimizerKind kind, const OptimizerSettings& s, float g1, float g2) {
  auto opt = make_optimizer(kind, 1);
  Vec theta(1), g(1);
  theta << 1.0f;
  g << g1;
  opt->step(theta, g, s);
  const float after_first = theta[0];
  g << g2;
  opt->step(theta, g, s);
  return {after_first, theta[0]};
}

OptimizerSettings sgd_settings() {
  OptimizerSettings s;
  s.lr = 0.1f;
  s.momentum = 0.5f;
  return s;
}

}  // namespace

TEST_CASE("plain SGD steps theta -= lr g and ignores momentum") {
  const auto [first, second] = two_steps(OptimizerKind::sgd, sgd_settings(), 2.0f, 1.0f);
  CHECK(first == Approx(0.8f));   // 1 − 0.1·2
  CHECK(second == Approx(0.7f));  // 0.8 − 0.1·1 (no memory of the first gradient)
}

TEST_CASE("heavy-ball momentum follows v = mu v + g and theta -= lr v") {
  const auto [first, second] = two_steps(OptimizerKind::momentum, sgd_settings(), 2.0f, 1.0f);
  CHECK(first == Approx(0.8f));   // v = 2,             θ = 1 − 0.1·2
  CHECK(second == Approx(0.6f));  // v = 0.5·2 + 1 = 2, θ = 0.8 − 0.1·2
}

TEST_CASE("Nesterov momentum follows v = mu v + g and theta -= lr (g + mu v)") {
  const auto [first, second] = two_steps(OptimizerKind::nesterov, sgd_settings(), 2.0f, 1.0f);
  CHECK(first == Approx(0.7f));   // v = 2,             θ = 1 − 0.1·(2 + 0.5·2)
  CHECK(second == Approx(0.5f));  // v = 0.5·2 + 1 = 2, θ = 0.7 − 0.1·(1 + 0.5·2)
}

TEST_CASE("Nesterov and heavy-ball momentum take different steps from the same gradients") {
  const auto heavy = two_steps(OptimizerKind::momentum, sgd_settings(), 2.0f, 1.0f);
  const auto nesterov = two_steps(OptimizerKind::nesterov, sgd_settings(), 2.0f, 1.0f);
  CHECK(std::abs(heavy.first - nesterov.first) > 0.05f);
  CHECK(std::abs(heavy.second - nesterov.second) > 0.05f);
  // With μ = 0 both are plain SGD.
  OptimizerSettings s = sgd_settings();
  s.momentum = 0.0f;
  const auto plain = two_steps(OptimizerKind::sgd, s, 2.0f, 1.0f);
  CHECK(two_steps(OptimizerKind::momentum, s, 2.0f, 1.0f).second == Approx(plain.second));
  CHECK(two_steps(OptimizerKind::nesterov, s, 2.0f, 1.0f).second == Approx(plain.second));
}

TEST_CASE("Adam's bias-corrected steps match the formula") {
  auto opt = make_optimizer(OptimizerKind::adam, 2);
  OptimizerSettings s;
  s.lr = 0.01f;
  Vec theta = Vec::Zero(2), g(2);
  g << 3.0f, -0.001f;
  opt->step(theta, g, s);  // first step: m̂ = g, v̂ = g² ⇒ Δ = −η·g/(|g| + ε) ≈ −η·sign(g)
  CHECK(theta[0] == Approx(-0.01f).epsilon(1e-5));
  CHECK(theta[1] == Approx(0.01f).epsilon(1e-4));
  Vec g2(2);
  g2 << 1.0f, 1.0f;
  opt->step(theta, g2, s);
  // second step by hand, coordinate 0
  const double m = 0.9 * (0.1 * 3.0) + 0.1 * 1.0, v = 0.999 * (0.001 * 9.0) + 0.001 * 1.0;
  const double mhat = m / (1 - 0.81), vhat = v / (1 - 0.999 * 0.999);
  CHECK(theta[0] == Approx(-0.01 - 0.01 * mhat / (std::sqrt(vhat) + 1e-8)).epsilon(1e-4));
}

TEST_CASE("AdamW shrinks theta by 1 - lr lambda before the Adam step and equals adam with weight decay") {
  OptimizerSettings s;
  s.lr = 0.01f;
  s.weight_decay = 0.5f;
  const auto adamw = two_steps(OptimizerKind::adamw, s, 3.0f, 1.0f);
  const auto adam = two_steps(OptimizerKind::adam, s, 3.0f, 1.0f);
  CHECK(adamw.first == adam.first);
  CHECK(adamw.second == adam.second);
  // By hand: θ₁ = 1·(1 − 0.005) − 0.01·3/(3 + ε);  θ₂ = θ₁·(1 − 0.005) − 0.01·m̂/(√v̂ + ε).
  const double shrink = 1.0 - 0.01 * 0.5;
  const double theta1 = shrink - 0.01 * 3.0 / (3.0 + 1e-8);
  CHECK(adamw.first == Approx(theta1).epsilon(1e-6));
  const double m = 0.9 * (0.1 * 3.0) + 0.1 * 1.0, v = 0.999 * (0.001 * 9.0) + 0.001 * 1.0;
  const double mhat = m / (1 - 0.81), vhat = v / (1 - 0.999 * 0.999);
  CHECK(adamw.second == Approx(theta1 * shrink - 0.01 * mhat / (std::sqrt(vhat) + 1e-8)).epsilon(1e-6));
}

TEST_CASE("decoupled weight decay with a zero gradient shrinks theta by 1 - lr lambda per step") {
  for (const auto& info : optimizer_registry()) {
    CAPTURE(info.name);
    auto opt = make_optimizer(info.kind, 3);
    OptimizerSettings s;
    s.lr = 0.05f;
    s.weight_decay = 0.2f;  // factor 0.99 per step
    Vec theta(3);
    theta << 2.0f, -3.0f, 0.5f;
    const Vec theta0 = theta, zero = Vec::Zero(3);
    for (int t = 1; t <= 5; ++t) {
      opt->step(theta, zero, s);  // momentum buffers stay 0; Adam's m = 0 ⇒ its step is 0/(0 + ε) = 0
      const double factor = std::pow(1.0 - 0.05 * 0.2, t);
      for (int i = 0; i < 3; ++i) CHECK(theta[i] == Approx(theta0[i] * factor).epsilon(1e-6));
    }
  }
}

TEST_CASE("every optimizer minimises a quadratic") {
  for (const auto& info : optimizer_registry()) {
    CAPTURE(info.name);
    auto opt = make_optimizer(info.kind, 3);
    OptimizerSettings s;
    s.lr = 0.05f;
    Vec theta(3), target(3);
    theta << 2.0f, -3.0f, 1.0f;
    target << 0.5f, 0.25f, -1.0f;
    for (int i = 0; i < 2000; ++i) {
      const Vec g = theta - target;  // ∇ ½‖θ − t‖²
      opt->step(theta, g, s);
    }
    CHECK((theta - target).norm() < 1e-2f);
  }
}

TEST_CASE("the optimizer registry has one row per kind and names round-trip") {
  const auto table = optimizer_registry();
  REQUIRE(table.size() == 5);
  for (size_t i = 0; i < table.size(); ++i) {
    CHECK(static_cast<size_t>(table[i].kind) == i);
    CHECK(optimizer_from_name(table[i].name) == table[i].kind);
    CHECK(optimizer_name(table[i].kind) == table[i].name);
    CHECK(make_optimizer(table[i].kind, 2) != nullptr);
  }
  CHECK(optimizer_name(OptimizerKind::adamw) == "adamw");
  CHECK(optimizer_from_name("rmsprop") == std::nullopt);
}
