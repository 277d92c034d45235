// The user's own points (data/custom_points.hpp): they make a split the way the config says, validation
// names the field and the row, the editing operations do what the plot's clicks mean, and a run on them
// trains, is reproducible, and survives a link and a config file whole.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "train/config_diff.hpp"
#include "train/config_url.hpp"
#include "train/custom_data.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

// Two-class XOR on the plane: 4·m points, labels by quadrant.
std::vector<double> xor_points(int m) {
  std::vector<double> p;
  Rng rng(7);
  for (int i = 0; i < m; ++i)
    for (int q = 0; q < 4; ++q) {
      const double sx = q & 1 ? 1 : -1, sy = q & 2 ? 1 : -1;
      add_point(p, sx * (0.3 + 1.5 * rng.uniform()), sy * (0.3 + 1.5 * rng.uniform()), sx * sy > 0 ? 1 : 0);
    }
  return p;
}

RunConfig custom_config(std::vector<double> points, double holdout = 0) {
  RunConfig c;
  use_custom_points(c, 2, std::move(points), holdout);
  c.hidden = {16, 16};
  c.steps = 400;
  c.eval_every = 50;
  c.lr = 0.02f;
  return c;
}

void run_to_end(Trainer& t) {
  while (t.step() == RunState::running) {
  }
}

std::string messages(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += e.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("custom points make the split the config asks for") {
  CustomPointsSettings s{2, xor_points(10), 0};
  Rng rng(1);
  SECTION("holdout 0: every point trains, and the test split is the same points") {
    const Split split = make_custom_split(s, rng);
    CHECK(split.train.size() == 40);
    CHECK(split.test.size() == 40);
    CHECK(split.train.x == split.test.x);
    CHECK(split.train.num_classes == 2);
    CHECK(split.calib.size() == 0);
    for (int i = 0; i < 40; ++i) {
      CHECK(split.train.origin[static_cast<size_t>(i)] == i);
      CHECK(split.train.x(0, i) == static_cast<float>(s.points[static_cast<size_t>(3 * i)]));
      CHECK(split.train.y[static_cast<size_t>(i)] == static_cast<int>(s.points[static_cast<size_t>(3 * i + 2)]));
    }
  }
  SECTION("holdout 0.25: a quarter is tested, disjoint from training, chosen by the seed") {
    s.holdout = 0.25;
    const Split a = make_custom_split(s, rng);
    CHECK(a.test.size() == 10);
    CHECK(a.train.size() == 30);
    std::set<int> all(a.train.origin.begin(), a.train.origin.end());
    for (int i : a.test.origin) CHECK(all.insert(i).second);
    CHECK(all.size() == 40);
    Rng same(1), other(2);
    CHECK(make_custom_split(s, same).test.origin == a.test.origin);
    CHECK(make_custom_split(s, other).test.origin != a.test.origin);
  }
  SECTION("the class count is the largest label + 1, so a click can start a new class") {
    add_point(s.points, 0, 0, 4);
    CHECK(custom_classes(s) == 5);
    const DataShape shape = data_shape({.kind = DatasetKind::custom, .custom = s});
    CHECK(shape.classes == 5);
    CHECK(shape.inputs == 2);
    CHECK(shape.n_train == 41);
  }
}

TEST_CASE("bad custom points are refused, naming the field and the row") {
  RunConfig c = custom_config(xor_points(3));
  REQUIRE(validate(c).empty());
  SECTION("rows that are not whole") {
    c.points.pop_back();
    const auto errors = validate(c);
    INFO(messages(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "points");
    CHECK_THAT(errors[0].message, Catch::Contains("not whole rows of 3"));
  }
  SECTION("too few points") {
    c.points.resize(9);
    const auto errors = validate(c);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("at least 4 points") && Catch::Contains("click the 2-D plot"));
  }
  SECTION("a label that is not a class number") {
    c.points[3 * 4 + 2] = 1.5;
    auto errors = validate(c);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("point 5 has the label 1.5"));
    c.points[3 * 4 + 2] = 9;
    errors = validate(c);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("[0, 7]"));
  }
  SECTION("features that do not match the rows") {
    c.features = 3;  // 36 numbers: 9 rows of 4, labels now coordinates
    const auto errors = validate(c);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].field == "points");
  }
  SECTION("a batch larger than the points is the whole set, not an error") {
    c.batch_size = 512;
    CHECK(validate(c).empty());
    Trainer t(c);
    t.step();
    CHECK(t.steps_done() == 1);
  }
  SECTION("the points are checked only when the dataset is custom") {
    c.points.pop_back();
    c.dataset = DatasetKind::moons;
    CHECK(validate(c).empty());
  }
}

TEST_CASE("editing points as the 2-D plot does") {
  std::vector<double> p;
  add_point(p, 0.123, -1.987, 1);
  add_point(p, 1.0, 1.0, 0);
  CHECK(p == std::vector<double>{0.12, -1.99, 1, 1, 1, 0});
  CHECK(nearest_point(p, 0.9, 1.05, 0.2) == 1);
  CHECK(nearest_point(p, 0.5, 0.5, 0.2) == -1);
  move_point(p, 1, -0.5, 0.25);
  CHECK(p == std::vector<double>{0.12, -1.99, 1, -0.5, 0.25, 0});
  delete_point(p, 0);
  CHECK(p == std::vector<double>{-0.5, 0.25, 0});
  delete_point(p, 5);  // out of range: nothing
  move_point(p, -1, 0, 0);
  CHECK(p.size() == 3);

  Rng rng(3);
  const Split moons = make_split({.kind = DatasetKind::moons, .n_train = 300, .n_test = 16, .n_calib = 0}, rng);
  const std::vector<double> from = points_from_dataset(moons.train, 100);
  REQUIRE(from.size() == 300);
  CHECK(std::count(from.begin(), from.end(), 1.0) >= 50);  // labels alternate: both classes in any prefix
  CHECK(from[0] == std::round(moons.train.x(0, 0) * 100.0) / 100.0);
}

TEST_CASE("a run on custom points learns them, and the same config gives the same History") {
  const RunConfig c = custom_config(xor_points(12));
  REQUIRE(validate(c).empty());
  Trainer a(c);
  run_to_end(a);
  const double acc = a.history().last("train_acc");
  INFO("train accuracy on 48 XOR points: " << acc);
  CHECK(acc >= 0.97);
  Trainer b(c);
  run_to_end(b);
  CHECK(a.history().to_csv() == b.history().to_csv());

  SECTION("through a link, points and all") {
    RunConfig back;
    const std::string query = config_to_query(c);
    CHECK_THAT(query, Catch::Contains("dataset=custom") && Catch::Contains("points="));
    INFO(query);
    const auto errors = apply_query(back, query);
    INFO(messages(errors));
    CHECK(errors.empty());
    CHECK(back == c);
  }
  SECTION("through a config file") {
    RunConfig back;
    CHECK(apply_json(back, to_json(c)).empty());
    CHECK(back == c);
  }
  SECTION("a link holds 4,000 points, the most a config does") {
    RunConfig big = c;
    big.points.clear();
    Rng rng(5);
    for (int i = 0; i < kMaxCustomNumbers / 3; ++i)
      add_point(big.points, 4 * rng.uniform() - 2, 4 * rng.uniform() - 2, static_cast<int>(rng.below(3)));
    REQUIRE(validate(big).empty());
    const std::string query = config_to_query(big);
    INFO(query.size() << " characters");
    CHECK(query.size() < kMaxQueryLength);
    RunConfig back;
    const auto errors = apply_query(back, query);
    INFO(messages(errors));
    CHECK(errors.empty());
    CHECK(back == big);
    big.points.insert(big.points.end(), {0, 0, 0});
    const auto over = validate(big);
    REQUIRE(over.size() == 1);
    CHECK_THAT(over[0].message, Catch::Contains("at most 12000"));
  }
  SECTION("the compare view tells two point sets apart without printing them") {
    RunConfig moved = c;
    move_point(moved.points, 0, 0.5, 0.5);
    const RunConfig* both[] = {&c, &moved};
    const auto diff = config_differences(both);
    REQUIRE(diff.size() == 1);
    CHECK(diff[0].key == "points");
    CHECK_THAT(diff[0].values[0], Catch::Matches("144 numbers \\(#[0-9a-f]{4}\\)"));
    CHECK(diff[0].values[0] != diff[0].values[1]);
  }
}

TEST_CASE("custom data turns a regression preset's loss back into a classification loss") {
  RunConfig c;
  set_field(c, "dataset", "heavy_tail_regression");
  set_field(c, "loss", "mse");
  use_custom_points(c, 2, xor_points(2), 0);
  CHECK(c.loss == "ce");
  CHECK(validate(c).empty());
}
