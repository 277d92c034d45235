// Softmax cross-entropy against values worked out by hand, and its stability at extreme logits.
#include <catch2/catch.hpp>

#include <cmath>

#include "loss/cross_entropy.hpp"
#include "loss/loss.hpp"
#include "util/rng.hpp"

using namespace losslab;

TEST_CASE("cross-entropy matches hand-computed values") {
  Mat logits(3, 2);
  logits.col(0) << 1.0f, 2.0f, 3.0f;
  logits.col(1) << 0.0f, 0.0f, 0.0f;
  const std::vector<int32_t> labels{2, 0};
  Vec loss;
  Mat grad;
  cross_entropy(logits, labels, loss, &grad);

  // ℓ = log(e¹ + e² + e³) − 3;  softmax = e^z / Σ
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  CHECK(loss[0] == Approx(std::log(z) - 3.0).epsilon(1e-6));
  CHECK(grad(0, 0) == Approx(std::exp(1.0) / z).epsilon(1e-6));
  CHECK(grad(1, 0) == Approx(std::exp(2.0) / z).epsilon(1e-6));
  CHECK(grad(2, 0) == Approx(std::exp(3.0) / z - 1.0).epsilon(1e-6));
  // Uniform logits: ℓ = log K, gradient (1/K − [k = y]).
  CHECK(loss[1] == Approx(std::log(3.0)).epsilon(1e-6));
  CHECK(grad(0, 1) == Approx(1.0 / 3.0 - 1.0).epsilon(1e-6));
  CHECK(grad(1, 1) == Approx(1.0 / 3.0).epsilon(1e-6));
}

TEST_CASE("cross-entropy gradient columns sum to zero and the loss is shift-invariant") {
  Mat logits(4, 1);
  logits << 0.3f, -1.2f, 2.5f, 0.7f;
  const std::vector<int32_t> label{1};
  Vec loss, shifted_loss;
  Mat grad, shifted_grad;
  cross_entropy(logits, label, loss, &grad);
  Mat shifted = logits.array() + 50.0f;
  cross_entropy(shifted, label, shifted_loss, &shifted_grad);
  CHECK(grad.sum() == Approx(0.0).margin(1e-6));
  CHECK(shifted_loss[0] == Approx(loss[0]).epsilon(1e-5));
  CHECK((shifted_grad - grad).cwiseAbs().maxCoeff() < 1e-6f);
}

TEST_CASE("cross-entropy stays finite for logits of magnitude 1e4") {
  Mat logits(3, 2);
  logits.col(0) << 1e4f, 0.0f, -1e4f;
  logits.col(1) << 1e4f, 0.0f, -1e4f;
  const std::vector<int32_t> labels{0, 1};
  Vec loss;
  Mat grad;
  cross_entropy(logits, labels, loss, &grad);
  REQUIRE(loss.allFinite());
  REQUIRE(grad.allFinite());
  CHECK(loss[0] == Approx(0.0).margin(1e-6));
  CHECK(loss[1] == Approx(1e4).epsilon(1e-6));
  CHECK(grad(0, 1) == Approx(1.0));
  CHECK(grad(1, 1) == Approx(-1.0));
  CHECK(grad(2, 1) == Approx(0.0).margin(1e-12));
}

TEST_CASE("the float32 cross-entropy fast path agrees with the registry's float64 ce") {
  // The trainer runs the default loss through cross_entropy() for speed; the loss zoo's ce is the
  // reference every other loss is checked against. They must give the same numbers to float rounding.
  Rng rng(3);
  Mat logits(5, 64);
  std::vector<int32_t> labels;
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    for (Eigen::Index j = 0; j < logits.rows(); ++j) logits(j, i) = 4.0f * rng.normal();
    labels.push_back(static_cast<int32_t>(rng.below(5)));
  }
  Vec fast;
  Mat fast_grad;
  cross_entropy(logits, labels, fast, &fast_grad);
  const MatD logits64 = logits.cast<double>();
  LossBatch batch;
  batch.logits = &logits64;
  batch.labels = labels;
  LossResult reference;
  evaluate_loss(*find_loss("ce"), {}, batch, reference);
  CHECK((fast.cast<double>() - reference.loss).cwiseAbs().maxCoeff() < 1e-5);
  CHECK((fast_grad.cast<double>() - reference.dlogits).cwiseAbs().maxCoeff() < 1e-6);
}
