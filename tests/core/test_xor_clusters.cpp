// XOR clusters (Xu et al. 2024, Def. 2.1): orthogonal means of equal norm, each class around plus and
// minus its own mean, labels balanced in expectation, the split fixed by the seed, its plane for the
// boundary view, and label flips at exactly the noise rate for two classes.
#include <catch2/catch.hpp>

#include <cmath>

#include "data/datasets.hpp"
#include "data/label_noise.hpp"
#include "data/xor_clusters.hpp"
#include "train/run_config.hpp"

using namespace losslab;

namespace {

XorClustersSettings settings(int dimension, float mean_norm, float noise) {
  XorClustersSettings s;
  s.dimension = dimension;
  s.mean_norm = mean_norm;
  s.noise = noise;
  return s;
}

}  // namespace

TEST_CASE("xor_clusters: the cluster directions are orthonormal at any dimension") {
  for (const int p : {2, 3, 40, 10000}) {
    Rng rng(static_cast<uint64_t>(p));
    const Mat plane = xor_cluster_plane(p, rng);
    CAPTURE(p);
    REQUIRE(plane.rows() == p);
    REQUIRE(plane.cols() == 2);
    CHECK(plane.col(0).norm() == Approx(1).margin(1e-6));
    CHECK(plane.col(1).norm() == Approx(1).margin(1e-6));
    CHECK(std::abs(plane.col(0).dot(plane.col(1))) < 1e-6);
  }
}

TEST_CASE("xor_clusters: each class sits at plus or minus its own mean, of norm mean_norm, with std noise") {
  Rng rng(11);
  const float norm = 6, noise = 0.5f;
  const Split s = make_xor_clusters_split(settings(400, norm, noise), 4000, 100, 0, rng);
  REQUIRE(s.train.x.rows() == 400);
  REQUIRE(s.train.size() == 4000);
  CHECK(s.train.num_classes == 2);
  REQUIRE(s.plane.rows() == 400);
  // Along the plane: class 1 at ±norm on the first axis and 0 on the second, class 0 the other way.
  int class1 = 0, positive = 0;
  double off_axis_sq = 0, on_axis = 0, residual_sq = 0;
  for (int i = 0; i < s.train.size(); ++i) {
    const int c = s.train.y[static_cast<size_t>(i)];
    const Eigen::Vector2f u = s.plane.transpose() * s.train.x.col(i);
    const float along = c == 1 ? u(0) : u(1), across = c == 1 ? u(1) : u(0);
    class1 += c;
    positive += along > 0;
    on_axis += std::abs(along);
    off_axis_sq += across * across;
    const Eigen::VectorXf centre = (along > 0 ? norm : -norm) * s.plane.col(c == 1 ? 0 : 1);
    residual_sq += (s.train.x.col(i) - centre).squaredNorm();
  }
  const double n = s.train.size();
  INFO("class 1: " << class1 << ", on the + side: " << positive << ", mean |along| " << on_axis / n
                   << ", mean across^2 " << off_axis_sq / n << ", residual per coordinate " << residual_sq / (n * 400));
  // Labels and signs are fair coins: 2,000 ± 4 standard deviations (32 each).
  CHECK(std::abs(class1 - 2000) < 130);
  CHECK(std::abs(positive - 2000) < 130);
  CHECK(on_axis / n == Approx(norm).margin(0.05));
  CHECK(off_axis_sq / n == Approx(noise * noise).epsilon(0.1));
  CHECK(residual_sq / (n * 400) == Approx(noise * noise).epsilon(0.02));
}

TEST_CASE("xor_clusters: the seed fixes the split, and the calibration split changes nothing else") {
  const XorClustersSettings x = settings(50, 3, 1);
  Rng a(5), b(5), c(6), d(5);
  const Split sa = make_xor_clusters_split(x, 64, 32, 0, a);
  const Split sb = make_xor_clusters_split(x, 64, 32, 0, b);
  const Split sc = make_xor_clusters_split(x, 64, 32, 0, c);
  const Split sd = make_xor_clusters_split(x, 64, 32, 40, d);
  CHECK(sa.train.x == sb.train.x);
  CHECK(sa.train.y == sb.train.y);
  CHECK(sa.test.x == sb.test.x);
  CHECK(sa.plane == sb.plane);
  CHECK_FALSE(sa.train.x == sc.train.x);
  CHECK(sd.train.x == sa.train.x);
  CHECK(sd.test.x == sa.test.x);
  CHECK(sd.calib.size() == 40);
  CHECK(a.next_u64() == d.next_u64());  // what the run draws next (initial weights) is the same
}

TEST_CASE("xor_clusters: registered, two classes, sized by dimension and n_train") {
  const auto kind = dataset_from_name("xor_clusters");
  REQUIRE(kind);
  RunConfig c;
  c.dataset = *kind;
  c.dimension = 300;
  c.n_train = 80;
  c.n_test = 40;
  c.classes = 7;  // ignored: the task has two
  const DataShape shape = data_shape(c.data_settings());
  CHECK(shape.inputs == 300);
  CHECK(shape.classes == 2);
  CHECK(shape.n_train == 80);
  CHECK(field_relevant(c, *find_field("dimension")));
  CHECK(field_relevant(c, *find_field("mean_norm")));
  CHECK_FALSE(field_relevant(c, *find_field("classes")));
  c.hidden = {16};
  c.batch_size = 80;
  CHECK(validate(c).empty());
  // Data that would not fit in memory are refused even where the work limits do not apply.
  c.dimension = 65536;
  c.n_train = 10000;
  const auto errors = validate(c, WorkLimits::cli);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "n_train");
  CHECK_THAT(errors[0].message, Catch::Contains("bytes"));
}

TEST_CASE("two classes: symmetric label noise flips each picked label, so at exactly the rate") {
  Rng rng(2);
  const Split s = make_xor_clusters_split(settings(4, 1, 1), 20000, 16, 0, rng);
  LabelNoiseSettings noise;
  noise.kind = LabelNoise::symmetric;
  noise.rate = 0.3;
  const NoisyLabels symmetric = apply_label_noise(s.train, noise);
  noise.kind = LabelNoise::uniform;  // redraws from both classes: half the picked labels stay
  const NoisyLabels uniform = apply_label_noise(s.train, noise);
  INFO("symmetric " << symmetric.realised_rate << ", uniform " << uniform.realised_rate);
  CHECK(symmetric.realised_rate == Approx(0.3).margin(0.015));  // 4.6 standard deviations
  CHECK(uniform.realised_rate == Approx(0.15).margin(0.015));
}
