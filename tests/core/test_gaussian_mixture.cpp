// The K-class Gaussian mixture: shapes, balanced labels, the means' geometry, the within-class spread,
// determinism, and its row in the dataset registry and the config.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "data/datasets.hpp"
#include "data/gaussian_mixture.hpp"
#include "train/run_config.hpp"

using namespace losslab;

namespace {

GaussianMixtureSettings settings(int classes, int dimension, float mean_norm, float noise) {
  GaussianMixtureSettings s;
  s.classes = classes;
  s.dimension = dimension;
  s.mean_norm = mean_norm;
  s.noise = noise;
  return s;
}

}  // namespace

TEST_CASE("gaussian mixture splits have the right shapes and exactly balanced labels") {
  Rng rng(3);
  const Split s = make_gaussian_mixture_split(settings(7, 24, 2.0f, 0.5f), 701, 350, 99, rng);
  const Dataset* splits[] = {&s.train, &s.test, &s.calib};
  const int sizes[] = {701, 350, 99};
  for (int i = 0; i < 3; ++i) {
    const Dataset& d = *splits[i];
    CAPTURE(i);
    REQUIRE(d.x.rows() == 24);
    REQUIRE(d.x.cols() == sizes[i]);
    REQUIRE(d.size() == sizes[i]);
    CHECK(d.num_classes == 7);
    CHECK(d.x.allFinite());
    std::vector<int> counts(7, 0);
    for (int32_t y : d.y) {
      REQUIRE(y >= 0);
      REQUIRE(y < 7);
      counts[static_cast<size_t>(y)]++;
    }
    for (int c : counts) CHECK(std::abs(c - sizes[i] / 7) <= 1);
  }
}

TEST_CASE("gaussian mixture means have the set norm and random nearly orthogonal directions") {
  Rng rng(11);
  const int k = 16, d = 256;
  const Mat means = gaussian_mixture_means(k, d, 3.0f, rng);
  REQUIRE(means.rows() == d);
  REQUIRE(means.cols() == k);
  for (int a = 0; a < k; ++a) CHECK(means.col(a).norm() == Approx(3.0f).epsilon(1e-5));
  // Independent directions in d dimensions: cosines of order 1/√d = 0.06, none close to ±1.
  double max_cos = 0;
  for (int a = 0; a < k; ++a)
    for (int b = a + 1; b < k; ++b)
      max_cos = std::max(max_cos, std::abs(static_cast<double>(means.col(a).dot(means.col(b)) / 9.0f)));
  CHECK(max_cos < 0.35);
  CHECK(max_cos > 0.0);
}

TEST_CASE("gaussian mixture samples scatter around their class mean with std noise") {
  Rng means_rng(5), rng(6);
  const Mat means = gaussian_mixture_means(4, 20, 2.0f, means_rng);
  const Dataset noiseless = make_gaussian_mixture(means, 40, 0.0f, rng);
  for (int i = 0; i < noiseless.size(); ++i)
    CHECK((noiseless.x.col(i) - means.col(noiseless.y[static_cast<size_t>(i)])).norm() == Approx(0.0f).margin(1e-6));
  const Dataset d = make_gaussian_mixture(means, 4000, 0.5f, rng);
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < d.size(); ++i) {
    const auto offset = (d.x.col(i) - means.col(d.y[static_cast<size_t>(i)])).cast<double>().eval();
    sum += offset.sum();
    sum_sq += offset.squaredNorm();
  }
  const double n = 4000.0 * 20.0;
  CHECK(sum / n == Approx(0.0).margin(0.01));
  CHECK(std::sqrt(sum_sq / n) == Approx(0.5).epsilon(0.02));
}

TEST_CASE("gaussian mixture splits are deterministic in the seed and share their means") {
  const GaussianMixtureSettings s = settings(5, 16, 2.0f, 0.0f);
  Rng a(9), b(9), c(10);
  const Split s1 = make_gaussian_mixture_split(s, 100, 50, 20, a);
  const Split s2 = make_gaussian_mixture_split(s, 100, 50, 20, b);
  const Split s3 = make_gaussian_mixture_split(s, 100, 50, 20, c);
  CHECK(s1.train.x == s2.train.x);
  CHECK(s1.test.x == s2.test.x);
  CHECK(s1.calib.x == s2.calib.x);
  CHECK(s1.train.y == s2.train.y);
  CHECK(s1.train.x != s3.train.x);
  CHECK(a.next_u64() == b.next_u64());
  // Noise 0: every sample is its class mean, the same in all three splits (class c sits at column c).
  CHECK(s1.test.x.leftCols(5) == s1.train.x.leftCols(5));
  CHECK(s1.calib.x.leftCols(5) == s1.train.x.leftCols(5));
  // The calibration split's size does not change what the run's generator draws next.
  Rng d(9), e(9);
  (void)make_gaussian_mixture_split(settings(5, 16, 2.0f, 0.5f), 100, 50, 0, d);
  (void)make_gaussian_mixture_split(settings(5, 16, 2.0f, 0.5f), 100, 50, 300, e);
  CHECK(d.next_u64() == e.next_u64());
}

TEST_CASE("gaussian mixture is in the registry and the config") {
  REQUIRE(dataset_from_name("gaussian_mixture") == DatasetKind::gaussian_mixture);
  const DatasetInfo& info = dataset_info(DatasetKind::gaussian_mixture);
  CHECK(info.name == "gaussian_mixture");
  CHECK_FALSE(info.planar);
  CHECK_FALSE(info.language);
  CHECK_FALSE(toy2d_of(DatasetKind::gaussian_mixture).has_value());

  RunConfig c;
  REQUIRE_FALSE(set_field_from_text(c, "dataset", "gaussian_mixture"));
  REQUIRE_FALSE(set_field_from_text(c, "classes", "20"));
  REQUIRE_FALSE(set_field_from_text(c, "dimension", "48"));
  REQUIRE_FALSE(set_field_from_text(c, "mean_norm", "2.5"));
  REQUIRE_FALSE(set_field_from_text(c, "noise", "0.4"));
  c.n_train = 400;
  c.n_test = 200;
  c.n_calib = 100;
  CHECK(validate(c).empty());
  const DataShape shape = data_shape(c.data_settings());
  CHECK(shape.inputs == 48);
  CHECK(shape.classes == 20);
  CHECK(shape.n_train == 400);
  CHECK(shape.n_test == 200);
  CHECK(shape.n_calib == 100);
  Rng rng(c.seed);
  const Split s = make_split(c.data_settings(), rng);
  CHECK(s.train.x.rows() == 48);
  CHECK(s.train.num_classes == 20);
  CHECK(s.calib.size() == 100);
  CHECK(s.train.x.col(0).norm() == Approx(std::sqrt(2.5 * 2.5 + 48 * 0.4 * 0.4)).epsilon(0.3));
  for (std::string_view key : {"classes", "dimension", "mean_norm", "noise", "n_train", "n_test", "n_calib"})
    CHECK(field_relevant(c, *find_field(key)));
  CHECK_FALSE(field_relevant(RunConfig{}, *find_field("dimension")));
}

TEST_CASE("more than 8 classes are for the gaussian mixture and refused for blobs and spirals") {
  RunConfig c;  // spirals
  REQUIRE_FALSE(set_field_from_text(c, "classes", "12"));
  const std::vector<ConfigError> errors = validate(c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "classes");
  CHECK(errors[0].message.find("spirals") != std::string::npos);
  CHECK(errors[0].message.find("[2, 8]") != std::string::npos);
  c.dataset = DatasetKind::blobs;
  REQUIRE(validate(c).size() == 1);
  CHECK(validate(c)[0].field == "classes");
  c.dataset = DatasetKind::gaussian_mixture;
  CHECK(validate(c).empty());
  // Where `classes` is ignored, a value left from a Gaussian-mixture run is no error.
  for (DatasetKind kind : {DatasetKind::moons, DatasetKind::modular}) {
    c.dataset = kind;
    CHECK(validate(c).empty());
  }
  CHECK(set_field_from_text(c, "classes", "33").has_value());
}
