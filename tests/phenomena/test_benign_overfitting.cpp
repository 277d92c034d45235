// benign-overfitting-xor (PHENOMENA.md §2, Xu et al. 2024): benign overfitting, then grokking. The shape:
// every training label fitted, the flipped ones included, while clean test accuracy is near chance; much
// later clean test accuracy high while the flipped labels are still fitted; and no regulariser at all.
#include "phenomena/phenomenon.hpp"

using namespace losslab;
using namespace losslab::phenomena;

TEST_CASE("benign-overfitting-xor: fits the flipped labels at once and generalises later without unfitting them") {
  const Preset& p = *find_preset("benign-overfitting-xor");
  // Xu et al.'s setting: full-batch gradient descent, no weight decay or other regulariser, noisy labels.
  CHECK(p.config.batch_size == p.config.n_train);
  CHECK(p.config.optimizer == OptimizerKind::sgd);
  CHECK(p.config.weight_decay == 0);
  CHECK(p.config.l2 == 0);
  CHECK(p.config.label_noise == LabelNoise::symmetric);
  CHECK(p.log_steps);

  const History h = run_preset(p.name);
  const Series& train_acc = series(h, "train_acc");
  const Series& test_acc = series(h, "test_acc");
  const Series& flipped = series(h, "noisy_as_given");
  const Series& clean = series(h, "clean_subset_acc");

  // Fitted early: all training labels, near-chance clean test accuracy.
  const int64_t fitted = first_step(train_acc, 0.999);
  INFO("all labels fitted at step " << fitted << ", test accuracy then " << value_at(test_acc, fitted));
  REQUIRE(fitted > 0);
  CHECK(fitted <= 20);
  CHECK(value_at(test_acc, fitted) <= 0.60);
  // Generalised much later, the flipped labels still predicted as given and the clean ones as well.
  const int64_t generalised = first_step(test_acc, 0.90);
  INFO("test accuracy 90% at step " << generalised);
  REQUIRE(generalised > 0);
  CHECK(generalised >= 5 * fitted);
  CHECK(flipped.value.back() == 1);
  CHECK(clean.value.back() == 1);
  CHECK(min_value(flipped) < 1);  // at step 0 they were not
  CHECK(train_acc.value.back() >= 0.999);
  CHECK(test_acc.value.back() >= 0.95);
}

TEST_CASE("benign-overfitting-xor-paper: the paper's sizes, for the command line only") {
  const Preset& scaled = *find_preset("benign-overfitting-xor");
  const Preset& paper = *find_preset("benign-overfitting-xor-paper");
  CHECK(paper.cli_only);
  CHECK(paper.config.dimension == 40000);
  CHECK(paper.config.n_train == 200);
  CHECK(paper.config.n_test == 200);
  CHECK(paper.config.hidden == std::vector<int>{1000});
  CHECK(paper.config.init_scale == 1e-15f);
  CHECK(paper.config.lr == 1e-12f);
  CHECK(paper.config.mean_norm == Approx(2.5 * std::sqrt(200.0)));
  CHECK(validate(paper.config, WorkLimits::cli).empty());
  CHECK_FALSE(validate(paper.config).empty());
  // The same model and task otherwise.
  CHECK(paper.config.output_layer == scaled.config.output_layer);
  CHECK(paper.config.bias == scaled.config.bias);
  CHECK(paper.config.noise_rate == scaled.config.noise_rate);
  CHECK(paper.config.dataset == scaled.config.dataset);
}
