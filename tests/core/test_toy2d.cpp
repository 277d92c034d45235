// The 2-D datasets: shapes, exact class balance, determinism, and the geometry each one promises.
#include <catch2/catch.hpp>

#include "data/toy2d.hpp"

using namespace losslab;

TEST_CASE("every dataset has the right shape and balanced classes and finite values") {
  for (const auto& info : toy2d_registry()) {
    CAPTURE(info.name);
    Rng rng(5);
    const Dataset d = make_toy2d(info.kind, 301, 4, 0.1f, rng);
    const int k = toy2d_classes(info.kind, 4);
    REQUIRE(d.x.rows() == 2);
    REQUIRE(d.x.cols() == 301);
    REQUIRE(d.size() == 301);
    CHECK(d.num_classes == k);
    CHECK(d.x.allFinite());
    std::vector<int> counts(static_cast<size_t>(k), 0);
    for (int32_t y : d.y) {
      REQUIRE(y >= 0);
      REQUIRE(y < k);
      counts[static_cast<size_t>(y)]++;
    }
    for (int c : counts) CHECK(std::abs(c - 301 / k) <= 1);
    CHECK(d.x.cwiseAbs().maxCoeff() < 3.0f);
    CHECK(toy2d_from_name(info.name) == info.kind);
  }
}

TEST_CASE("the same seed gives the same split and another seed another") {
  for (const auto& info : toy2d_registry()) {
    CAPTURE(info.name);
    Rng a(9), b(9), c(10);
    const Split s1 = make_toy2d_split(info.kind, 100, 50, 3, 0.2f, a);
    const Split s2 = make_toy2d_split(info.kind, 100, 50, 3, 0.2f, b);
    const Split s3 = make_toy2d_split(info.kind, 100, 50, 3, 0.2f, c);
    CHECK(s1.train.x == s2.train.x);
    CHECK(s1.test.x == s2.test.x);
    CHECK(s1.train.y == s2.train.y);
    CHECK(s1.train.x != s3.train.x);
    CHECK(s1.train.x.leftCols(50) != s1.test.x);  // test is drawn separately, not a copy
    CHECK(s1.test.size() == 50);
  }
}

TEST_CASE("noise-free datasets sit on their manifolds") {
  Rng rng(1);
  const Dataset circles = make_toy2d(Toy2d::circles, 200, 2, 0.0f, rng);
  for (int i = 0; i < circles.size(); ++i) {
    const float r = circles.x.col(i).norm();
    if (circles.y[static_cast<size_t>(i)] == 0)
      CHECK(r <= 0.8f + 1e-5f);
    else
      CHECK(r == Approx(1.6f).epsilon(1e-5));
  }
  const Dataset xor_ = make_toy2d(Toy2d::xor_, 200, 2, 0.0f, rng);
  for (int i = 0; i < xor_.size(); ++i) {
    const bool same_sign = xor_.x(0, i) * xor_.x(1, i) > 0;
    CHECK(same_sign == (xor_.y[static_cast<size_t>(i)] == 1));
  }
  const Dataset blobs = make_toy2d(Toy2d::blobs, 40, 4, 0.0f, rng);
  CHECK(blobs.x.col(0).norm() == Approx(2.0f));
  CHECK((blobs.x.col(0) - blobs.x.col(4)).norm() == Approx(0.0f).margin(1e-6));  // same class, same centre
}
