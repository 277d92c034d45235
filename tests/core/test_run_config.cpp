// RunConfig: every field validated, every error names its field and the allowed values.
#include <catch2/catch.hpp>

#include "train/presets.hpp"
#include "train/run_config.hpp"

using namespace losslab;
using nlohmann::json;

namespace {
std::vector<ConfigError> load(const json& j, RunConfig& c) { return apply_json(c, j); }
}  // namespace

TEST_CASE("an unknown key is rejected with a message naming it") {
  RunConfig c;
  const auto errors = load({{"learning_rate", 0.1}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "learning_rate");
  CHECK_THAT(errors[0].message, Catch::Contains("unknown key 'learning_rate'") && Catch::Contains("lr"));
}

TEST_CASE("out-of-range and mistyped values name the field and the allowed range") {
  RunConfig c;
  auto errors = load({{"lr", -0.1}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "lr");
  CHECK_THAT(errors[0].message, Catch::StartsWith("lr: -0.1 is out of range; allowed [1e-12, 10]"));
  CHECK(c.lr == RunConfig{}.lr);  // unchanged

  errors = load({{"batch_size", 12.5}}, c);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Catch::Contains("batch_size: expected an integer"));

  errors = load({{"activation", "sigmoid"}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "activation: 'sigmoid' is not one of relu, tanh, gelu");

  errors = load({{"hidden", {64, 0}}}, c);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Catch::Contains("hidden: entry 0 is not an integer in [1, 1024]"));

  errors = load({{"seed", "one"}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "seed");
}

TEST_CASE("good fields load even when others are bad") {
  RunConfig c;
  const auto errors = load({{"lr", 0.5}, {"noise", 9}, {"activation", "tanh"}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "noise");
  CHECK(c.lr == 0.5f);
  CHECK(c.activation == Activation::tanh);
}

TEST_CASE("a batch larger than the training set is refused") {
  RunConfig c;
  const auto errors = load({{"n_train", 100}, {"batch_size", 128}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "batch_size");
  CHECK_THAT(errors[0].message, Catch::Contains("larger than the training split (100 samples)"));
}

TEST_CASE("values given as text parse by the field's type") {
  RunConfig c;
  CHECK_FALSE(set_field_from_text(c, "hidden", "32,16,8"));
  CHECK(c.hidden == std::vector<int>{32, 16, 8});
  CHECK_FALSE(set_field_from_text(c, "hidden", "[5]"));
  CHECK(c.hidden == std::vector<int>{5});
  CHECK_FALSE(set_field_from_text(c, "hidden", ""));
  CHECK(c.hidden.empty());
  CHECK_FALSE(set_field_from_text(c, "lr", "3e-3"));
  CHECK(c.lr == Approx(3e-3f));
  CHECK_FALSE(set_field_from_text(c, "dataset", "moons"));
  CHECK(c.dataset == DatasetKind::moons);
  auto e = set_field_from_text(c, "lr", "fast");
  REQUIRE(e);
  CHECK(e->message == "lr: 'fast' is not a number");
  e = set_field_from_text(c, "steps", "0");
  REQUIRE(e);
  CHECK_THAT(e->message, Catch::StartsWith("steps: 0 is out of range"));
}

TEST_CASE("a preset key starts from that preset and an unknown preset is named") {
  RunConfig c;
  auto errors = load({{"preset", "moons"}, {"lr", 0.02}}, c);
  CHECK(errors.empty());
  CHECK(c.dataset == DatasetKind::moons);
  CHECK(c.lr == 0.02f);
  errors = load({{"preset", "nope"}}, c);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Catch::Contains("known presets: spirals"));
}

TEST_CASE("JSON round trip reproduces the config and the field table's defaults are RunConfig's") {
  RunConfig c;
  c.hidden = {7, 9};
  c.optimizer = OptimizerKind::sgd;
  c.seed = 123456789;
  RunConfig back;
  CHECK(apply_json(back, to_json(c)).empty());
  CHECK(back == c);

  const json table = fields_to_json();
  const json defaults = to_json(RunConfig{});
  CHECK(table.size() == defaults.size());
  for (const json& row : table) {
    CAPTURE(row.dump());
    CHECK(row["default"] == defaults[row["key"].get<std::string>()]);
    RunConfig probe;
    CHECK_FALSE(set_field(probe, row["key"].get<std::string>(), row["default"]));  // default within range
  }
}

TEST_CASE("every preset is a valid config") {
  for (const Preset& p : presets()) {
    CAPTURE(p.name);
    // A command-line-only preset is valid under the CLI's limits, and is so marked because the page's
    // refuse it.
    const WorkLimits limits = p.cli_only ? WorkLimits::cli : WorkLimits::page;
    CHECK(validate(p.config, limits).empty());
    CHECK(validate(p.config).empty() != p.cli_only);
    RunConfig c;
    CHECK(apply_json(c, to_json(p.config), limits).empty());
    CHECK(c == p.config);
  }
}

TEST_CASE("sizes that would freeze the page are refused, naming the field") {
  RunConfig c;
  c.hidden = {1024, 1024, 1024};
  c.n_train = 100000;
  c.batch_size = 65536;
  const auto errors = validate(c);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "batch_size");
  CHECK_THAT(errors[0].message, Catch::Contains("multiply-adds per step"));
  CHECK(errors[1].field == "n_train");
  CHECK_THAT(errors[1].message, Catch::Contains("multiply-adds per evaluation"));
  CHECK(validate(RunConfig{}).empty());
}

TEST_CASE("hostile values get short messages: deep nesting, long strings") {
  // Parsed in place, never copied: nlohmann's parser and destructor are iterative, its copy is not.
  const std::string text = "{\"lr\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto deep = json::parse(text, nullptr, false);
  REQUIRE_FALSE(deep.is_discarded());
  RunConfig c;
  auto errors = apply_json(c, deep);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "lr: expected a number, got a list of 1 items");
  errors = apply_json(c, {{"activation", std::string(5000, 'x')}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.size() < 120);
}

TEST_CASE("float fields read back as the decimal that was set") {
  RunConfig c;
  REQUIRE_FALSE(set_field_from_text(c, "momentum", "0.999"));
  CHECK(get_field(c, *find_field("momentum")) == 0.999);
  CHECK(validate(c).empty());  // 0.999f widened to double would be 0.99900001 > 0.999
}

TEST_CASE("a loss's parameters are config fields named loss.param") {
  RunConfig c;
  REQUIRE_FALSE(set_field(c, "loss", "gce"));
  CHECK(to_json(c)["loss.q"] == 0.7);  // its default, set when the loss was chosen
  REQUIRE_FALSE(set_field_from_text(c, "loss.q", "0.5"));
  CHECK(c.loss_params[0] == 0.5);
  auto e = set_field(c, "loss.q", 1.5);
  REQUIRE(e);
  CHECK(e->field == "loss.q");
  CHECK(e->message == "loss.q: 1.5 is out of range; allowed [0.001, 1]");
  e = set_field(c, "loss.gamma", 2);
  REQUIRE(e);
  CHECK(e->message == "loss.gamma: loss 'gce' has no parameter 'gamma'; its parameters: q");
  // Another loss starts from its own defaults.
  REQUIRE_FALSE(set_field(c, "loss", "sce"));
  CHECK(to_json(c)["loss.alpha"] == 0.1);
  CHECK_FALSE(to_json(c).contains("loss.q"));
  // A toggle is a choice by name.
  REQUIRE_FALSE(set_field(c, "loss", "ldr_kl"));
  REQUIRE_FALSE(set_field_from_text(c, "loss.normalize", "on"));
  CHECK(to_json(c)["loss.normalize"] == "on");
  CHECK(set_field_from_text(c, "loss.normalize", "yes")->message.find("not one of off, on") != std::string::npos);
}

TEST_CASE("a config file may give a loss's parameters before or after the loss") {
  RunConfig c;
  const auto errors = apply_json(c, nlohmann::json::parse(R"({"loss.gamma": 3, "loss": "focal"})"));
  CHECK(errors.empty());
  CHECK(c.loss == "focal");
  CHECK(c.loss_params[0] == 3);
  RunConfig round_trip;
  CHECK(apply_json(round_trip, to_json(c)).empty());
  CHECK(round_trip == c);
}

TEST_CASE("a regression loss on a classification dataset is refused naming the loss") {
  RunConfig c;
  REQUIRE_FALSE(set_field(c, "loss", "two_hot"));
  const auto errors = validate(c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "loss");
  CHECK(errors[0].message.find("regression loss") != std::string::npos);
}

TEST_CASE("a malformed label-noise transition matrix is refused naming it") {
  RunConfig c = find_preset("moons")->config;  // two classes
  REQUIRE_FALSE(set_field(c, "label_noise", "matrix"));
  REQUIRE_FALSE(set_field_from_text(c, "label_noise.matrix", "0.8,0.2,0.3"));
  auto errors = validate(c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "label_noise.matrix");
  CHECK(errors[0].message.find("needs 4") != std::string::npos);
  REQUIRE_FALSE(set_field_from_text(c, "label_noise.matrix", "[0.8,0.3,0.3,0.7]"));
  errors = validate(c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("row 0 sums to 1.1") != std::string::npos);
  CHECK(set_field(c, "label_noise.matrix", nlohmann::json::parse("[0.5, 1.5]"))->message ==
        "label_noise.matrix: entry 1.5 is not a number in [0, 1]");
  REQUIRE_FALSE(set_field_from_text(c, "label_noise.matrix", "0.8,0.2,0.3,0.7"));
  CHECK(validate(c).empty());
}

TEST_CASE("fields that matter only for some settings say so") {
  RunConfig c;
  const FieldSpec& momentum = *find_field("momentum");
  c.optimizer = OptimizerKind::adam;
  CHECK_FALSE(field_relevant(c, momentum));
  c.optimizer = OptimizerKind::nesterov;
  CHECK(field_relevant(c, momentum));
  CHECK_FALSE(field_relevant(c, *find_field("label_noise.matrix")));
  c.label_noise = LabelNoise::matrix;
  CHECK(field_relevant(c, *find_field("label_noise.matrix")));
  CHECK_FALSE(field_relevant(c, *find_field("grokfast_alpha")));
  c.grokfast_lambda = 2;
  CHECK(field_relevant(c, *find_field("grokfast_alpha")));
  CHECK(field_relevant(c, *find_field("lr")));
}

TEST_CASE("modular arithmetic needs a prime modulus and sizes its splits from it") {
  RunConfig c;
  auto errors = load({{"dataset", "modular"}, {"modulus", 91}, {"batch_size", 64}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "modulus");
  CHECK_THAT(errors[0].message, Catch::Contains("91 is not prime"));
  // 7² = 49 pairs, 30 % of them (15) train: a batch of 64 cannot be drawn from them.
  errors = load({{"dataset", "modular"}, {"modulus", 7}, {"batch_size", 64}}, c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "batch_size");
  CHECK_THAT(errors[0].message, Catch::Contains("(15 samples)"));
  CHECK(load({{"dataset", "modular"}, {"modulus", 7}, {"batch_size", 15}}, c).empty());
  // The toys' size fields do not apply to it, and the modular ones only apply to it.
  CHECK_FALSE(field_relevant(c, *find_field("n_train")));
  CHECK(field_relevant(c, *find_field("modulus")));
  c.dataset = DatasetKind::moons;
  CHECK(field_relevant(c, *find_field("n_calib")));
  CHECK_FALSE(field_relevant(c, *find_field("train_fraction")));
}

TEST_CASE("the instrument fields have their ranges") {
  RunConfig c;
  auto errors = load({{"metrics_every", -1}, {"ece_bins", 1}, {"n_calib", 200000}}, c);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].field == "ece_bins");
  CHECK(errors[1].field == "metrics_every");
  CHECK(errors[2].field == "n_calib");
}

TEST_CASE("a long value cut short in a message stays valid UTF-8") {
  // Found by the fuzz target: a cut inside a two-byte character made the page's JSON reply throw.
  std::string value = "a";
  for (int i = 0; i < 40; ++i) value += "\xc3\xa9";  // é
  RunConfig c;
  const auto errors = load({{"dataset", value}}, c);
  REQUIRE(errors.size() == 1);
  CHECK_NOTHROW(json(errors[0].message).dump());
  CHECK_THAT(errors[0].message, Catch::Contains("…"));
}
