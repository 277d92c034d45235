// MLP backward pass against central finite differences of the mean cross-entropy, for every parameter
// and every input coordinate, in the evaluation pass and in the training pass with dropout and noise.
//
// The model computes in float32. With step h = 1e-2 the truncation error is O(h²)·|ℓ'''| ≈ 1e-4 and the
// rounding error of a float32 loss (relative 1e-7, summed in double) divided by 2h is ≈ 1e-5, so an
// absolute tolerance of 2e-3 plus 2 % of the gradient separates a right backward pass from a wrong one
// (a wrong transpose or a missing activation derivative gives errors of order the gradient itself).
// ReLU is not differentiable at 0: coordinates whose ±h perturbation flips a ReLU are skipped.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <vector>

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

// Fixed seed of the training noise: every forward_train below starts a fresh Rng from it, so the
// dropout masks and the Gaussian noise repeat exactly between the ±h evaluations (they depend on the
// draws only, not on the parameters or inputs), and the finite difference sees the same function
// of θ and x that backward() differentiated.
constexpr uint64_t kNoiseSeed = 77;

void run_forward(const Problem& p, const Vec& params, const Mat& x, const MlpNoise* noise, MlpWorkspace& ws) {
  if (noise) {
    Rng rng(kNoiseSeed);
    p.model.forward_train(params, x, *noise, rng, ws);
  } else {
    p.model.forward(params, x, ws);
  }
}

double mean_loss(const Problem& p, const Vec& params, const Mat& x, const MlpNoise* noise, MlpWorkspace& ws) {
  run_forward(p, params, x, noise, ws);
  Vec loss;
  cross_entropy(ws.logits(), p.y, loss, nullptr);
  return loss.cast<double>().mean();
}

// Sign pattern of every hidden pre-activation: equal patterns ⇒ no ReLU kink was crossed.
std::vector<bool> relu_pattern(const Problem& p, const Vec& params, const Mat& x, const MlpNoise* noise,
                               MlpWorkspace& ws) {
  run_forward(p, params, x, noise, ws);
  std::vector<bool> pattern;
  for (size_t l = 0; l + 1 < ws.z.size(); ++l)
    for (Eigen::Index i = 0; i < ws.z[l].size(); ++i) pattern.push_back(ws.z[l].data()[i] > 0);
  return pattern;
}

// Checks d loss / d params (wrt_x false) or d loss / d x (wrt_x true) from backward() against central
// differences, coordinate by coordinate; returns how many coordinates were checked.
int check_gradients(const Problem& p, Activation act, const MlpNoise* noise, bool wrt_x, const char* label,
                    uint64_t seed) {
  MlpWorkspace ws;
  run_forward(p, p.params, p.x, noise, ws);
  Vec loss;
  Mat dlogits;
  cross_entropy(ws.logits(), p.y, loss, &dlogits);
  dlogits /= static_cast<float>(p.x.cols());
  Vec grads;
  Mat dx;
  p.model.backward(p.params, p.x, dlogits, ws, grads, wrt_x ? &dx : nullptr);
  REQUIRE(grads.size() == p.model.num_params());
  if (wrt_x) REQUIRE((dx.rows() == p.x.rows() && dx.cols() == p.x.cols()));
  const float* analytic = wrt_x ? dx.data() : grads.data();
  const Eigen::Index n = wrt_x ? p.x.size() : p.params.size();

  const float h = 1e-2f;
  const auto base_pattern = relu_pattern(p, p.params, p.x, noise, ws);
  double worst = 0;
  int checked = 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    Vec plus = p.params, minus = p.params;
    Mat x_plus = p.x, x_minus = p.x;
    if (wrt_x) {
      x_plus.data()[k] += h;
      x_minus.data()[k] -= h;
    } else {
      plus[k] += h;
      minus[k] -= h;
    }
    if (act == Activation::relu && (relu_pattern(p, plus, x_plus, noise, ws) != base_pattern ||
                                    relu_pattern(p, minus, x_minus, noise, ws) != base_pattern))
      continue;
    const double fd = (mean_loss(p, plus, x_plus, noise, ws) - mean_loss(p, minus, x_minus, noise, ws)) / (2.0 * h);
    const double err = std::abs(fd - analytic[k]);
    worst = std::max(worst, err);
    ++checked;
    INFO((wrt_x ? "input " : "parameter ") << k << ": finite difference " << fd << ", backward " << analytic[k]);
    CHECK(err <= 2e-3 + 0.02 * std::abs(fd));
  }
  std::cout << "MLP " << label << " " << activation_name(act) << " seed " << seed << ": " << checked << "/" << n
            << (wrt_x ? " inputs" : " parameters") << " checked, largest |fd - backward| = " << worst << "\n";
  CHECK(checked >= n * 8 / 10);
  return checked;
}

}  // namespace

TEST_CASE("MLP gradients match central finite differences") {
  const auto act = GENERATE(Activation::relu, Activation::tanh, Activation::gelu);
  const uint64_t seed = GENERATE(1u, 2u);
  CAPTURE(activation_name(act), seed);
  const Problem p = make_problem(act, seed);
  check_gradients(p, act, nullptr, false, "eval", seed);
}

TEST_CASE("MLP gradients in training mode with dropout and hidden noise match finite differences") {
  const auto act = GENERATE(Activation::relu, Activation::tanh, Activation::gelu);
  const MlpNoise noise = GENERATE(MlpNoise{0.3f, 0.0f}, MlpNoise{0.0f, 0.5f}, MlpNoise{0.3f, 0.5f});
  CAPTURE(activation_name(act), noise.dropout, noise.hidden_noise);
  const Problem p = make_problem(act, 3);
  {
    // The masks really are in use: some hidden unit was dropped.
    MlpWorkspace ws;
    run_forward(p, p.params, p.x, &noise, ws);
    if (noise.dropout > 0) CHECK((ws.mask[0].array() == 0.0f).count() > 0);
  }
  check_gradients(p, act, &noise, false, "train", 3);
}

TEST_CASE("MLP input gradient dx matches central finite differences") {
  const auto act = GENERATE(Activation::relu, Activation::tanh, Activation::gelu);
  const bool with_noise = GENERATE(false, true);
  CAPTURE(activation_name(act), with_noise);
  const Problem p = make_problem(act, 4);
  const MlpNoise noise{0.25f, 0.3f};
  check_gradients(p, act, with_noise ? &noise : nullptr, true, with_noise ? "train dx" : "eval dx", 4);
}

TEST_CASE("MLP input gradient of a model with no hidden layer is W transposed times dlogits") {
  Mlp model({3, {}, 2, Activation::relu});
  Vec params;
  Rng rng(6);
  model.init(params, rng);
  Mat x(3, 5), dlogits(2, 5);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < dlogits.size(); ++i) dlogits.data()[i] = rng.normal();
  MlpWorkspace ws;
  model.forward(params, x, ws);
  CHECK(&model.features(x, ws) == &x);
  Vec grads;
  Mat dx;
  model.backward(params, x, dlogits, ws, grads, &dx);
  CHECK((dx - model.weight(params, 0).transpose() * dlogits).norm() < 1e-6f);
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
