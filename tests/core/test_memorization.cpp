// Memorization counters on a hand-built noisy training set.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "metrics/memorization.hpp"

using namespace losslab;

TEST_CASE("memorization counts clean and noisy predictions", "[metrics][memorization]") {
  // Samples 0–3 and 8 are clean (given = true); 4–7 are flipped. Sample 8 is the "noise draw that kept
  // the true class" case: clean by definition since given = clean.
  //                               0  1  2  3  4  5  6  7  8
  const std::vector<int32_t> given{0, 1, 2, 0, 1, 2, 0, 1, 2};
  const std::vector<int32_t> clean{0, 1, 2, 0, 2, 0, 1, 2, 2};
  const std::vector<int32_t> pred{0, 1, 2, 1, 1, 0, 2, 1, 0};
  // Clean (0,1,2,3,8): right on 0,1,2, wrong on 3 and 8 → 3/5.
  // Noisy (4,5,6,7): predicted the given label on 4 and 7 → 2/4; the true label on 5 → 1/4; 6 is neither.
  const Memorization m = memorization(pred, given, clean);
  CHECK(m.clean_count == 5);
  CHECK(m.noisy_count == 4);
  CHECK(m.clean_acc == Approx(0.6));
  CHECK(m.noisy_as_given == Approx(0.5));
  CHECK(m.noisy_as_true == Approx(0.25));
}

TEST_CASE("memorization gives NaN for empty subsets", "[metrics][memorization]") {
  SECTION("no noisy samples") {
    const std::vector<int32_t> labels{0, 1, 1}, pred{0, 1, 0};
    const Memorization m = memorization(pred, labels, labels);
    CHECK(m.clean_count == 3);
    CHECK(m.noisy_count == 0);
    CHECK(m.clean_acc == Approx(2.0 / 3.0));
    CHECK(std::isnan(m.noisy_as_given));
    CHECK(std::isnan(m.noisy_as_true));
  }
  SECTION("only noisy samples") {
    const std::vector<int32_t> given{1, 0}, clean{0, 1}, pred{1, 1};
    const Memorization m = memorization(pred, given, clean);
    CHECK(m.noisy_count == 2);
    CHECK(std::isnan(m.clean_acc));
    CHECK(m.noisy_as_given == Approx(0.5));
    CHECK(m.noisy_as_true == Approx(0.5));
  }
  SECTION("nothing at all") {
    const std::vector<int32_t> none;
    const Memorization m = memorization(none, none, none);
    CHECK(m.clean_count == 0);
    CHECK(m.noisy_count == 0);
    CHECK(std::isnan(m.clean_acc));
    CHECK(std::isnan(m.noisy_as_given));
    CHECK(std::isnan(m.noisy_as_true));
  }
}
