// The MLP's options for Xu et al.'s network (no bias, a fixed-sign output layer, a small initial scale),
// and the parameters they freeze: initialised as named, excluded from training by every optimizer and
// regularizer, and, with two classes, a cross-entropy that is exactly the logistic loss of one output.
#include <catch2/catch.hpp>

#include <cmath>

#include "loss/cross_entropy.hpp"
#include "nn/frozen_params.hpp"
#include "nn/mlp.hpp"
#include "train/presets.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

MlpShape xu_shape(int inputs, int width, float init_scale) {
  return {inputs, {width}, 2, Activation::relu, false, OutputLayer::fixed_signs, init_scale};
}

RunConfig xu_config(OptimizerKind optimizer) {
  RunConfig c;
  c.dataset = DatasetKind::xor_clusters;
  c.dimension = 20;
  c.mean_norm = 3;
  c.noise = 1;
  c.n_train = 64;
  c.n_test = 32;
  c.n_calib = 0;
  c.hidden = {16};
  c.bias = false;
  c.output_layer = OutputLayer::fixed_signs;
  c.init_scale = 0.01f;
  c.optimizer = optimizer;
  c.batch_size = 16;
  c.steps = 20;
  c.eval_every = 10;
  return c;
}

}  // namespace

TEST_CASE("mlp options: no bias, fixed signs and init_scale set what they name, and freeze it") {
  const Mlp model(xu_shape(50, 400, 1e-3f));
  Vec params;
  Rng rng(1);
  model.init(params, rng);
  CHECK(model.bias(params, 0).isZero());
  CHECK(model.bias(params, 1).isZero());
  const auto out = model.weight(params, 1);
  CHECK(out.row(0).isZero());
  const float a = 1 / std::sqrt(400.0f);
  CHECK((out.row(1).array().abs() == a).all());
  const auto positive = (out.row(1).array() > 0).count();
  CHECK(std::abs(positive - 200) < 50);  // fair signs: 200 ± 5 standard deviations
  const auto w = model.weight(params, 0);
  const double spread = std::sqrt(w.squaredNorm() / static_cast<double>(w.size()));
  CHECK(spread == Approx(1e-3).epsilon(0.02));
  // Frozen: layer 0's bias, then the whole output layer.
  const std::vector<ParamRange> frozen = model.frozen_ranges();
  REQUIRE(frozen.size() == 2);
  CHECK(frozen[0].offset == 50 * 400);
  CHECK(frozen[0].size == 400);
  CHECK(frozen[1].offset == 50 * 400 + 400);
  CHECK(frozen[1].offset + frozen[1].size == model.num_params());
}

TEST_CASE("mlp options at their defaults: the default initialisation draw for draw, nothing frozen") {
  const Mlp model(MlpShape{3, {5, 4}, 2, Activation::relu});
  Vec params;
  Rng rng(9), same(9);
  model.init(params, rng);
  for (int l = 0; l < model.num_layers(); ++l) {
    const float bound = 1 / std::sqrt(static_cast<float>(model.layer_inputs(l)));
    const auto w = model.weight(params, l);
    for (Eigen::Index i = 0; i < w.size(); ++i) CHECK(w.data()[i] == same.uniform(-bound, bound));
    const auto b = model.bias(params, l);
    for (Eigen::Index i = 0; i < b.size(); ++i) CHECK(b[i] == same.uniform(-bound, bound));
  }
  CHECK(model.frozen_ranges().empty());
}

TEST_CASE("two classes with a fixed-sign output: cross-entropy is the logistic loss log(1 + exp(-y f))") {
  const Mlp model(xu_shape(6, 32, 0.5f));
  Vec params;
  Rng rng(4);
  model.init(params, rng);
  Mat x(6, 50);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = 3 * rng.normal();
  std::vector<int32_t> labels(50);
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int32_t>(i % 2);
  MlpWorkspace ws;
  model.forward(params, x, ws);
  CHECK(ws.logits().row(0).isZero());
  Vec loss;
  cross_entropy(ws.logits(), labels, loss, nullptr);
  double worst = 0;
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    const double f = ws.logits()(1, i), y = labels[static_cast<size_t>(i)] == 1 ? 1 : -1;
    worst = std::max(worst, std::abs(loss[i] - std::log1p(std::exp(-y * f))));
  }
  INFO("largest difference " << worst);
  CHECK(worst < 1e-6);
}

TEST_CASE("frozen parameters keep their values under every optimizer, weight decay, L2 and Langevin noise") {
  for (const OptimizerKind optimizer :
       {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::nesterov, OptimizerKind::adam,
        OptimizerKind::adamw}) {
    RunConfig c = xu_config(optimizer);
    c.weight_decay = 0.5f;
    c.l2 = 0.1f;
    c.sgld = 1e-4f;
    c.grad_clip = 1;
    CAPTURE(optimizer_name(optimizer));
    REQUIRE(validate(c).empty());
    Trainer t(c);
    const Vec start = t.params();
    while (t.step() == RunState::running) {
    }
    REQUIRE(t.state() == RunState::finished);
    const std::vector<ParamRange> frozen = t.model().frozen_ranges();
    REQUIRE(frozen.size() == 2);
    for (const ParamRange& r : frozen) CHECK(t.params().segment(r.offset, r.size) == start.segment(r.offset, r.size));
    // The first layer did train.
    CHECK((t.model().weight(t.params(), 0) - t.model().weight(start, 0)).norm() > 0);
  }
}

TEST_CASE("FrozenParams zeroes the gradient and restores the values of its ranges only") {
  Vec params = Vec::LinSpaced(10, 1, 10);
  const FrozenParams frozen({{2, 3}, {8, 2}}, params);
  Vec grads = Vec::Ones(10);
  frozen.zero_gradient(grads);
  CHECK(grads.sum() == 5);
  CHECK(grads.segment(2, 3).isZero());
  CHECK(grads.segment(8, 2).isZero());
  params.setZero();
  frozen.restore(params);
  CHECK(params[2] == 3);
  CHECK(params[4] == 5);
  CHECK(params[9] == 10);
  CHECK(params.sum() == 3 + 4 + 5 + 9 + 10);
}

TEST_CASE("the model options are refused where they cannot work, naming the field") {
  RunConfig c = xu_config(OptimizerKind::sgd);
  CHECK(validate(c).empty());
  c.hidden = {};
  auto errors = validate(c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "output_layer");
  CHECK_THAT(errors[0].message, Catch::Contains("hidden layer"));

  RunConfig token = find_preset("token-lm-64k")->config;
  token.vocab = 512;
  token.bias = false;
  errors = validate(token);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "bias");
}
