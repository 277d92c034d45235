// The run's generator: reproducible, and its draws have the distributions they claim.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "util/rng.hpp"

using namespace losslab;

TEST_CASE("the same seed gives the same stream and another seed another") {
  Rng a(42), b(42), c(43);
  bool all_same = true, any_diff_c = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next_u64();
    all_same &= x == b.next_u64();
    any_diff_c |= x != c.next_u64();
  }
  CHECK(all_same);
  CHECK(any_diff_c);
}

TEST_CASE("uniform and normal draws have the right moments") {
  Rng rng(7);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0;
  float lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    su += u;
    const double g = rng.normal();
    sn += g;
    sn2 += g * g;
  }
  CHECK(lo >= 0.0f);
  CHECK(hi < 1.0f);
  CHECK(su / n == Approx(0.5).margin(0.005));    // σ of the mean ≈ 0.29/√n ≈ 6.5e-4
  CHECK(sn / n == Approx(0.0).margin(0.01));     // σ ≈ 2.2e-3
  CHECK(sn2 / n == Approx(1.0).margin(0.02));    // σ ≈ 3.2e-3
}

TEST_CASE("below(n) covers 0 to n-1 evenly and shuffle permutes") {
  Rng rng(3);
  std::vector<int> counts(5, 0);
  for (int i = 0; i < 50000; ++i) counts[rng.below(5)]++;
  for (int c : counts) CHECK(c == Approx(10000).margin(500));

  std::vector<int> v(100);
  std::iota(v.begin(), v.end(), 0);
  rng.shuffle(v.begin(), v.end());
  CHECK_FALSE(std::is_sorted(v.begin(), v.end()));
  std::sort(v.begin(), v.end());
  for (int i = 0; i < 100; ++i) CHECK(v[static_cast<size_t>(i)] == i);
}
