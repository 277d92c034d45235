// Logit margins, numpy-style quantiles, clamped histograms and the confusion matrix on hand-built inputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "metrics/margins.hpp"

using namespace losslab;

TEST_CASE("logit margins on hand-built logits", "[metrics][margins]") {
  Mat logits(3, 3);
  logits << 2.0f, 0.0f, 1.0f,   //
      1.0f, 3.0f, 1.0f,         //
      0.5f, -1.0f, 0.0f;
  const std::vector<int32_t> labels{0, 0, 1};
  const std::vector<double> m = logit_margins(logits, labels);
  REQUIRE(m.size() == 3);
  CHECK(m[0] == Approx(1.0));   // 2 − max(1, 0.5)
  CHECK(m[1] == Approx(-3.0));  // 0 − max(3, −1): misclassified
  CHECK(m[2] == Approx(0.0));   // 1 − max(1, 0): a tie
}

TEST_CASE("logit margin with one class is the logit itself", "[metrics][margins]") {
  Mat logits(1, 2);
  logits << -1.5f, 2.0f;
  const std::vector<int32_t> labels{0, 0};
  const std::vector<double> m = logit_margins(logits, labels);
  CHECK(m[0] == Approx(-1.5));
  CHECK(m[1] == Approx(2.0));
}

TEST_CASE("sorted quantile matches numpy linear interpolation", "[metrics][margins]") {
  // numpy.quantile([1, 2, 4, 7], q): position h = 3q between order statistics.
  const std::vector<double> v{1, 2, 4, 7};
  CHECK(sorted_quantile(v, 0.0) == Approx(1.0));
  CHECK(sorted_quantile(v, 0.25) == Approx(1.75));  // h = 0.75: 1 + 0.75·(2 − 1)
  CHECK(sorted_quantile(v, 0.5) == Approx(3.0));    // h = 1.5: 2 + 0.5·(4 − 2)
  CHECK(sorted_quantile(v, 0.9) == Approx(6.1));    // h = 2.7: 4 + 0.7·(7 − 4)
  CHECK(sorted_quantile(v, 1.0) == Approx(7.0));
  const std::vector<double> one{5};
  CHECK(sorted_quantile(one, 0.3) == Approx(5.0));
  CHECK(std::isnan(sorted_quantile(std::vector<double>{}, 0.5)));
}

TEST_CASE("histogram counts clamp outliers and skip NaN", "[metrics][margins]") {
  // [0, 1] in 4 bins of width 0.25; a value on an inner edge belongs to the bin above it, hi itself and
  // everything beyond go to the last bin, everything below lo to the first.
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> v{-5.0, 0.0, 0.1, 0.25, 0.5, 0.99, 1.0, 7.0, std::nan(""), inf, -inf};
  const std::vector<int64_t> h = histogram_counts(v, 0.0, 1.0, 4);
  // bin 0: −5, 0, 0.1, −∞;  bin 1: 0.25;  bin 2: 0.5;  bin 3: 0.99, 1, 7, +∞;  NaN nowhere.
  CHECK(h == std::vector<int64_t>{4, 1, 1, 4});
}

TEST_CASE("confusion matrix is indexed true by predicted", "[metrics][margins]") {
  const std::vector<int32_t> labels{0, 0, 1, 2, 2, 2};
  const std::vector<int32_t> pred{0, 1, 1, 2, 0, 2};
  // Row t, column p. Asymmetric on purpose: (0→1) once and (2→0) once, so a transposed layout fails.
  const std::vector<int64_t> expected{1, 1, 0,  //
                                      0, 1, 0,  //
                                      1, 0, 2};
  CHECK(confusion_matrix(pred, labels, 3) == expected);
}
