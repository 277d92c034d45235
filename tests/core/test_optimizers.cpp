// Optimizers against their update rules worked out by hand, and on a quadratic they must minimise.
#include <catch2/catch.hpp>

#include <cmath>

#include "optim/optimizer.hpp"

using namespace losslab;

TEST_CASE("SGD with momentum follows v = mu v + g and theta -= lr v") {
  auto opt = make_optimizer(OptimizerKind::sgd, 1);
  OptimizerSettings s;
  s.lr = 0.1f;
  s.momentum = 0.5f;
  Vec theta(1), g(1);
  theta << 1.0f;
  g << 2.0f;
  opt->step(theta, g, s);  // v = 2,   θ = 1 − 0.2 = 0.8
  CHECK(theta[0] == Approx(0.8f));
  opt->step(theta, g, s);  // v = 3,   θ = 0.8 − 0.3 = 0.5
  CHECK(theta[0] == Approx(0.5f));
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
    CHECK(optimizer_from_name(info.name) == info.kind);
  }
}
