// The token language model's run: what its config accepts (check_token_model, each error naming its
// field), its preset, what its History records (loss_floor, reducible_gap, no instruments), its
// reproducibility, and a short run that learns toward the language's entropy floor without crossing it.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "data/token_language.hpp"
#include "data/zipf_markov.hpp"
#include "train/presets.hpp"
#include "core/token_run.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

std::string fields_of(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += e.field + ": " + e.message + "\n";
  return out;
}

const ConfigError* error_for(const std::vector<ConfigError>& errors, const std::string& field) {
  for (const ConfigError& e : errors)
    if (e.field == field) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("check_token_model names the field of each setting the token model cannot take", "[token_config]") {
  const RunConfig base = token_config();
  REQUIRE(fields_of(validate(base)).empty());

  struct Case {
    const char* field;
    void (*change)(RunConfig&);
    const char* says;  // a word of the message
  };
  const Case cases[] = {
      {"loss", [](RunConfig& c) { c.loss = "focal"; }, "label_smoothing"},
      {"loss", [](RunConfig& c) { c.loss = "brier"; }, "label_smoothing"},
      {"label_noise", [](RunConfig& c) { c.label_noise = LabelNoise::instance; }, "symmetric"},
      {"label_noise", [](RunConfig& c) { c.label_noise = LabelNoise::boundary; }, "symmetric"},
      {"input_noise", [](RunConfig& c) { c.input_noise = 0.1f; }, "token ids"},
      {"mixup", [](RunConfig& c) { c.mixup = 0.2f; }, "token ids"},
      {"dropconnect", [](RunConfig& c) { c.dropconnect = 0.1f; }, "token ids"},
  };
  for (const Case& k : cases) {
    RunConfig c = base;
    k.change(c);
    const std::vector<ConfigError> errors = validate(c);
    INFO(k.field << "\n" << fields_of(errors));
    const ConfigError* e = error_for(errors, k.field);
    REQUIRE(e);
    CHECK_THAT(e->message, Catch::Contains(k.says));
  }

  // What it can take: label smoothing, the three class-only label noises, dropout.
  for (auto change : {+[](RunConfig& c) {
                        c.loss = "label_smoothing";
                        c.loss_params[0] = 0.1;
                      },
                      +[](RunConfig& c) { c.label_noise = LabelNoise::symmetric; },
                      +[](RunConfig& c) { c.label_noise = LabelNoise::pair; },
                      +[](RunConfig& c) { c.dropout = 0.1f; }}) {
    RunConfig c = base;
    change(c);
    CHECK(fields_of(validate(c)).empty());
  }
}

TEST_CASE("a token model too large for the page names embed_dim and a naive head too large names fused_backend", "[token_config]") {
  RunConfig c = token_config();
  c.vocab = 65536;
  c.batch_size = 1;
  c.n_test = 16;
  c.embed_dim = 256;  // 6 floats × (2·65,536·256 + 65,536) weights ≈ 806 MB: fits under 1 GiB
  CHECK(fields_of(validate(c)).empty());
  c.embed_dim = 512;  // ≈ 1.6 GB: does not
  {
    const std::vector<ConfigError> errors = validate(c);
    INFO(fields_of(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "embed_dim");
    CHECK_THAT(errors[0].message, Catch::Contains("bytes") && Catch::Contains("vocab"));
  }

  c = token_config();
  c.vocab = 65536;
  c.n_train = 1000;
  c.n_test = 16;
  c.batch_size = 600;  // naive: 2 × 600 × 65,536 floats = 315 MB of logits and gradient > 256 MiB
  c.fused_backend = FusedBackendChoice::blockwise;
  CHECK(fields_of(validate(c)).empty());
  c.fused_backend = FusedBackendChoice::naive;
  {
    const std::vector<ConfigError> errors = validate(c);
    INFO(fields_of(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "fused_backend");
    CHECK_THAT(errors[0].message, Catch::Contains("blockwise"));
  }
  c.batch_size = 500;  // 2 × 500 × 65,536 × 4 = 262,144,000 bytes: under 256 MiB = 268,435,456
  CHECK(fields_of(validate(c)).empty());
}

TEST_CASE("the token-lm-64k preset validates and starts near log V", "[token_config]") {
  const Preset* p = find_preset("token-lm-64k");
  REQUIRE(p);
  const RunConfig& c = p->config;
  INFO(fields_of(validate(c)));
  CHECK(validate(c).empty());
  CHECK(c.dataset == DatasetKind::zipf_markov);
  CHECK(c.vocab == 65536);
  CHECK(dataset_info(c.dataset).language);
  // Its description promises a start at log V = 11.09 and a floor below it: one step at full size.
  Trainer t(c);
  CHECK(t.loss_floor() == zipf_entropy(65536, c.zipf_exponent));
  CHECK(t.loss_floor() < 2.0);
  // The step-0 evaluation is spread over the first calls (a batch of tokens each): no step before it.
  CHECK(t.evaluating());
  CHECK(t.history().find("test_loss") == nullptr);
  int calls = 0;
  while (t.evaluating()) {
    CHECK(t.step() == RunState::running);
    ++calls;
  }
  CHECK(calls == 2 * c.n_test / c.batch_size);  // train and test tokens, one batch per call
  CHECK(t.steps_done() == 0);
  const double start = t.history().find("test_loss")->value.front();
  std::cout << "token-lm-64k: test loss at step 0 = " << start << ", floor " << t.loss_floor() << "\n";
  CHECK(std::abs(start - std::log(65536.0)) < 0.5);
  CHECK(t.step() == RunState::running);
  CHECK(t.steps_done() == 1);
  CHECK(t.fused_head().backend_in_use() == "blockwise");
  CHECK(t.history().events().empty());
}

TEST_CASE("a token run records loss_floor and reducible_gap and no instruments", "[token_config]") {
  const RunConfig c = token_config();
  Trainer t(c);
  run(t);
  REQUIRE(t.state() == RunState::finished);
  const double floor = token_language_floor(c.data_settings().language);
  CHECK(floor == zipf_entropy(64, 1.5));
  CHECK(t.loss_floor() == floor);
  REQUIRE(t.token_model());
  CHECK(t.token_model()->shape().vocab == 64);
  CHECK(t.params().size() == t.token_model()->num_params());

  const History& h = t.history();
  const Series* test_loss = h.find("test_loss");
  const Series* loss_floor = h.find("loss_floor");
  const Series* gap = h.find("reducible_gap");
  REQUIRE(test_loss);
  REQUIRE(loss_floor);
  REQUIRE(gap);
  CHECK(test_loss->step == std::vector<int64_t>{0, 10, 20, 30});
  CHECK(loss_floor->step == test_loss->step);
  CHECK(gap->step == test_loss->step);
  for (size_t i = 0; i < test_loss->value.size(); ++i) {
    CHECK(loss_floor->value[i] == floor);
    CHECK(gap->value[i] == test_loss->value[i] - floor);
  }
  for (const char* name : {"train_loss", "train_acc", "test_acc", "lr"}) CHECK(h.find(name));
  // The instruments need K×N logits the token model never forms.
  for (const char* name : {"test_ece", "train_ece", "test_ece_adaptive"}) CHECK_FALSE(h.find(name));
  CHECK(t.instruments().step == -1);  // never measured

  // Other datasets have no floor.
  RunConfig toy;
  toy.steps = 2;
  Trainer other(toy);
  CHECK(std::isnan(other.loss_floor()));
  CHECK_FALSE(other.history().find("loss_floor"));
  CHECK_FALSE(other.token_model());
}

TEST_CASE("a token run with the same config and seed gives the same History bit for bit", "[token_config]") {
  RunConfig c = token_config();
  c.loss = "label_smoothing";
  c.loss_params[0] = 0.1;
  c.dropout = 0.1f;  // the body's training noise draws from the run's generator too
  Trainer a(c), b(c);
  run(a);
  run(b);
  CHECK(a.history() == b.history());
  CHECK(a.params() == b.params());
  c.seed += 1;
  Trainer other(c);
  run(other);
  CHECK_FALSE(other.history() == a.history());
}

TEST_CASE("a token run with label smoothing trains on the smoothed head loss", "[token_config]") {
  RunConfig c = token_config();
  Trainer plain(c);
  c.loss = "label_smoothing";
  c.loss_params[0] = 0.1;
  Trainer smoothed(c);
  run(plain);
  run(smoothed);
  // The evaluation is cross-entropy in both, at step 0 on the same initial model.
  CHECK(plain.history().find("test_loss")->value.front() == smoothed.history().find("test_loss")->value.front());
  CHECK_FALSE(plain.params() == smoothed.params());
}

TEST_CASE("a token run takes live head settings and refuses a loss its head cannot compute", "[token_config]") {
  RunConfig c = token_config();
  Trainer t(c);
  for (int i = 0; i < 10; ++i) t.step();
  RunConfig next = c;
  next.loss = "focal";
  CHECK_FALSE(t.apply_live(next));  // not a loss the fused head computes
  next = c;
  next.vocab = 128;
  CHECK_FALSE(t.apply_live(next));  // a new model: restart
  next = c;
  next.fused_backend = FusedBackendChoice::naive;
  next.fused_threshold = 1.0f / 4096;
  REQUIRE(t.apply_live(next));
  CHECK(t.history().events().size() == 2);
  run(t);
  CHECK(t.state() == RunState::finished);
  CHECK(t.steps_done() == c.steps);
  CHECK(t.fused_head().backend_in_use() == "naive");
}

TEST_CASE("a small token model learns toward the entropy floor and stays above it", "[token_config]") {
  RunConfig c;
  c.dataset = DatasetKind::zipf_markov;
  c.vocab = 64;
  c.zipf_exponent = 2;
  c.embed_dim = 16;
  c.hidden = {32};
  c.lr = 0.01f;
  c.steps = 600;
  c.batch_size = 32;
  c.n_train = 20000;
  c.n_test = 4096;
  c.eval_every = 100;
  REQUIRE(fields_of(validate(c)).empty());
  const auto t0 = std::chrono::steady_clock::now();
  Trainer t(c);
  run(t);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(t.state() == RunState::finished);
  const Series* test_loss = t.history().find("test_loss");
  REQUIRE(test_loss);
  const double start = test_loss->value.front(), end = test_loss->value.back();
  const double floor = t.loss_floor();  // H(64, 2) = 1.54 nats; log 64 = 4.16
  // The test loss of any predictor is a mean of n_test terms −log q(next | state) whose deviations from
  // their conditional means are martingale differences: its standard error is about σ/√n_test, with σ
  // the spread of −log p under the Zipf law itself (1.65 nats here), 0.026 at n_test = 4096.
  double z = 0, h = 0, h2 = 0;
  for (int r = 1; r <= c.vocab; ++r) z += std::pow(r, -c.zipf_exponent);
  for (int r = 1; r <= c.vocab; ++r) {
    const double p = std::pow(r, -c.zipf_exponent) / z;
    h -= p * std::log(p);
    h2 += p * std::log(p) * std::log(p);
  }
  CHECK(h == Approx(floor).epsilon(1e-12));
  const double slack = 4 * std::sqrt(h2 - h * h) / std::sqrt(static_cast<double>(c.n_test));
  std::cout << "token LM (V = 64, a = 2): test loss " << start << " -> " << end << ", floor " << floor
            << ", slack " << slack << ", " << seconds << " s\n";
  CHECK(start > std::log(64.0) - 0.2);  // the initial model is close to uniform
  // 600 steps × 32 tokens ≈ 300 transitions seen per state, ~190 of them to the state's top token: enough
  // to rank the first few next tokens, which carry most of the mass at a = 2. The run must close at
  // least two thirds of the reducible gap log V − H.
  CHECK(end < floor + (start - floor) / 3);
  CHECK(end > floor - slack);
  for (const double gap : t.history().find("reducible_gap")->value) CHECK(gap > -slack);
  CHECK(seconds < 5.0);
}
