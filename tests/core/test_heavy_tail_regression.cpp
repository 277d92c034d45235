// The heavy-tailed 1-D regression dataset: shapes, clean test targets, the Student-t noise's law,
// determinism, and its row in the dataset registry and the config.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "data/datasets.hpp"
#include "data/heavy_tail_regression.hpp"
#include "train/run_config.hpp"

using namespace losslab;

TEST_CASE("heavy-tail regression: shapes and clean targets on the test split") {
  Rng rng(5);
  const HeavyTailRegressionSettings s{0.15f, 1.5f};
  const Split split = make_heavy_tail_regression_split(s, 400, 300, rng);
  CHECK(split.calib.size() == 0);
  for (const Dataset* d : {&split.train, &split.test}) {
    REQUIRE(d->x.rows() == 1);
    REQUIRE(d->size() == d->x.cols());
    REQUIRE(d->values.size() == static_cast<size_t>(d->size()));
    REQUIRE(d->clean_values.size() == static_cast<size_t>(d->size()));
    CHECK(d->num_classes == 1);
    CHECK(std::all_of(d->y.begin(), d->y.end(), [](int32_t y) { return y == 0; }));
    for (int i = 0; i < d->size(); ++i) {
      const double x = d->x(0, i);
      CHECK(x >= -1.0);
      CHECK(x < 1.0);
      CHECK(d->clean_values[static_cast<size_t>(i)] == heavy_tail_clean_target(x));
      // Inside the binned losses' default range [-1, 1], with room to spare.
      CHECK(std::abs(d->clean_values[static_cast<size_t>(i)]) <= 0.8);
    }
  }
  CHECK(split.test.values == split.test.clean_values);
  int noisy = 0;
  for (size_t i = 0; i < split.train.values.size(); ++i) noisy += split.train.values[i] != split.train.clean_values[i];
  CHECK(noisy == split.train.size());
}

TEST_CASE("heavy-tail regression: noise 0 gives clean training targets and the same seed the same split") {
  Rng a(9), b(9), c(10);
  const Split first = make_heavy_tail_regression_split({0.0f, 2.0f}, 200, 100, a);
  const Split again = make_heavy_tail_regression_split({0.0f, 2.0f}, 200, 100, b);
  const Split other = make_heavy_tail_regression_split({0.0f, 2.0f}, 200, 100, c);
  CHECK(first.train.values == first.train.clean_values);
  CHECK(first.train.x == again.train.x);
  CHECK(first.train.values == again.train.values);
  CHECK(first.test.x == again.test.x);
  CHECK(first.train.x != other.train.x);
}

TEST_CASE("student-t draws follow their law: Cauchy quartiles and a near-Gaussian at large dof") {
  Rng rng(11);
  constexpr int n = 40000;
  int inside = 0;
  for (int i = 0; i < n; ++i) inside += std::abs(sample_student_t(rng, 1.0)) <= 1.0;
  CHECK(static_cast<double>(inside) / n == Approx(0.5).margin(0.015));  // P(|Cauchy| <= 1) = 1/2
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double t = sample_student_t(rng, 100.0);
    sum += t;
    sum_sq += t * t;
  }
  CHECK(sum / n == Approx(0).margin(0.03));
  CHECK(sum_sq / n == Approx(100.0 / 98.0).margin(0.04));  // Var t_nu = nu / (nu - 2)
}

TEST_CASE("heavy-tail regression is in the registry with one input and a regression flag") {
  const auto kind = dataset_from_name("heavy_tail_regression");
  REQUIRE(kind);
  const DatasetInfo& info = dataset_info(*kind);
  CHECK(info.regression);
  CHECK_FALSE(info.planar);
  CHECK_FALSE(info.language);
  RunConfig c;
  REQUIRE_FALSE(set_field(c, "dataset", "heavy_tail_regression"));
  REQUIRE_FALSE(set_field(c, "tail_dof", 3.0));
  CHECK(c.data_settings().regression.tail_dof == 3.0f);
  const DataShape shape = data_shape(c.data_settings());
  CHECK(shape.inputs == 1);
  CHECK(shape.n_calib == 0);
  CHECK(set_field(c, "tail_dof", 0.5));  // below 1: refused
  for (const DatasetInfo& d : dataset_registry())
    if (d.kind != *kind) CHECK_FALSE(d.regression);
}
