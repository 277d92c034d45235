// Kept runs (train/run_record.hpp) and config differences (train/config_diff.hpp): a trained run's record
// survives its JSON form exactly (NaN gaps and events included), damaged or hostile records are refused
// with the field that is wrong, and the compare view's diff lists exactly the settings that differ.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/small_moons.hpp"
#include "train/config_diff.hpp"
#include "train/presets.hpp"
#include "train/run_record.hpp"
#include "train/trainer.hpp"

using namespace losslab;
using nlohmann::json;

namespace {

RunRecord trained_record() {
  RunConfig c = small_moons_config(30);
  c.label_noise = LabelNoise::symmetric;
  c.noise_rate = 0.2;
  Trainer t(c);
  while (t.step() == RunState::running) {
  }
  RunRecord r;
  r.id = "run-1";
  r.name = "B (GCE)";
  r.preset = "moons";
  r.config = c;
  r.history = t.history();
  r.history.add("with_gap", 5, std::numeric_limits<double>::quiet_NaN());
  r.history.add("with_gap", 6, 0.5);
  r.history.add_event(12, "loss: ce → gce");
  r.steps = t.steps_done();
  r.pinned = true;
  r.shown = false;
  r.saved_at = 1.8e9;
  return r;
}

bool same_history(const History& a, const History& b) {
  if (a.events() != b.events() || a.series().size() != b.series().size()) return false;
  for (size_t i = 0; i < a.series().size(); ++i) {
    const Series &x = a.series()[i], &y = b.series()[i];
    if (x.name != y.name || x.step != y.step) return false;
    for (size_t k = 0; k < x.value.size(); ++k)
      if (!(x.value[k] == y.value[k] || (std::isnan(x.value[k]) && std::isnan(y.value[k])))) return false;
  }
  return true;
}

std::vector<std::string> error_fields(const RunRecordRead& read) {
  std::vector<std::string> out;
  for (const ConfigError& e : read.errors) out.push_back(e.field);
  return out;
}

}  // namespace

TEST_CASE("a trained run's record reads back from its JSON exactly") {
  const RunRecord r = trained_record();
  REQUIRE(r.history.find("test_acc") != nullptr);
  const RunRecordRead back = run_record_from_json(run_record_to_json(r).dump());
  INFO(back.errors.size());
  REQUIRE(back.record.has_value());
  const RunRecord& b = *back.record;
  CHECK(b.id == r.id);
  CHECK(b.name == r.name);
  CHECK(b.preset == r.preset);
  CHECK(b.steps == r.steps);
  CHECK(b.pinned);
  CHECK_FALSE(b.shown);
  CHECK(b.saved_at == r.saved_at);
  CHECK(to_json(b.config) == to_json(r.config));
  CHECK(same_history(b.history, r.history));
  CHECK(std::isnan(b.history.find("with_gap")->value[0]));
}

TEST_CASE("a damaged run record is refused naming the field that is wrong") {
  const json good = run_record_to_json(trained_record());
  auto with = [&](auto change) {
    json j = good;
    change(j);
    return run_record_from_json(j.dump());
  };
  using V = std::vector<std::string>;
  CHECK(error_fields(run_record_from_json("{not json")) == V{"run"});
  CHECK(error_fields(run_record_from_json(R"({"lr": 0.1})")) == V{"run"});
  CHECK(error_fields(with([](json& j) { j["losslab_run"] = 99; })) == V{"losslab_run"});
  CHECK(error_fields(with([](json& j) { j["name"] = std::string(65, 'x'); })) == V{"name"});
  CHECK(error_fields(with([](json& j) { j["name"] = "tab\there"; })) == V{"name"});
  CHECK(error_fields(with([](json& j) { j.erase("name"); })) == V{"name"});
  CHECK(error_fields(with([](json& j) { j["pinned"] = "yes"; })) == V{"pinned"});
  CHECK(error_fields(with([](json& j) { j["steps"] = -3; })) == V{"steps"});
  CHECK(error_fields(with([](json& j) { j["config"]["lr"] = -1; })) == V{"config.lr"});
  CHECK(error_fields(with([](json& j) { j.erase("config"); })) == V{"config"});
  CHECK(error_fields(with([](json& j) { j["history"]["series"]["test_acc"]["value"].push_back(0.5); })) ==
        V{"history.series.test_acc"});
  CHECK(error_fields(with([](json& j) {
          auto& steps = j["history"]["series"]["test_acc"]["step"];
          std::swap(steps[0], steps[1]);
        })) == V{"history.series.test_acc.step[1]"});
  CHECK(error_fields(with([](json& j) { j["history"]["series"]["test_acc"]["value"][0] = "high"; })) ==
        V{"history.series.test_acc.value[0]"});
  CHECK(error_fields(with([](json& j) { j["history"]["events"] = {{{"step", -1}, {"text", "x"}}}; })) ==
        V{"history.events[0]"});
  CHECK(error_fields(with([](json& j) { j["history"] = 3; })) == V{"history"});
  // Two problems: both named, no record.
  const RunRecordRead two = with([](json& j) {
    j["config"]["loss"] = "no-such-loss";
    j["shown"] = 1;
  });
  CHECK(two.errors.size() == 2);
  CHECK_FALSE(two.record.has_value());
}

TEST_CASE("a record too large to read is refused before it is parsed") {
  const std::string huge(kMaxRecordText + 1, ' ');
  const RunRecordRead read = run_record_from_json(huge);
  CHECK(error_fields(read) == std::vector<std::string>{"run"});
  CHECK(read.errors[0].message.find("MB") != std::string::npos);
}

TEST_CASE("the config difference lists exactly the settings that differ") {
  RunConfig a = find_preset("moons")->config;
  RunConfig b = a, c = a;
  REQUIRE_FALSE(set_field_from_text(b, "lr", "0.003").has_value());
  REQUIRE_FALSE(set_field_from_text(c, "loss", "gce").has_value());
  REQUIRE_FALSE(set_field_from_text(c, "loss.q", "0.5").has_value());
  const RunConfig* two[] = {&a, &a};
  CHECK(config_differences(two).empty());
  const RunConfig* one[] = {&a};
  CHECK(config_differences(one).empty());

  const RunConfig* three[] = {&a, &b, &c};
  const std::vector<ConfigDifference> d = config_differences(three);
  std::vector<std::string> keys;
  for (const ConfigDifference& x : d) keys.push_back(x.key);
  CHECK(keys == std::vector<std::string>{"loss", "lr", "loss.q"});
  const auto& lr = d[1].values;
  CHECK(lr[0] == field_value_text(get_field(a, *find_field("lr"))));
  CHECK(lr[1] == "0.003");
  CHECK(d[0].values[2] == "gce");
  // The GCE parameter applies to run c only.
  CHECK(d[2].values[0] == "n/a");
  CHECK(d[2].values[2] == "0.5");
}
