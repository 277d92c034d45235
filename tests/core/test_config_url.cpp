// Configs as links (train/config_url.hpp): every field of the table and every loss parameter of the
// registry round-trips through a link, and bad or hostile values are refused one field at a time while
// the rest applies. The round trips iterate the field table and the loss registry, so a field or a loss
// added later is covered without touching this file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "train/config_url.hpp"
#include "train/custom_data.hpp"
#include "train/presets.hpp"
#include "train/run_config.hpp"

using namespace losslab;
using nlohmann::json;

namespace {

// Candidate values of a field, from its spec: both ends of its range and points inside, awkward floats
// included (they must survive the decimal text), every choice, lists short and full.
std::vector<json> candidates(const FieldSpec& f) {
  std::vector<json> out;
  const double lo = f.min, hi = f.max;
  const bool integer = f.type == FieldType::integer || f.type == FieldType::int_list;
  std::vector<double> points = {lo, hi, lo + (hi - lo) * 0.37, lo + (hi - lo) * 0.5, lo + (hi - lo) * 0.013};
  if (lo > 0) points.push_back(std::sqrt(lo * hi));
  if (integer)
    for (double& p : points) p = std::round(p);
  switch (f.type) {
    case FieldType::integer:
      for (double p : points) out.push_back(static_cast<int64_t>(p));
      break;
    case FieldType::real:
      for (double p : points) out.push_back(p);
      break;
    case FieldType::choice:
      for (std::string_view c : f.choices) out.push_back(std::string(c));
      break;
    case FieldType::int_list:
    case FieldType::real_list: {
      for (double p : points) {
        const json item = integer ? json(static_cast<int64_t>(p)) : json(p);
        out.push_back(json::array({item}));
        out.push_back(json::array({item, item}));
      }
      out.push_back(json::array());
      break;
    }
  }
  return out;
}

// Encodes `config` as a link from `preset` and decodes it into a fresh config.
RunConfig round_trip(const RunConfig& config, std::string_view preset, std::vector<ConfigError>& errors) {
  RunConfig back;
  errors = apply_query(back, config_to_query(config, preset));
  return back;
}

std::string describe(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += e.message + "\n";
  return out;
}

// Valid configs to change one thing of: the defaults, every preset, the defaults on every dataset (with
// the first loss that suits it, when the default does not).
std::vector<std::pair<std::string, RunConfig>> starting_points() {
  std::vector<std::pair<std::string, RunConfig>> out = {{"", RunConfig{}}};
  for (const Preset& p : presets())
    if (validate(p.config).empty()) out.emplace_back(std::string(p.name), p.config);
  for (std::string_view dataset : find_field("dataset")->choices) {
    RunConfig c;
    if (set_field(c, "dataset", std::string(dataset))) continue;
    for (size_t i = 0; i < loss_registry().size() && !validate(c).empty(); ++i)
      set_field(c, "loss", std::string(loss_registry()[i].name));
    if (validate(c).empty()) out.emplace_back("", c);
  }
  // Custom data needs its points (they are not defaults): eight points in two classes and a holdout.
  RunConfig custom;
  use_custom_points(custom, 2, {-1, -1, 0, 1, 1, 0, -1, 1, 1, 1, -1, 1, 0.5, 0.5, 0, -0.5, 0.5, 1, 2, 0, 0, 0, 2, 1},
                    0.25);
  out.emplace_back("", custom);
  return out;
}

// Tries each candidate of `key` on each starting point; every valid, changed config must come back
// equal. Returns how many round-tripped.
int round_trip_field(std::string_view key, const std::vector<std::pair<std::string, RunConfig>>& starts,
                     const RunConfig* only = nullptr) {
  int done = 0;
  for (const auto& [preset, start] : starts) {
    if (only && !(start == *only)) continue;
    const std::optional<FieldSpec> spec = find_field(start, key);
    if (!spec) continue;
    for (const json& value : candidates(*spec)) {
      RunConfig c = start;
      if (set_field(c, key, value) || c == start || !validate(c).empty()) continue;
      for (std::string_view from : {std::string_view(preset), std::string_view()}) {
        std::vector<ConfigError> errors;
        const RunConfig back = round_trip(c, from, errors);
        INFO("field " << key << " = " << value.dump() << " from '" << from << "': " << config_to_query(c, from));
        CHECK(errors.empty());
        CAPTURE(describe(errors));
        CHECK(back == c);
        if (back == c) ++done;
      }
    }
  }
  return done;
}

}  // namespace

TEST_CASE("every field of the table round-trips through a link at non-default values") {
  const auto starts = starting_points();
  std::vector<std::string> never;
  for (const FieldSpec& f : config_fields()) {
    if (round_trip_field(f.key, starts) == 0) never.push_back(std::string(f.key));
  }
  INFO("fields that no starting point and no candidate value could change to a valid config");
  CAPTURE(never);
  CHECK(never.empty());
}

TEST_CASE("every loss of the registry and each of its parameters round-trips through a link") {
  const auto starts = starting_points();
  std::vector<std::string> no_valid_start, unchanged;
  for (const LossInfo& loss : loss_registry()) {
    // The first starting point on which the loss is valid (a regression loss needs a regression dataset).
    std::optional<std::pair<std::string, RunConfig>> base;
    for (const auto& [preset, start] : starts) {
      RunConfig c = start;
      if (!set_field(c, "loss", std::string(loss.name)) && validate(c).empty()) {
        base = {preset, c};
        break;
      }
    }
    if (!base) {
      no_valid_start.push_back(std::string(loss.name));
      continue;
    }
    if (!(base->second == RunConfig{})) {
      std::vector<ConfigError> errors;
      CHECK(round_trip(base->second, base->first, errors) == base->second);
      CHECK(errors.empty());
    }
    for (const ParamSpec& p : loss.params)
      if (round_trip_field("loss." + std::string(p.name), {*base}) == 0)
        unchanged.push_back(std::string(loss.name) + ".loss." + std::string(p.name));
  }
  CAPTURE(no_valid_start, unchanged);
  CHECK(no_valid_start.empty());
  CHECK(unchanged.empty());
}

TEST_CASE("every preset round-trips by name and as changes from the defaults") {
  for (const Preset& p : presets()) {
    INFO(p.name);
    if (!validate(p.config).empty()) continue;  // "every preset is a valid config" (test_run_config) says so
    const std::string by_name = config_to_query(p.config, p.name);
    CHECK(by_name == "preset=" + std::string(p.name) + "&v=" + std::string(app_version()));
    std::vector<ConfigError> errors;
    CHECK(round_trip(p.config, p.name, errors) == p.config);
    CHECK(errors.empty());
    CHECK(round_trip(p.config, "", errors) == p.config);
    CHECK(errors.empty());
  }
}

TEST_CASE("random combinations of changes round-trip through a link") {
  std::mt19937 rng(7);
  const auto starts = starting_points();
  int checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const auto& [preset, start] = starts[rng() % starts.size()];
    RunConfig c = start;
    for (int change = 0; change < 6; ++change) {
      const std::vector<FieldSpec> fields = config_fields(c);
      const FieldSpec& f = fields[rng() % fields.size()];
      const std::vector<json> values = candidates(f);
      RunConfig next = c;
      if (!set_field(next, f.key, values[rng() % values.size()]) && validate(next).empty()) c = next;
    }
    std::vector<ConfigError> errors;
    const RunConfig back = round_trip(c, preset, errors);
    INFO(config_to_query(c, preset));
    CAPTURE(describe(errors));
    CHECK(errors.empty());
    CHECK(back == c);
    ++checked;
  }
  CHECK(checked == 400);
}

TEST_CASE("a link writes only what differs and carries the version") {
  RunConfig c = find_preset("moons")->config;
  c.lr = 0.003f;
  c.hidden = {128, 32};
  c.loss = "gce";
  c.loss_params = default_loss_params(*find_loss("gce"));
  c.loss_params[0] = 0.5;
  CHECK(config_to_query(c, "moons") ==
        "preset=moons&hidden=128,32&loss=gce&lr=0.003&loss.q=0.5&v=" + std::string(app_version()));
  CHECK_THAT(config_to_query(RunConfig{}), Catch::Equals("v=" + std::string(app_version())));
  RunConfig linear;
  linear.hidden = {};
  CHECK_THAT(config_to_query(linear), Catch::StartsWith("hidden=&"));
  CHECK(percent_encode("a b+c/é") == "a%20b%2Bc%2F%C3%A9");
}

TEST_CASE("no config key collides with a link's own keys") {
  for (const FieldSpec& f : config_fields())
    for (std::string_view own : {"preset", "v", "plots"}) CHECK(f.key != own);
}

TEST_CASE("bad values in a link are refused field by field and the rest applies") {
  RunConfig c;
  const auto errors = apply_query(c, "#lr=abc&seed=5&activation=tanh&noise=9&learnrate=1&hidden=64,0");
  std::vector<std::string> fields;
  for (const ConfigError& e : errors) {
    fields.push_back(e.field);
    CHECK_THAT(e.message, Catch::Contains(e.field));
  }
  std::sort(fields.begin(), fields.end());
  CHECK(fields == std::vector<std::string>{"hidden", "learnrate", "lr", "noise"});
  CHECK(c.seed == 5);
  CHECK(c.activation == Activation::tanh);
  CHECK(c.lr == RunConfig{}.lr);
  CHECK(c.hidden == RunConfig{}.hidden);
  auto message = [&](std::string_view field) {
    for (const ConfigError& e : errors)
      if (e.field == field) return e.message;
    return std::string();
  };
  CHECK_THAT(message("noise"), Catch::Contains("out of range; allowed [0, 2]"));
  CHECK_THAT(message("learnrate"), Catch::Contains("unknown key 'learnrate'"));
}

TEST_CASE("NaN and infinities are refused naming the field and its range") {
  for (const char* text : {"nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999"}) {
    RunConfig c;
    const auto errors = apply_query(c, "lr=" + std::string(text) + "&seed=3");
    INFO(text);
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "lr");
    CHECK_THAT(errors[0].message, Catch::Contains("allowed [") && Catch::Contains(", 10]"));
    CHECK(c.seed == 3);
  }
  RunConfig c;
  const auto errors = apply_query(c, "label_noise=matrix&classes=2&label_noise.matrix=1,0,nan,1");
  INFO(describe(errors));
  REQUIRE(errors.size() >= 1);
  CHECK(errors[0].field == "label_noise.matrix");
  CHECK(validate(c).empty());
}

TEST_CASE("hostile links get short messages and change nothing they name") {
  SECTION("a list over its length") {
    RunConfig c;
    const auto errors = apply_query(c, "hidden=1,2,3,4,5,6,7,8,9&seed=2");
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("hidden: has 9 entries; at most 8"));
    CHECK(c.seed == 2);
  }
  SECTION("an overlong value") {
    RunConfig c;
    std::string list;
    for (int i = 0; i < 1000; ++i) list += "64,";
    const auto errors = apply_query(c, "hidden=" + list + "&seed=2");
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "hidden");
    CHECK_THAT(errors[0].message, Catch::Contains("too long; at most 2048"));
    CHECK(c.seed == 2);
  }
  SECTION("an overlong key and a key of odd bytes") {
    RunConfig c;
    const auto errors = apply_query(c, std::string(500, 'k') + "=1&%00%ff=2&seed=2");
    INFO(describe(errors));
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message.size() < 200);
    CHECK_THAT(errors[1].message, Catch::Contains("printable ASCII"));
    CHECK(json(errors[1].message).dump().size() > 0);  // valid UTF-8: JSON can carry it
    CHECK(c.seed == 2);
  }
  SECTION("odd bytes in a value and malformed escapes") {
    RunConfig c;
    const auto errors = apply_query(c, "loss=g%C3%A9&activation=%zz&dataset=%4&seed=2");
    INFO(describe(errors));
    REQUIRE(errors.size() == 3);
    for (const ConfigError& e : errors) CHECK(json(e.message).dump().size() > 0);
    CHECK(c.seed == 2);
  }
  SECTION("a key given twice applies neither value") {
    RunConfig c;
    const auto errors = apply_query(c, "seed=3&lr=0.1&seed=4");
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "seed");
    CHECK_THAT(errors[0].message, Catch::Contains("given 2 times"));
    CHECK(c.seed == RunConfig{}.seed);
    CHECK(c.lr == 0.1f);
  }
  SECTION("a link over the length limit is refused whole") {
    RunConfig c;
    const auto errors = apply_query(c, "seed=2&" + std::string(kMaxQueryLength, 'a'));
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("too long"));
    CHECK(c == RunConfig{});
  }
  SECTION("too many settings") {
    RunConfig c;
    std::string query = "seed=2";
    for (size_t i = 0; i < kMaxQueryPairs + 10; ++i) query += "&x=1";
    const auto errors = apply_query(c, query);
    CHECK(std::any_of(errors.begin(), errors.end(),
                      [](const ConfigError& e) { return e.message.find("were not read") != std::string::npos; }));
    CHECK(c.seed == 2);  // the first settings were read ('x', given many times, applies none)
  }
  SECTION("a key without a value, a value without a key, empty pieces") {
    RunConfig c;
    const auto errors = apply_query(c, "&&seed&=3&lr=0.5&");
    INFO(describe(errors));
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].field == "seed");
    CHECK_THAT(errors[1].message, Catch::Contains("without a key"));
    CHECK(c.lr == 0.5f);
  }
}

TEST_CASE("an unknown preset and a malformed version are named and the rest applies") {
  RunConfig c;
  const auto errors = apply_query(c, "preset=nope&v=1.x&seed=9");
  INFO(describe(errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "preset");
  CHECK_THAT(errors[0].message, Catch::Contains("known presets: spirals"));
  CHECK(errors[1].field == "v");
  CHECK(c.seed == 9);
  RunConfig d;
  CHECK(apply_query(d, "v=0.0.9&preset=moons").empty());  // another version's link still loads
  CHECK(d == find_preset("moons")->config);
}

TEST_CASE("values fine alone but not together are taken back one field at a time") {
  SECTION("a batch larger than the training split") {
    RunConfig c;
    const auto errors = apply_query(c, "n_train=200&batch_size=5000&seed=4");
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "batch_size");
    CHECK_THAT(errors[0].message, Catch::Contains("allowed [1, 200]") && Catch::EndsWith("(not applied)"));
    CHECK(c.n_train == 200);
    CHECK(c.batch_size == RunConfig{}.batch_size);
    CHECK(c.seed == 4);
    CHECK(validate(c).empty());
  }
  SECTION("a field that breaks a field the link left alone goes back and the innocent stay") {
    RunConfig c;
    const auto errors = apply_query(c, "n_train=100&seed=4&lr=0.5");
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "n_train");
    CHECK_THAT(errors[0].message, Catch::Contains("batch_size: 128 is larger than the training split"));
    CHECK(c.n_train == RunConfig{}.n_train);
    CHECK(c.seed == 4);
    CHECK(c.lr == 0.5f);
  }
  SECTION("a loss and its parameters go back together") {
    RunConfig c;
    const auto errors = apply_query(c, "preset=token-lm-64k&loss=gce&loss.q=0.5&seed=4");
    REQUIRE(!errors.empty());
    CHECK(errors[0].field == "loss");
    CHECK(c.loss == find_preset("token-lm-64k")->config.loss);
    CHECK(c.seed == 4);
    CHECK(validate(c).empty());
  }
  SECTION("a problem that names a field the link did not set takes back the link's last field") {
    RunConfig c;
    const auto errors = apply_query(c, "seed=4&hidden=1024,1024,1024,1024,1024,1024,1024,1024");
    REQUIRE(!errors.empty());
    CHECK(errors.back().field == "hidden");
    CHECK_THAT(errors.back().message, Catch::Contains("not applied"));
    CHECK(c.hidden == RunConfig{}.hidden);
    CHECK(c.seed == 4);
    CHECK(validate(c).empty());
  }
}

TEST_CASE("keys the caller handles are handed back decoded with the preset named") {
  RunConfig c;
  LinkExtras extras{{"plots"}};
  const auto errors = apply_query(c, "plots=loss%2Caccuracy&seed=2&preset=moons&plots2=x", &extras);
  INFO(describe(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "plots2");
  REQUIRE(extras.pairs.size() == 1);
  CHECK(extras.pairs[0].key == "plots");
  CHECK(extras.pairs[0].value == "loss,accuracy");
  CHECK(extras.preset == "moons");
  CHECK(c.seed == 2);
}

TEST_CASE("any text gives a valid config and messages JSON can carry") {
  // A cheap cousin of the fuzz target (tests/fuzz/): random texts over the link's own alphabet.
  std::mt19937 rng(11);
  const std::string pieces[] = {"=", "&", "%", "%2", "%41", "%C3", ".", ",", "-", "e", "9", "0", "1", "nan", "inf",
                                "lr", "loss", "loss.q", "gce", "hidden", "preset", "moons", "v", "seed", "batch_size",
                                "n_train", "dataset", "modular", "zipf_markov", "label_noise", "matrix",
                                "label_noise.matrix", "#", "?", "\xff", " ", "+"};
  for (int trial = 0; trial < 3000; ++trial) {
    std::string query;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) query += pieces[rng() % std::size(pieces)];
    RunConfig c;
    std::vector<ConfigError> errors;
    REQUIRE_NOTHROW(errors = apply_query(c, query));
    INFO(query);
    CHECK(validate(c).empty());
    for (const ConfigError& e : errors) REQUIRE_NOTHROW(json(e.message).dump());
  }
}
