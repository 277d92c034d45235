// Regularizers on the parameter and gradient vectors, the Gamma/Beta samplers, and the MLP's training
// noise (dropout, hidden Gaussian noise, DropConnect). Random checks use fixed seeds and tolerances of
// about five standard errors, so they pass for any correct implementation, not only for these seeds.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "nn/dropconnect.hpp"
#include "nn/mlp.hpp"
#include "optim/optimizer.hpp"
#include "optim/regularizers.hpp"
#include "util/random_distributions.hpp"

using namespace losslab;

namespace {

struct Moments {
  double mean = 0, var = 0, m4 = 0;  // mean, variance, fourth central moment
  size_t n = 0;
  // Standard errors of the sample mean and variance.
  double mean_se() const { return std::sqrt(var / static_cast<double>(n)); }
  double var_se() const { return std::sqrt((m4 - var * var) / static_cast<double>(n)); }
};

Moments moments(const std::vector<double>& xs) {
  Moments m;
  m.n = xs.size();
  for (double x : xs) m.mean += x;
  m.mean /= static_cast<double>(m.n);
  for (double x : xs) {
    const double d2 = (x - m.mean) * (x - m.mean);
    m.var += d2;
    m.m4 += d2 * d2;
  }
  m.var /= static_cast<double>(m.n);
  m.m4 /= static_cast<double>(m.n);
  return m;
}

}  // namespace

// ---------------------------------------------------------------- regularizers on flat vectors

TEST_CASE("L2 with a zero loss gradient decays theta geometrically under SGD") {
  auto opt = make_optimizer(OptimizerKind::sgd, 2);
  OptimizerSettings s;
  s.lr = 0.1f;
  const float lambda = 0.5f;  // factor 1 − 0.05 per step
  Vec theta(2);
  theta << 1.5f, -2.0f;
  const Vec theta0 = theta;
  for (int t = 1; t <= 20; ++t) {
    Vec grads = Vec::Zero(2);
    add_l2_gradient(grads, theta, lambda);
    opt->step(theta, grads, s);
    const double factor = std::pow(1.0 - 0.1 * 0.5, t);
    CHECK(theta[0] == Approx(theta0[0] * factor).epsilon(1e-5));
    CHECK(theta[1] == Approx(theta0[1] * factor).epsilon(1e-5));
  }
}

TEST_CASE("L1 adds lambda times the sign of each parameter") {
  Vec theta(4), grads(4);
  theta << 2.0f, -0.001f, 0.0f, 7.0f;
  grads << 1.0f, 1.0f, 1.0f, -1.0f;
  add_l1_gradient(grads, theta, 0.25f);
  CHECK(grads[0] == Approx(1.25f));
  CHECK(grads[1] == Approx(0.75f));
  CHECK(grads[2] == Approx(1.0f));  // sign(0) = 0
  CHECK(grads[3] == Approx(-0.75f));
}

TEST_CASE("gradient clipping keeps the direction and returns the norm before clipping") {
  Vec g(3);
  g << 3.0f, 0.0f, -4.0f;  // norm 5
  const Vec original = g;
  CHECK(clip_gradient_norm(g, 1.0f) == Approx(5.0f));
  CHECK(g.norm() == Approx(1.0f));
  CHECK((g - original / 5.0f).norm() < 1e-6f);

  Vec small = original;
  CHECK(clip_gradient_norm(small, 10.0f) == Approx(5.0f));  // under the limit: untouched
  CHECK(small == original);
  CHECK(clip_gradient_norm(small, 0.0f) == Approx(5.0f));   // off
  CHECK(small == original);
}

TEST_CASE("SGLD adds zero-mean noise of variance 2 lr T") {
  const float lr = 0.01f, temperature = 0.5f;  // variance 0.01
  const Eigen::Index n = 200000;
  Vec theta = Vec::Constant(n, 3.0f);
  Rng rng(11);
  add_langevin_noise(theta, lr, temperature, rng);
  std::vector<double> added(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) added[static_cast<size_t>(i)] = theta[i] - 3.0;
  const Moments m = moments(added);
  CHECK(std::abs(m.mean) < 5 * m.mean_se());
  CHECK(m.var == Approx(2.0 * lr * temperature).margin(5 * m.var_se()));

  // Temperature 0: nothing added and no random number drawn.
  Rng a(5), b(5);
  Vec unchanged = Vec::Ones(10);
  add_langevin_noise(unchanged, lr, 0.0f, a);
  CHECK(unchanged == Vec::Ones(10));
  CHECK(a.next_u64() == b.next_u64());
}

TEST_CASE("Grokfast on a constant gradient gives g times 1 + lambda from the first step") {
  Grokfast filter;
  Vec g(2);
  g << 0.5f, -2.0f;
  for (int step = 0; step < 5; ++step) {
    Vec grads = g;
    filter.apply(grads, 0.98f, 2.0f);
    CHECK(grads[0] == Approx(1.5f));
    CHECK(grads[1] == Approx(-6.0f));
  }
  // The average moves by (1 − α) toward a new gradient.
  Vec zero = Vec::Zero(2);
  filter.apply(zero, 0.9f, 1.0f);
  CHECK(filter.ema()[0] == Approx(0.45f));
  CHECK(zero[0] == Approx(0.45f));
  filter.reset();
  CHECK(filter.ema().size() == 0);
}

// ---------------------------------------------------------------- Gamma and Beta samplers

TEST_CASE("Gamma draws have mean and variance equal to the shape") {
  const float shape = GENERATE(0.3f, 1.0f, 2.5f, 9.0f);
  CAPTURE(shape);
  Rng rng(21);
  std::vector<double> xs(100000);
  for (double& x : xs) {
    x = sample_gamma(rng, shape);
    REQUIRE(x >= 0.0);
  }
  const Moments m = moments(xs);
  CHECK(m.mean == Approx(shape).margin(5 * m.mean_se()));
  CHECK(m.var == Approx(shape).margin(5 * m.var_se()));
}

TEST_CASE("Beta draws have the right mean and variance") {
  const auto [a, b] = GENERATE(std::pair{0.2f, 0.2f}, std::pair{0.05f, 0.05f}, std::pair{1.0f, 1.0f},
                               std::pair{2.0f, 5.0f}, std::pair{0.5f, 3.0f});
  CAPTURE(a, b);
  Rng rng(22);
  std::vector<double> xs(100000);
  for (double& x : xs) {
    x = sample_beta(rng, a, b);
    REQUIRE(x >= 0.0);
    REQUIRE(x <= 1.0);
  }
  const double s = static_cast<double>(a) + b;
  const Moments m = moments(xs);
  CHECK(m.mean == Approx(a / s).margin(5 * m.mean_se()));
  CHECK(m.var == Approx(static_cast<double>(a) * b / (s * s * (s + 1))).margin(5 * m.var_se()));
}

TEST_CASE("the samplers replay identically from the same seed") {
  Rng a(9), b(9);
  for (int i = 0; i < 100; ++i) {
    CHECK(sample_beta(a, 0.2f, 0.2f) == sample_beta(b, 0.2f, 0.2f));
    CHECK(sample_gamma(a, 0.7f) == sample_gamma(b, 0.7f));
  }
}

// ---------------------------------------------------------------- training noise in the MLP

namespace {

struct Net {
  Mlp model;
  Vec params;
  Mat x;
};

Net make_net(std::vector<int> hidden, Activation act = Activation::relu) {
  Net n{Mlp({3, std::move(hidden), 4, act}), {}, {}};
  Rng rng(31);
  n.model.init(n.params, rng);
  n.x.resize(3, 16);
  for (Eigen::Index i = 0; i < n.x.size(); ++i) n.x.data()[i] = rng.normal();
  return n;
}

}  // namespace

TEST_CASE("forward_train without noise equals forward and draws no random numbers") {
  Net n = make_net({8, 6});
  MlpWorkspace eval, train;
  n.model.forward(n.params, n.x, eval);
  Rng rng(4), untouched(4);
  n.model.forward_train(n.params, n.x, MlpNoise{}, rng, train);
  CHECK(train.logits() == eval.logits());
  CHECK(&n.model.features(n.x, train) == &train.a.back());  // no copy was made
  CHECK_FALSE(train.masked);
  CHECK_FALSE(train.noisy);
  CHECK(rng.next_u64() == untouched.next_u64());
}

TEST_CASE("forward after forward_train is the clean evaluation pass again") {
  Net n = make_net({8, 6});
  MlpWorkspace clean, ws;
  n.model.forward(n.params, n.x, clean);
  Rng rng(4);
  n.model.forward_train(n.params, n.x, MlpNoise{0.5f, 0.3f}, rng, ws);
  CHECK(ws.masked);
  CHECK(ws.noisy);
  CHECK(ws.logits() != clean.logits());
  n.model.forward(n.params, n.x, ws);
  CHECK_FALSE(ws.masked);
  CHECK_FALSE(ws.noisy);
  CHECK(ws.logits() == clean.logits());
}

TEST_CASE("dropout keeps the expected activation and drops a fraction p") {
  const float p = 0.3f;
  Net n = make_net({32});  // one hidden layer: the features are its dropped activations
  MlpWorkspace clean, ws;
  n.model.forward(n.params, n.x, clean);
  const Mat& a = clean.a[0];
  Rng rng(8);
  const int draws = 4000;
  Mat sum = Mat::Zero(a.rows(), a.cols());
  double zeros = 0;
  for (int d = 0; d < draws; ++d) {
    n.model.forward_train(n.params, n.x, MlpNoise{p, 0.0f}, rng, ws);
    REQUIRE(ws.a[0] == a);  // f(z) itself is left unmodified
    sum += n.model.features(n.x, ws);
    zeros += static_cast<double>((ws.mask[0].array() == 0.0f).count());
  }
  const double fraction = zeros / (static_cast<double>(draws) * static_cast<double>(a.size()));
  CHECK(fraction == Approx(p).margin(0.005));  // σ ≈ √(0.21/2·10⁶) ≈ 3·10⁻⁴
  // Each unit's mean over draws: σ = a·√(p/(1−p)/draws) ≈ 0.01·a.
  const Mat mean = sum / static_cast<float>(draws);
  for (Eigen::Index i = 0; i < a.size(); ++i)
    CHECK(mean.data()[i] == Approx(a.data()[i]).margin(0.05 * std::abs(a.data()[i]) + 1e-6));
  // The kept units are scaled by 1/(1−p), the others are 0.
  for (Eigen::Index i = 0; i < ws.mask[0].size(); ++i) {
    const float m = ws.mask[0].data()[i];
    CHECK((m == 0.0f || m == Approx(1.0f / (1.0f - p))));
  }
}

TEST_CASE("hidden noise adds Gaussian noise of the stated variance to every hidden layer") {
  const float sigma = 0.4f;
  Net n = make_net({64, 64}, Activation::tanh);
  MlpWorkspace ws;
  Rng rng(12);
  std::vector<std::vector<double>> added(2);
  for (int d = 0; d < 50; ++d) {
    n.model.forward_train(n.params, n.x, MlpNoise{0.0f, sigma}, rng, ws);
    CHECK_FALSE(ws.masked);
    for (size_t l = 0; l < 2; ++l)
      for (Eigen::Index i = 0; i < ws.a[l].size(); ++i)
        added[l].push_back(static_cast<double>(ws.h[l].data()[i]) - ws.a[l].data()[i]);
  }
  for (size_t l = 0; l < 2; ++l) {
    CAPTURE(l);
    const Moments m = moments(added[l]);
    CHECK(std::abs(m.mean) < 5 * m.mean_se());
    CHECK(m.var == Approx(sigma * sigma).margin(5 * m.var_se()));
  }
}

TEST_CASE("DropConnect masks weights with the right rate and leaves biases alone") {
  const float rate = 0.25f;
  Mlp model({2, {64, 64}, 3, Activation::relu});
  Rng rng(17);
  Vec scale;
  double zeros = 0, sum = 0, weights = 0;
  for (int draw = 0; draw < 20; ++draw) {
    dropconnect_mask(model, rate, rng, scale);
    REQUIRE(scale.size() == model.num_params());
    for (int l = 0; l < model.num_layers(); ++l) {
      CHECK(model.bias(scale, l) == Vec::Ones(model.layer_outputs(l)));
      const auto w = model.weight(scale, l);
      zeros += static_cast<double>((w.array() == 0.0f).count());
      sum += w.cast<double>().sum();
      weights += static_cast<double>(w.size());
      for (Eigen::Index i = 0; i < w.size(); ++i)
        CHECK((w.data()[i] == 0.0f || w.data()[i] == Approx(1.0f / (1.0f - rate))));
    }
  }
  // 20 draws of 4416 weights: σ(fraction) ≈ 1.5·10⁻³, σ(mean scale) ≈ 2.7·10⁻³.
  CHECK(zeros / weights == Approx(rate).margin(0.01));
  CHECK(sum / weights == Approx(1.0).margin(0.015));

  Rng a(3), b(3);
  dropconnect_mask(model, 0.0f, a, scale);  // off: all ones, no draws
  CHECK(scale == Vec::Ones(model.num_params()));
  CHECK(a.next_u64() == b.next_u64());
}
