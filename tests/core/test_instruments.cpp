// The instruments in a run: they land in the History at their cadence, the automatic cadence keeps
// their estimated cost under its share, measuring never changes training, the memorization figures
// agree with the model's predictions, and the Fourier spectrum appears for modular arithmetic only.
#include <catch2/catch.hpp>

#include <cmath>

#include "train/presets.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {
void run(Trainer& t) {
  while (t.step() == RunState::running) {
  }
}

RunConfig small_spirals() {
  RunConfig c = find_preset("spirals")->config;
  c.n_train = c.n_test = 600;
  c.n_calib = 300;
  c.steps = 200;
  return c;
}
}  // namespace

TEST_CASE("instruments land in the History at their cadence", "[instruments]") {
  RunConfig c = small_spirals();
  c.metrics_every = 40;
  c.ece_bins = 10;
  Trainer t(c);
  run(t);
  for (const char* name : {"test_ece", "train_ece", "test_mce", "test_ece_adaptive", "test_ece_classwise", "test_nll",
                           "test_brier", "temperature", "test_ece_temperature", "test_ece_histogram",
                           "test_ece_isotonic", "weight_norm", "weight_norm_layer3", "nc1", "nc2_equinorm",
                           "grad_coherence", "grad_alpha", "margin_p50"}) {
    const Series* s = t.history().find(name);
    INFO(name);
    REQUIRE(s);
    CHECK(s->step == std::vector<int64_t>{0, 40, 80, 120, 160, 200});
  }
  // A clean run has no memorization figures (nothing is noisy) and no Fourier spectrum (no embedding).
  CHECK_FALSE(t.history().find("noisy_as_given"));
  CHECK_FALSE(t.history().find("fourier_sparsity"));
  const Instruments& m = t.instruments();
  CHECK(m.step == 200);
  CHECK(m.test.bins.size() == 10);
  CHECK(m.test.n == 600);
  CHECK(m.test.nll == Approx(t.history().last("test_loss")).epsilon(1e-5));  // float vs double softmax
  CHECK(m.test.accuracy == t.history().last("test_acc"));
  CHECK(t.data().calib.size() == 300);
  // The fitted temperature leaves the calibration split's NLL no worse, so on a test split drawn the same
  // way it is no more than a little worse.
  CHECK(m.posthoc.temperature_scaled.nll <= m.test.nll + 0.05);
}

TEST_CASE("measuring the instruments never changes training", "[instruments]") {
  RunConfig c = small_spirals();
  c.label_noise = LabelNoise::symmetric;
  c.dropout = 0.1f;  // a regularizer that draws from the run's generator every step
  c.metrics_every = 1;
  Trainer often(c);
  c.metrics_every = 1000;
  Trainer rarely(c);
  run(often);
  run(rarely);
  REQUIRE(often.history().find("train_loss"));
  CHECK(often.history().find("train_loss")->value == rarely.history().find("train_loss")->value);
  CHECK(often.params() == rarely.params());
  CHECK(often.history().find("test_ece")->step.size() == 201);
  CHECK(rarely.history().find("test_ece")->step == std::vector<int64_t>{0, 200});
}

TEST_CASE("the automatic cadence keeps the instruments under their share of the run", "[instruments]") {
  for (const char* preset : {"spirals", "moons", "blobs"}) {
    RunConfig c = find_preset(preset)->config;
    c.metrics_every = 0;
    const int64_t k = metrics_cadence(c);
    const double cost = instrument_cost(c), step = step_cost(c);
    INFO(preset << ": every " << k << " steps");
    // At most the share of the time between two measurements…
    CHECK(cost <= kInstrumentTimeShare * (static_cast<double>(k) * step + cost) * (1 + 1e-12));
    // …and the cadence is the most frequent 1-2-5 step that achieves it.
    // The 1-2-5 step below k: 5·10^d → 2·10^d, 2·10^d → 10^d, 10^d → 5·10^(d−1).
    int64_t lead = k;
    while (lead >= 10) lead /= 10;
    const int64_t finer = lead == 5 ? k / 5 * 2 : k / 2;
    if (k > 1) CHECK(cost > kInstrumentTimeShare * (static_cast<double>(finer) * step + cost));
    c.metrics_every = 7;
    CHECK(metrics_cadence(c) == 7);
  }
  // A bigger evaluation set or a smaller batch means measuring less often.
  RunConfig c = find_preset("spirals")->config;
  const int64_t base = metrics_cadence(c);
  c.n_test *= 10;
  CHECK(metrics_cadence(c) > base);
}

TEST_CASE("the calibration split never changes training", "[instruments]") {
  RunConfig c = small_spirals();
  c.n_calib = 0;
  Trainer without(c);
  c.n_calib = 700;
  Trainer with(c);
  run(without);
  run(with);
  CHECK(with.data().calib.size() == 700);
  CHECK(without.data().calib.size() == 0);
  CHECK(with.data().train.x == without.data().train.x);
  CHECK(with.data().test.x == without.data().test.x);
  CHECK(with.history().find("train_loss")->value == without.history().find("train_loss")->value);
  CHECK(with.params() == without.params());
  // Only the post-hoc figures depend on it.
  CHECK(with.history().find("temperature"));
  CHECK_FALSE(without.history().find("temperature"));
}

TEST_CASE("a run that stops early is measured at its last step", "[instruments]") {
  RunConfig c = small_spirals();
  c.steps = 100000;
  c.eval_every = 10;
  c.metrics_every = 1000;
  c.early_stopping = 3;
  c.lr = 0.3f;  // too large: test accuracy stops improving almost at once
  Trainer t(c);
  run(t);
  REQUIRE(t.state() == RunState::finished);
  REQUIRE(t.steps_done() < 1000);
  CHECK(t.instruments().step == t.steps_done());
  CHECK(t.history().find("test_ece")->step.back() == t.steps_done());
}

TEST_CASE("a live change of the bins or the noise refreshes the pictures without a new History row", "[instruments]") {
  RunConfig c = small_spirals();
  c.steps = 50;
  Trainer t(c);
  run(t);
  const size_t rows = t.history().find("test_ece")->step.size();
  RunConfig next = c;
  next.ece_bins = 7;
  REQUIRE(t.apply_live(next));
  CHECK(t.instruments().test.bins.size() == 7);
  next.label_noise = LabelNoise::symmetric;
  REQUIRE(t.apply_live(next));
  CHECK(t.instruments().noisy_labels);
  CHECK(t.history().find("test_ece")->step.size() == rows);
}

TEST_CASE("memorization figures agree with the model's predictions on a noisy run", "[instruments]") {
  RunConfig c = small_spirals();
  c.label_noise = LabelNoise::symmetric;
  c.noise_rate = 0.4;
  c.steps = 300;
  c.metrics_every = 100;
  Trainer t(c);
  run(t);
  Mat probs;
  MlpWorkspace ws;
  t.predict_proba(t.data().train.x, probs, ws);
  int clean = 0, clean_fit = 0, noisy = 0, as_given = 0, as_true = 0;
  for (int i = 0; i < t.data().train.size(); ++i) {
    Eigen::Index k = 0;
    probs.col(i).maxCoeff(&k);
    const int given = t.data().train.y[static_cast<size_t>(i)], truth = t.clean_train_labels()[static_cast<size_t>(i)];
    if (given == truth) {
      ++clean;
      clean_fit += k == given;
    } else {
      ++noisy;
      as_given += k == given;
      as_true += k == truth;
    }
  }
  REQUIRE(noisy > 150);  // ≈ 40 % of 600
  CHECK(t.history().last("clean_subset_acc") == Approx(static_cast<double>(clean_fit) / clean));
  CHECK(t.history().last("noisy_as_given") == Approx(static_cast<double>(as_given) / noisy));
  CHECK(t.history().last("noisy_as_true") == Approx(static_cast<double>(as_true) / noisy));
  CHECK(t.instruments().memorization.noisy_count == noisy);
  // Coherence is measured on the clean and the noisy samples separately.
  CHECK(t.history().find("grad_coherence_clean"));
  CHECK(t.history().find("grad_coherence_noisy"));
}

TEST_CASE("the Fourier spectrum is measured for modular arithmetic", "[instruments]") {
  RunConfig c;
  c.dataset = DatasetKind::modular;
  c.modulus = 13;
  c.batch_size = 32;
  c.steps = 20;
  c.metrics_every = 10;
  Trainer t(c);
  run(t);
  const Series* s = t.history().find("fourier_sparsity");
  REQUIRE(s);
  CHECK(s->step == std::vector<int64_t>{0, 10, 20});
  CHECK(t.instruments().fourier.energy.size() == 6);  // pairs {k, 13 − k}, k = 1..6
  CHECK(s->value.back() > 0);
  CHECK(s->value.back() <= 1);
  // No calibration split for it: every pair is either trained on or tested.
  CHECK_FALSE(t.history().find("temperature"));
  CHECK(t.data().train.size() + t.data().test.size() == 169);
}

TEST_CASE("the instruments as JSON mark empty bins as null", "[instruments]") {
  RunConfig c = small_spirals();
  c.steps = 1;
  Trainer t(c);
  run(t);
  const nlohmann::json j = instruments_to_json(t.instruments());
  REQUIRE(j["test"]["bins"].size() == 15);
  int empty = 0;
  for (const auto& b : j["test"]["bins"]) {
    if (b["count"] == 0) {
      ++empty;
      CHECK(b["accuracy"].is_null());
    } else {
      CHECK(b["accuracy"].is_number());
    }
  }
  // An untrained 3-class model is unsure: confidences near 1/3, so the top bins are empty.
  CHECK(empty > 0);
  CHECK(j["posthoc"]["fitted_temperature"].is_number());
  CHECK(j["posthoc"]["isotonic"]["ece"].is_number());
}
