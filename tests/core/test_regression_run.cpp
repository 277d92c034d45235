// The Trainer on a regression dataset: every regression loss trains, the clean test error falls, the
// History has the regression series and none of the classifier's, live switches between losses with
// the same outputs apply and those that change the model are refused, and mismatched losses and
// datasets are refused naming the field.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "train/regression_eval.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

RunConfig tiny(std::string_view loss) {
  RunConfig c;
  c.dataset = DatasetKind::heavy_tail_regression;
  c.n_train = 256;
  c.n_test = 256;
  c.noise = 0.1f;
  c.tail_dof = 2.0f;
  c.hidden = {32, 32};
  c.batch_size = 32;
  c.lr = 0.003f;
  c.steps = 400;
  c.eval_every = 50;
  REQUIRE_FALSE(set_field(c, "loss", std::string(loss)));
  return c;
}

RunState run(Trainer& t) {
  while (t.step() == RunState::running) {
  }
  return t.state();
}

bool has_field_error(const RunConfig& c, std::string_view field, std::string_view text) {
  for (const ConfigError& e : validate(c))
    if (e.field == field && e.message.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("every regression loss trains a heavy-tail run and its clean test error falls") {
  for (const LossInfo& loss : loss_registry()) {
    if (loss.task != LossTask::regression) continue;
    INFO(loss.name);
    const RunConfig c = tiny(loss.name);
    REQUIRE(validate(c).empty());
    Trainer t(c);
    CHECK(t.model().shape().outputs == loss_outputs(loss, c.loss_params, 1));
    CHECK(run(t) == RunState::finished);
    const History& h = t.history();
    for (const char* name :
         {"train_loss", "test_loss", "train_mse", "train_clean_mse", "test_mse", "lr", "weight_norm"})
      CHECK(h.find(name));
    for (const char* name : {"train_acc", "test_acc", "test_ece", "nc1"}) CHECK_FALSE(h.find(name));
    const Series& mse = *h.find("test_mse");
    INFO("clean test MSE " << mse.value.front() << " -> " << mse.value.back());
    CHECK(mse.value.back() < 0.5 * mse.value.front());
    CHECK(std::isfinite(h.last("test_loss")));
  }
}

TEST_CASE("a scalar head predicts its output and binned heads the mean of their bin centres") {
  Mat outputs(3, 2);
  outputs << 0, 5, 0, 5, 0, 5;  // uniform over three bins
  std::vector<double> v;
  const LossInfo& two_hot = *find_loss("two_hot");
  LossParams p = default_loss_params(two_hot);  // bins over [-1, 1]
  predicted_values(two_hot, p, outputs, v);
  CHECK(v[0] == Approx(0).margin(1e-12));
  outputs.col(1) << 20, 0, 0;  // all mass on the first bin, centre -1 + 1/3
  predicted_values(two_hot, p, outputs, v);
  CHECK(v[1] == Approx(-2.0 / 3).epsilon(1e-6));
  Mat scalar(1, 2);
  scalar << 0.25f, -3;
  predicted_values(*find_loss("mse"), {}, scalar, v);
  CHECK(v[0] == 0.25);
  CHECK(v[1] == -3);
}

TEST_CASE("a regression run replays bit for bit with mixup and input noise on") {
  RunConfig c = tiny("hl_gauss");
  c.steps = 60;
  c.mixup = 0.4f;
  c.input_noise = 0.05f;
  Trainer a(c), b(c);
  run(a);
  run(b);
  CHECK(a.history() == b.history());
  CHECK(std::isfinite(a.history().last("test_mse")));
}

TEST_CASE("live switches between regression losses apply when the outputs match and restart otherwise") {
  const RunConfig c = tiny("hl_gauss");
  Trainer t(c);
  for (int i = 0; i < 10; ++i) t.step();
  RunConfig two_hot = c;
  REQUIRE_FALSE(set_field(two_hot, "loss", "two_hot"));  // 51 bins too
  REQUIRE(t.apply_live(two_hot));
  RunConfig wider = two_hot;
  REQUIRE_FALSE(set_field(wider, "loss.v_max", 1.5));
  CHECK(t.apply_live(wider));
  RunConfig mse = wider;
  REQUIRE_FALSE(set_field(mse, "loss", "mse"));  // one output
  CHECK_FALSE(t.apply_live(mse));
  RunConfig more_bins = wider;
  REQUIRE_FALSE(set_field(more_bins, "loss.bins", 101));
  CHECK_FALSE(t.apply_live(more_bins));
  CHECK(t.config() == wider);
  t.step();
  CHECK(t.state() == RunState::running);
}

TEST_CASE("mismatched losses and datasets are refused naming the field and the allowed values") {
  RunConfig classification_loss = tiny("hl_gauss");
  REQUIRE_FALSE(set_field(classification_loss, "loss", "ce"));
  CHECK(has_field_error(classification_loss, "loss", "allowed: mse, two_hot, hl_gauss"));

  RunConfig regression_loss;  // spirals
  REQUIRE_FALSE(set_field(regression_loss, "loss", "mse"));
  CHECK(has_field_error(regression_loss, "loss", "regression dataset (dataset: heavy_tail_regression)"));

  RunConfig noisy_labels = tiny("mse");
  REQUIRE_FALSE(set_field(noisy_labels, "label_noise", "symmetric"));
  const auto errors = validate(noisy_labels);
  REQUIRE(errors.size() == 1);  // one message, not also the classifier's "needs 2 classes"
  CHECK(errors[0].field == "label_noise");
  CHECK_THAT(errors[0].message, Catch::Contains("allowed: none"));

  RunConfig stopping = tiny("two_hot");
  REQUIRE_FALSE(set_field(stopping, "early_stopping", 5));
  CHECK(has_field_error(stopping, "early_stopping", "allowed: 0"));
}
