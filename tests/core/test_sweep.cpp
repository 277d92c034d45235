#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/small_moons.hpp"
#include "train/presets.hpp"
#include "train/sweep.hpp"

namespace losslab {
namespace {

RunConfig tiny_config() { return small_moons_config(20); }

SweepAxis axis(const std::string& text) {
  SweepAxis a;
  REQUIRE_FALSE(parse_grid_axis(text, a).has_value());
  return a;
}

}  // namespace

TEST_CASE("grid axes parse from key=v1,v2 and reject empty values") {
  const SweepAxis a = axis("lr = 0.1, 0.01");
  CHECK(a.key == "lr");
  CHECK(a.values == std::vector<std::string>{"0.1", "0.01"});
  SweepAxis bad;
  CHECK(parse_grid_axis("lr", bad).has_value());
  CHECK(parse_grid_axis("=1,2", bad).has_value());
  const auto empty = parse_grid_axis("lr=0.1,,0.2", bad);
  REQUIRE(empty.has_value());
  CHECK(empty->field == "lr");
}

TEST_CASE("the grid is the product of its axes with the first axis slowest") {
  const std::vector<SweepAxis> grid = {axis("hidden=8/8,16"), axis("seed=1,2,3")};
  std::vector<SweepRun> runs;
  REQUIRE(expand_grid(tiny_config(), grid, runs).empty());
  REQUIRE(runs.size() == 6);
  CHECK(runs[0].label() == "hidden=8/8 seed=1");
  CHECK(runs[2].label() == "hidden=8/8 seed=3");
  CHECK(runs[3].label() == "hidden=16 seed=1");
  CHECK(runs[0].config.hidden == std::vector<int>{8, 8});
  CHECK(runs[5].config.hidden == std::vector<int>{16});
  CHECK(runs[5].config.seed == 3);
  CHECK(runs[5].config.lr == tiny_config().lr);  // untouched fields keep the base's value
}

TEST_CASE("a bad grid value is named by its field and no run is made") {
  std::vector<SweepRun> runs;
  const std::vector<SweepAxis> grid = {axis("lr=0.01,-1"), axis("nonsense=1")};
  const auto errors = expand_grid(tiny_config(), grid, runs);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "lr");
  CHECK(errors[1].field == "nonsense");
  CHECK(runs.empty());
  // A point that breaks a cross-field rule names the point.
  const std::vector<SweepAxis> too_big = {axis("batch_size=32,1000")};
  const auto point_errors = expand_grid(tiny_config(), too_big, runs);
  REQUIRE_FALSE(point_errors.empty());
  CHECK(point_errors[0].message.find("batch_size=1000") != std::string::npos);
}

TEST_CASE("the sweep curve averages runs that share an x and sorts by x whatever the finishing order") {
  const std::vector<SweepAxis> grid = {axis("hidden=16,4"), axis("seed=1,2")};
  std::vector<SweepRun> runs;
  REQUIRE(expand_grid(tiny_config(), grid, runs).empty());
  Sweep sweep(runs, "hidden");
  std::vector<SweepOutcome> outcomes;
  for (size_t i = 0; i < sweep.size(); ++i) {
    Trainer t(sweep.run(i).config);
    while (t.step() == RunState::running) {
    }
    outcomes.push_back(sweep_outcome(t));
  }
  CHECK(sweep.next() == 0);
  for (size_t i : {3u, 1u, 2u}) sweep.record(i, outcomes[i]);
  CHECK(sweep.finished() == 3);
  CHECK(sweep.next() == 0);
  sweep.record(0, outcomes[0]);
  CHECK(sweep.next() == sweep.size());

  const Series* acc = sweep.curve().find("test_acc");
  REQUIRE(acc != nullptr);
  CHECK(acc->step == std::vector<int64_t>{4, 16});
  CHECK(acc->value[0] == Approx((outcomes[2].final_value("test_acc") + outcomes[3].final_value("test_acc")) / 2));
  CHECK(acc->value[1] == Approx((outcomes[0].final_value("test_acc") + outcomes[1].final_value("test_acc")) / 2));
  const Series* error = sweep.curve().find("test_error");
  REQUIRE(error != nullptr);
  CHECK(error->value[0] == Approx(1 - acc->value[0]));
  CHECK(outcomes[0].params == static_cast<int64_t>(Trainer(runs[0].config).params().size()));

  // x = params: the parameter counts (width 4 has fewer).
  Sweep by_params(runs, "params");
  for (size_t i = 0; i < by_params.size(); ++i) by_params.record(i, outcomes[i]);
  CHECK(by_params.curve().find("test_acc")->step == std::vector<int64_t>{outcomes[2].params, outcomes[0].params});
}

TEST_CASE("the sweep summary has a row per run and marks runs not yet run") {
  const std::vector<SweepAxis> grid = {axis("lr=0.01,0.02")};
  std::vector<SweepRun> runs;
  REQUIRE(expand_grid(tiny_config(), grid, runs).empty());
  Sweep sweep(runs, "params");
  Trainer t(sweep.run(1).config);
  while (t.step() == RunState::running) {
  }
  sweep.record(1, sweep_outcome(t));
  const std::string csv = sweep_summary_csv(sweep);
  CHECK(csv.rfind("run,lr,state,message,steps,params,final_", 0) == 0);
  CHECK(csv.find("\n0,0.01,not run,") != std::string::npos);
  CHECK(csv.find("\n1,0.02,finished,") != std::string::npos);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
}

}  // namespace losslab
