// The Trainer: learns spirals, is reproducible bit for bit, stops on divergence, takes live changes.
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

#include "core/diverging_config.hpp"
#include "train/presets.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {
RunState run(Trainer& t) {
  while (t.step() == RunState::running) {
  }
  return t.state();
}
}  // namespace

TEST_CASE("the spirals preset reaches 95 % test accuracy in 3000 steps") {
  Trainer t(find_preset("spirals")->config);
  REQUIRE(run(t) == RunState::finished);
  CHECK(t.steps_done() == 3000);
  const double acc = t.history().last("test_acc");
  std::cout << "spirals: test accuracy after 3000 steps = " << acc << "\n";
  CHECK(acc >= 0.95);
  const Series* s = t.history().find("test_acc");
  REQUIRE(s);
  CHECK(s->step.front() == 0);
  CHECK(s->step.back() == 3000);
  CHECK(s->value.front() < 0.6);  // it learned: it did not start there
}

TEST_CASE("same config and seed give the same History bit for bit and another seed does not") {
  RunConfig c = find_preset("moons")->config;
  c.steps = 400;
  Trainer a(c), b(c);
  run(a);
  run(b);
  CHECK(a.history() == b.history());
  CHECK(a.params() == b.params());
  c.seed = 2;
  Trainer other(c);
  run(other);
  CHECK_FALSE(other.history() == a.history());
}

TEST_CASE("a diverging run stops at that step with a message and keeps its History") {
  const RunConfig c = testing::diverging_config();
  Trainer t(c);
  REQUIRE(run(t) == RunState::diverged);
  INFO(t.message());
  CHECK(t.steps_done() < c.steps);
  CHECK_THAT(t.message(), Catch::Contains("step " + std::to_string(t.steps_done())) ||
                              Catch::Contains("step " + std::to_string(t.steps_done() + 1)));
  REQUIRE_FALSE(t.history().events().empty());
  CHECK_THAT(t.history().events().back().text, Catch::StartsWith("diverged"));
  CHECK(t.history().find("test_acc")->step.size() >= 1);
  CHECK(t.step() == RunState::diverged);  // stays paused
}

TEST_CASE("live changes apply without a restart and are recorded while structural ones are refused") {
  RunConfig c = find_preset("moons")->config;
  c.steps = 100;
  Trainer t(c);
  for (int i = 0; i < 50; ++i) t.step();
  RunConfig next = t.config();
  next.lr = 0.001f;
  next.steps = 200;
  REQUIRE(t.apply_live(next));
  CHECK(t.config().lr == 0.001f);
  CHECK(t.history().events().size() == 2);
  CHECK(t.history().events()[0].step == 50);
  CHECK(run(t) == RunState::finished);
  CHECK(t.steps_done() == 200);

  next = t.config();
  next.steps = 300;  // extending a finished run resumes it
  REQUIRE(t.apply_live(next));
  CHECK(t.state() == RunState::running);

  next.hidden = {8};
  CHECK_FALSE(t.apply_live(next));
  next = t.config();
  next.batch_size = 100000;  // invalid: refused
  CHECK_FALSE(t.apply_live(next));
}

TEST_CASE("shortening a run below its current step finishes it there") {
  RunConfig c = find_preset("moons")->config;
  c.steps = 1000;
  Trainer t(c);
  for (int i = 0; i < 120; ++i) t.step();
  RunConfig shorter = t.config();
  shorter.steps = 100;
  REQUIRE(t.apply_live(shorter));
  CHECK(t.state() == RunState::finished);
  CHECK(t.steps_done() == 120);
  CHECK(t.history().find("test_acc")->step.back() == 120);
  CHECK(t.step() == RunState::finished);
  CHECK(t.steps_done() == 120);
}

TEST_CASE("scores over more samples than one evaluation chunk match a direct pass") {
  RunConfig c = find_preset("blobs")->config;
  c.n_train = 9000;  // three chunks of at most 4096
  c.steps = 30;
  Trainer t(c);
  run(t);
  MlpWorkspace ws;
  Mat probs;
  t.predict_proba(t.data().train.x, probs, ws);
  double nll = 0;
  int correct = 0;
  for (int i = 0; i < t.data().train.size(); ++i) {
    Eigen::Index best = 0;
    probs.col(i).maxCoeff(&best);
    const int32_t y = t.data().train.y[static_cast<size_t>(i)];
    correct += best == y;
    nll -= std::log(static_cast<double>(probs(y, i)));
  }
  CHECK(t.history().last("train_acc") == Approx(correct / 9000.0).margin(1e-12));
  CHECK(t.history().last("train_loss") == Approx(nll / 9000.0).epsilon(1e-4));
}
