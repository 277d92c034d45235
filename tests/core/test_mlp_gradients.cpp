// MLP backward pass against central finite differences of the mean cross-entropy, for every parameter.
//
// The model computes in float32. With step h = 1e-2 the truncation error is O(h²)·|ℓ'''| ≈ 1e-4 and the
// rounding error of a float32 loss (relative 1e-7, summed in double) divided by 2h is ≈ 1e-5, so an
// absolute tolerance of 2e-3 plus 2 % of the gradient separates a right backward pass from a wrong one
// (a wrong transpose or a missing activation derivative gives errors of order the gradient itself).
// ReLU is not differentiable at 0: coordinates whose ±h perturbation flips a ReLU are skipped.
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

#include "loss/cross_entropy.hpp"
#include "nn/mlp.hpp"

using namespace losslab;

namespace {

struct Problem {
  Mlp model;
  Vec params;
  Mat x;
  std::vector<int32_t> y;
};

Problem make_problem(Activation act, uint64_t seed) {
  Problem p{Mlp({3, {6, 5}, 4, act}), {}, {}, {}};
  Rng rng(seed);
  p.model.init(p.params, rng);
  p.params *= 3.0f;  // larger weights: bigger, less uniform gradients than at initialisation
  p.x.resize(3, 8);
  for (Eigen::Index i = 0; i < p.x.size(); ++i) p.x.data()[i] = rng.normal();
  for (int i = 0; i < 8; ++i) p.y.push_back(static_cast<int32_t>(rng.below(4)));
  return p;
}

double mean_loss(const Problem& p, const Vec& params, MlpWorkspace& ws) {
  p.model.forward(params, p.x, ws);
  Vec loss;
  cross_entropy(ws.logits(), p.y, loss, nullptr);
  return loss.cast<double>().mean();
}

// Sign pattern of every hidden pre-activation: equal patterns ⇒ no ReLU kink was crossed.
std::vector<bool> relu_pattern(const Problem& p, const Vec& params, MlpWorkspace& ws) {
  p.model.forward(params, p.x, ws);
  std::vector<bool> pattern;
  for (size_t l = 0; l + 1 < ws.z.size(); ++l)
    for (Eigen::Index i = 0; i < ws.z[l].size(); ++i) pattern.push_back(ws.z[l].data()[i] > 0);
  return pattern;
}

}  // namespace

TEST_CASE("MLP gradients match central finite differences") {
  const auto act = GENERATE(Activation::relu, Activation::tanh, Activation::gelu);
  const uint64_t seed = GENERATE(1u, 2u);
  CAPTURE(activation_name(act), seed);
  Problem p = make_problem(act, seed);

  MlpWorkspace ws;
  p.model.forward(p.params, p.x, ws);
  Vec loss;
  Mat dlogits;
  cross_entropy(ws.logits(), p.y, loss, &dlogits);
  dlogits /= static_cast<float>(p.x.cols());
  Vec grads;
  p.model.backward(p.params, p.x, dlogits, ws, grads);
  REQUIRE(grads.size() == p.model.num_params());

  const float h = 1e-2f;
  const auto base_pattern = relu_pattern(p, p.params, ws);
  double worst = 0;
  int checked = 0;
  for (Eigen::Index k = 0; k < p.params.size(); ++k) {
    Vec plus = p.params, minus = p.params;
    plus[k] += h;
    minus[k] -= h;
    if (act == Activation::relu &&
        (relu_pattern(p, plus, ws) != base_pattern || relu_pattern(p, minus, ws) != base_pattern))
      continue;
    const double fd = (mean_loss(p, plus, ws) - mean_loss(p, minus, ws)) / (2.0 * h);
    const double err = std::abs(fd - grads[k]);
    worst = std::max(worst, err);
    ++checked;
    INFO("parameter " << k << ": finite difference " << fd << ", backward " << grads[k]);
    CHECK(err <= 2e-3 + 0.02 * std::abs(fd));
  }
  std::cout << "MLP " << activation_name(act) << " seed " << seed << ": " << checked << "/" << p.params.size()
            << " parameters checked, largest |fd - backward| = " << worst << "\n";
  CHECK(checked >= p.params.size() * 8 / 10);
}

TEST_CASE("MLP parameter layout: layer views tile the flat vector") {
  Mlp model({2, {64, 64}, 3, Activation::relu});
  CHECK(model.num_params() == (2 * 64 + 64) + (64 * 64 + 64) + (64 * 3 + 3));
  Vec params = Vec::Zero(model.num_params());
  model.bias(params, 2).setConstant(1.0f);
  model.weight(params, 0).setConstant(2.0f);
  CHECK(params.sum() == Approx(3 * 1.0 + 128 * 2.0));
  CHECK(params[model.num_params() - 1] == 1.0f);
  CHECK(params[0] == 2.0f);
}
