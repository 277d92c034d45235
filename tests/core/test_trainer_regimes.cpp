// The Trainer with the loss zoo, label noise and regularizers: every loss trains (each gets the inputs it
// needs), every live switch is recorded at its step, label noise touches only the training labels, and
// the same config still gives the same History with every random regularizer on.
#include <catch2/catch.hpp>

#include <cmath>

#include "train/presets.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

RunState run(Trainer& t) {
  while (t.step() == RunState::running) {
  }
  return t.state();
}

RunConfig small() {
  RunConfig c = find_preset("moons")->config;
  c.n_train = 256;
  c.n_test = 256;
  c.hidden = {16, 16};
  c.batch_size = 64;
  c.steps = 60;
  c.eval_every = 20;
  c.teacher_steps = 40;
  return c;
}

bool has_event(const History& h, int64_t step, const std::string& text) {
  for (const Event& e : h.events())
    if (e.step == step && e.text.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("every classification loss trains a run to its end with the inputs it needs") {
  for (const LossInfo& loss : loss_registry()) {
    if (loss.task != LossTask::classification) continue;
    INFO(loss.name);
    RunConfig c = small();
    REQUIRE_FALSE(set_field(c, "loss", std::string(loss.name)));
    REQUIRE(validate(c).empty());
    Trainer t(c);
    CHECK(run(t) == RunState::finished);
    CHECK(t.steps_done() == c.steps);
    CHECK(std::isfinite(t.history().last("test_loss")));
    if (loss.needs & kNeedsTeacher) {
      CHECK(t.teacher_steps_done() == c.teacher_steps);
      CHECK(has_event(t.history(), 0, "teacher trained for 40 steps"));
    }
  }
}

TEST_CASE("a robust loss learns moons") {
  RunConfig c = small();
  c.steps = 600;
  REQUIRE_FALSE(set_field(c, "loss", "gce"));
  Trainer t(c);
  run(t);
  CHECK(t.history().last("test_acc") > 0.9);
}

TEST_CASE("switching the loss and its parameters mid-run is recorded at that step") {
  RunConfig c = small();
  Trainer t(c);
  for (int i = 0; i < 25; ++i) t.step();
  RunConfig next = c;
  REQUIRE_FALSE(set_field(next, "loss", "focal"));
  REQUIRE(t.apply_live(next));
  CHECK(has_event(t.history(), 25, "loss: \"ce\" -> \"focal\""));
  for (int i = 0; i < 5; ++i) t.step();
  RunConfig hotter = next;
  REQUIRE_FALSE(set_field(hotter, "loss.gamma", 4));
  REQUIRE(t.apply_live(hotter));
  CHECK(has_event(t.history(), 30, "loss.gamma: 2.0 -> 4.0"));
  CHECK(run(t) == RunState::finished);
}

TEST_CASE("label noise flips training labels only and reports its realised rate") {
  RunConfig c = small();
  c.label_noise = LabelNoise::symmetric;
  c.noise_rate = 0.4;
  Trainer t(c);
  const NoisyLabels& noisy = t.label_noise();
  CHECK(std::abs(noisy.realised_rate - 0.4) < 4 * std::sqrt(0.4 * 0.6 / 256));
  CHECK(t.data().train.y == noisy.labels);
  size_t differ = 0;
  for (size_t i = 0; i < noisy.labels.size(); ++i) differ += noisy.labels[i] != t.clean_train_labels()[i];
  CHECK(differ == noisy.flipped.size());
  for (int i = 0; i < t.data().test.size(); ++i)  // the toy sets label sample i with class i mod K
    CHECK(t.data().test.y[static_cast<size_t>(i)] == i % 2);
  CHECK(has_event(t.history(), 0, "label noise symmetric"));
  // The flips do not depend on the model's seed.
  RunConfig other = c;
  other.seed = 99;
  other.hidden = {8};
  Trainer u(other);
  CHECK(u.label_noise().flipped.size() > 0);
}

TEST_CASE("changing the label noise mid-run redraws the flips and records it") {
  RunConfig c = small();
  Trainer t(c);
  for (int i = 0; i < 10; ++i) t.step();
  CHECK(t.label_noise().flipped.empty());
  RunConfig next = c;
  REQUIRE_FALSE(set_field(next, "label_noise", "pair"));
  REQUIRE_FALSE(set_field(next, "label_noise.rate", 0.3));
  REQUIRE(t.apply_live(next));
  CHECK(!t.label_noise().flipped.empty());
  CHECK(has_event(t.history(), 10, "label_noise: \"none\" -> \"pair\""));
  CHECK(has_event(t.history(), 10, "label noise pair"));
}

TEST_CASE("every regularizer can be switched on mid-run and the run goes on") {
  RunConfig c = small();
  c.steps = 120;
  Trainer t(c);
  for (int i = 0; i < 20; ++i) t.step();
  RunConfig next = c;
  for (const auto& [key, value] : std::vector<std::pair<const char*, nlohmann::json>>{
           {"dropout", 0.2},   {"dropconnect", 0.1}, {"input_noise", 0.05}, {"hidden_noise", 0.05},
           {"mixup", 0.4},     {"grad_clip", 1.0},   {"sgld", 1e-4},         {"l1", 1e-4},
           {"l2", 1e-3},       {"weight_decay", 0.01}, {"grokfast_lambda", 2.0}, {"schedule", "cosine"},
           {"warmup", 10},     {"optimizer", "nesterov"}}) {
    INFO(key);
    REQUIRE_FALSE(set_field(next, key, value));
  }
  REQUIRE(t.apply_live(next));
  for (const char* key : {"dropout:", "dropconnect:", "mixup:", "sgld:", "grokfast_lambda:", "schedule:", "optimizer:"})
    CHECK(has_event(t.history(), 20, key));
  CHECK(run(t) == RunState::finished);
  CHECK(std::isfinite(t.history().last("test_loss")));
  // The cosine schedule took the learning rate to 0 at the end of the run.
  CHECK(t.history().last("lr") == Approx(0).margin(1e-9));
}

TEST_CASE("the same config gives the same History with every random regularizer on") {
  RunConfig c = small();
  c.dropout = 0.2f;
  c.dropconnect = 0.1f;
  c.input_noise = 0.05f;
  c.hidden_noise = 0.05f;
  c.mixup = 0.4f;
  c.sgld = 1e-4f;
  c.label_noise = LabelNoise::instance;
  REQUIRE_FALSE(set_field(c, "loss", "adv_comp_sum"));
  Trainer a(c), b(c);
  run(a);
  run(b);
  CHECK(a.history() == b.history());
  RunConfig other = c;
  other.seed = 2;
  Trainer d(other);
  run(d);
  CHECK_FALSE(a.history() == d.history());
}

TEST_CASE("early stopping stops after its patience and names the best step") {
  RunConfig c = small();
  c.steps = 100000;
  c.eval_every = 5;
  c.early_stopping = 3;
  c.lr = 1e-6f;  // nothing improves after the first evaluations
  Trainer t(c);
  CHECK(run(t) == RunState::finished);
  CHECK(t.steps_done() < 1000);
  CHECK(t.message().find("early stopping") != std::string::npos);
  CHECK(has_event(t.history(), t.steps_done(), "best test_acc"));
  CHECK(t.best_step() <= t.steps_done() - 15);
}
