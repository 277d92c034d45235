// Label-noise models: realised rates within binomial tolerance, the exact-count rule, where each model may
// send a label, determinism in the noise seed alone, and the config checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "data/label_noise.hpp"
#include "data/toy2d.hpp"

using namespace losslab;

namespace {

// A binomial proportion over n trials lies within 4 standard deviations of p except with odds ~1e-4.
double binomial_tolerance(double p, int n) { return 4.0 * std::sqrt(p * (1 - p) / n); }

Dataset blobs(int n, int k, uint64_t seed = 3, float noise = 0.6f) {
  Rng rng(seed);
  return make_toy2d(Toy2d::blobs, n, k, noise, rng);
}

// Labels by hand with the given class sizes (classes interleaved, not sorted), inputs irrelevant.
Dataset with_class_sizes(const std::vector<int>& sizes) {
  Dataset d;
  d.num_classes = static_cast<int>(sizes.size());
  std::vector<int> left = sizes;
  bool any = true;
  while (any) {
    any = false;
    for (size_t c = 0; c < left.size(); ++c)
      if (left[c] > 0) {
        left[c]--;
        d.y.push_back(static_cast<int32_t>(c));
        any = true;
      }
  }
  d.x = Mat::Zero(2, d.size());
  return d;
}

LabelNoiseSettings settings(LabelNoise kind, double rate, NoiseSampling sampling = NoiseSampling::bernoulli,
                            uint64_t seed = 1) {
  LabelNoiseSettings s;
  s.kind = kind;
  s.rate = rate;
  s.sampling = sampling;
  s.seed = seed;
  return s;
}

std::vector<int> count_per_class(const Dataset& d, const std::vector<int32_t>& indices) {
  std::vector<int> counts(static_cast<size_t>(d.num_classes), 0);
  for (int32_t i : indices) counts[static_cast<size_t>(d.y[static_cast<size_t>(i)])]++;
  return counts;
}

// Distance from sample i to the nearest sample of another class, by brute force; its class in `cls`.
double nearest_other(const Dataset& d, int i, int32_t* cls = nullptr) {
  double best = std::numeric_limits<double>::infinity();
  for (int j = 0; j < d.size(); ++j) {
    if (d.y[static_cast<size_t>(j)] == d.y[static_cast<size_t>(i)]) continue;
    const double dist = static_cast<double>((d.x.col(j) - d.x.col(i)).norm());
    if (dist < best) {
      best = dist;
      if (cls) *cls = d.y[static_cast<size_t>(j)];
    }
  }
  return best;
}

const LabelNoise kNoisyKinds[] = {LabelNoise::symmetric, LabelNoise::uniform, LabelNoise::pair,
                                   LabelNoise::matrix,    LabelNoise::instance, LabelNoise::boundary};

LabelNoiseSettings any_settings(LabelNoise kind, int k, double rate, NoiseSampling sampling, uint64_t seed) {
  LabelNoiseSettings s = settings(kind, rate, sampling, seed);
  if (kind == LabelNoise::matrix) {  // 1 − rate on the diagonal, the rest on the next class
    s.matrix.assign(static_cast<size_t>(k * k), 0.0);
    for (int c = 0; c < k; ++c) {
      s.matrix[static_cast<size_t>(c * k + c)] = 1 - rate;
      s.matrix[static_cast<size_t>(c * k + (c + 1) % k)] += rate;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("label noise registries list every model and sampling rule by name") {
  CHECK(label_noise_registry().size() == 7);
  for (const auto& info : label_noise_registry()) {
    CAPTURE(info.name);
    CHECK(label_noise_from_name(info.name) == info.kind);
    CHECK(label_noise_name(info.kind) == info.name);
    CHECK(!info.description.empty());
  }
  CHECK(label_noise_from_name("boundary") == LabelNoise::boundary);
  CHECK(!label_noise_from_name("asymmetric"));
  CHECK(noise_sampling_registry().size() == 2);
  CHECK(noise_sampling_from_name("bernoulli") == NoiseSampling::bernoulli);
  CHECK(noise_sampling_from_name("exact") == NoiseSampling::exact);
  CHECK(noise_sampling_name(NoiseSampling::exact) == "exact");
  CHECK(!noise_sampling_from_name("floor"));
}

TEST_CASE("bernoulli sampling flips at the rate each class noise model promises") {
  const int n = 20000, k = 5;
  const Dataset d = blobs(n, k);
  for (double eta : {0.05, 0.4, 0.8}) {
    for (LabelNoise kind : {LabelNoise::symmetric, LabelNoise::uniform, LabelNoise::pair}) {
      CAPTURE(eta, label_noise_name(kind));
      const double expected = kind == LabelNoise::uniform ? eta * (k - 1) / k : eta;
      const NoisyLabels noisy = apply_label_noise(d, settings(kind, eta));
      CHECK(std::abs(noisy.realised_rate - expected) <= binomial_tolerance(expected, n));
      CHECK(noisy.realised_rate == Approx(static_cast<double>(noisy.flipped.size()) / n));
    }
  }
}

TEST_CASE("exact sampling flips exactly the rounded count of each class") {
  // Unequal classes, and 0.5·7 = 3.5 exercises the rounding rule (half away from zero: 4).
  const std::vector<int> sizes{101, 250, 37, 7};
  const Dataset d = with_class_sizes(sizes);
  for (double eta : {0.3, 0.5, 1.0}) {
    for (LabelNoise kind : {LabelNoise::symmetric, LabelNoise::pair}) {
      for (uint64_t seed : {1u, 2u, 3u}) {
        CAPTURE(eta, label_noise_name(kind), seed);
        const NoisyLabels noisy = apply_label_noise(d, settings(kind, eta, NoiseSampling::exact, seed));
        const std::vector<int> per_class = count_per_class(d, noisy.flipped);
        for (size_t c = 0; c < sizes.size(); ++c) CHECK(per_class[c] == std::llround(eta * sizes[c]));
      }
    }
  }
  CHECK(std::llround(0.5 * 7) == 4);
}

TEST_CASE("symmetric noise never keeps the true class and spreads flips evenly over the others") {
  const int n = 50000, k = 5;
  const Dataset d = blobs(n, k);
  // Under exact sampling every picked sample must change: the flip count is exactly the picked count.
  const NoisyLabels exact = apply_label_noise(d, settings(LabelNoise::symmetric, 0.4, NoiseSampling::exact));
  CHECK(exact.flipped.size() == static_cast<size_t>(k * std::llround(0.4 * (n / k))));

  const NoisyLabels noisy = apply_label_noise(d, settings(LabelNoise::symmetric, 0.4));
  std::vector<std::vector<int>> moves(k, std::vector<int>(k, 0));
  for (int32_t i : noisy.flipped)
    moves[static_cast<size_t>(d.y[static_cast<size_t>(i)])][static_cast<size_t>(noisy.labels[static_cast<size_t>(i)])]++;
  // Pearson chi-square of each row against uniform over the K−1 other classes; K(K−2) = 15 degrees of
  // freedom in all, and 45 is beyond the 1e-4 quantile.
  double chi2 = 0;
  for (int c = 0; c < k; ++c) {
    int row = 0;
    for (int j = 0; j < k; ++j) row += moves[c][j];
    CHECK(moves[c][c] == 0);
    const double expected = row / double(k - 1);
    REQUIRE(expected > 100);
    for (int j = 0; j < k; ++j)
      if (j != c) chi2 += (moves[c][j] - expected) * (moves[c][j] - expected) / expected;
  }
  CHECK(chi2 < 45);
}

TEST_CASE("uniform noise may redraw the true class so flips are eta times K minus 1 over K") {
  const int n = 40000, k = 4;
  const Dataset d = blobs(n, k);
  // Exact sampling picks exactly m = Σ round(η n_c) samples; each keeps its class with probability 1/K.
  const double eta = 0.6;
  const NoisyLabels noisy = apply_label_noise(d, settings(LabelNoise::uniform, eta, NoiseSampling::exact));
  const auto picked = static_cast<double>(k * std::llround(eta * (n / k)));
  const double p = (k - 1.0) / k;
  const auto flips = static_cast<double>(noisy.flipped.size());
  CHECK(flips < picked);
  CHECK(std::abs(flips - picked * p) <= 4 * std::sqrt(picked * p * (1 - p)));
  // The new labels are spread over all K classes, so from each clean class every other class is reached.
  std::vector<std::vector<int>> moves(k, std::vector<int>(k, 0));
  for (int32_t i : noisy.flipped)
    moves[static_cast<size_t>(d.y[static_cast<size_t>(i)])][static_cast<size_t>(noisy.labels[static_cast<size_t>(i)])]++;
  for (int c = 0; c < k; ++c)
    for (int j = 0; j < k; ++j)
      if (j != c) CHECK(moves[c][j] > 0);
}

TEST_CASE("pair noise only moves class k to class k plus 1 mod K") {
  const int n = 6000, k = 3;
  const Dataset d = blobs(n, k);
  for (NoiseSampling sampling : {NoiseSampling::bernoulli, NoiseSampling::exact}) {
    const NoisyLabels noisy = apply_label_noise(d, settings(LabelNoise::pair, 0.35, sampling));
    REQUIRE(!noisy.flipped.empty());
    for (int32_t i : noisy.flipped) {
      const int32_t clean = d.y[static_cast<size_t>(i)];
      CHECK(noisy.labels[static_cast<size_t>(i)] == (clean + 1) % k);
    }
    for (int c : count_per_class(d, noisy.flipped)) CHECK(c > 0);  // including K−1 → 0
  }
}

TEST_CASE("the matrix model's empirical transition matrix converges to the given one") {
  const int k = 3, per_class = 30000, n = k * per_class;
  const Dataset d = blobs(n, k);
  LabelNoiseSettings s = settings(LabelNoise::matrix, 0.2);
  s.matrix = {0.7, 0.2, 0.1,   //
              0.0, 1.0, 0.0,   //
              0.25, 0.0, 0.75};
  REQUIRE(!check_label_noise(s, k));
  const NoisyLabels noisy = apply_label_noise(d, s);
  std::vector<double> counts(static_cast<size_t>(k * k), 0);
  for (int i = 0; i < n; ++i)
    counts[static_cast<size_t>(d.y[static_cast<size_t>(i)] * k + noisy.labels[static_cast<size_t>(i)])] += 1;
  for (int c = 0; c < k; ++c)
    for (int j = 0; j < k; ++j) {
      const double t = s.matrix[static_cast<size_t>(c * k + j)];
      const double empirical = counts[static_cast<size_t>(c * k + j)] / per_class;
      CAPTURE(c, j, t, empirical);
      if (t == 0)
        CHECK(empirical == 0);
      else
        CHECK(std::abs(empirical - t) <= binomial_tolerance(t, per_class));
    }
  // The rate and the sampling rule do not apply to the matrix model.
  LabelNoiseSettings other = s;
  other.rate = 0.9;
  other.sampling = NoiseSampling::exact;
  CHECK(apply_label_noise(d, other).labels == noisy.labels);
}

TEST_CASE("instance noise flips near the requested rate and leaves the test split clean") {
  Rng rng(7);
  const Split split = make_toy2d_split(Toy2d::blobs, 20000, 2000, 4, 0.5f, rng);
  const std::vector<int32_t> clean_train = split.train.y, clean_test = split.test.y;
  for (double eta : {0.3, 0.5}) {
    CAPTURE(eta);
    const NoisyLabels noisy = apply_label_noise(split.train, settings(LabelNoise::instance, eta));
    // q_i's truncation at 0 and 1 is 3 sd away for these η, so E[q] = η up to ~1e-3.
    CHECK(std::abs(noisy.realised_rate - eta) <= binomial_tolerance(eta, split.train.size()) + 2e-3);
    CHECK(noisy.labels.size() == clean_train.size());
    CHECK(noisy.labels != clean_train);
  }
  CHECK(split.train.y == clean_train);
  CHECK(split.test.y == clean_test);

  // Any number of features: W is K×d×K.
  Dataset d;
  d.num_classes = 3;
  d.x = Mat::Zero(5, 3000);
  for (int i = 0; i < 3000; ++i) {
    d.y.push_back(i % 3);
    d.x.col(i).setConstant(static_cast<float>(i % 7) - 3.0f);
  }
  const NoisyLabels noisy = apply_label_noise(d, settings(LabelNoise::instance, 0.4));
  CHECK(std::abs(noisy.realised_rate - 0.4) <= binomial_tolerance(0.4, 3000) + 2e-3);
}

TEST_CASE("boundary noise flips points near the other class at the requested rate") {
  SECTION("every point is a reference point") {
    Rng rng(11);
    const Dataset d = make_toy2d(Toy2d::blobs, 3000, 4, 0.7f, rng);
    const double eta = 0.2;
    const NoisyLabels noisy = apply_label_noise(d, settings(LabelNoise::boundary, eta));
    CHECK(std::abs(noisy.realised_rate - eta) <= binomial_tolerance(eta, d.size()));
    std::vector<bool> is_flipped(static_cast<size_t>(d.size()), false);
    for (int32_t i : noisy.flipped) is_flipped[static_cast<size_t>(i)] = true;
    double flipped_sum = 0, kept_sum = 0;
    for (int i = 0; i < d.size(); ++i) {
      int32_t cls = -1;
      const double dist = nearest_other(d, i, &cls);
      if (is_flipped[static_cast<size_t>(i)]) {
        flipped_sum += dist;
        CHECK(noisy.labels[static_cast<size_t>(i)] == cls);  // takes the class of its nearest other point
      } else {
        kept_sum += dist;
      }
    }
    const double flipped_mean = flipped_sum / static_cast<double>(noisy.flipped.size());
    const double kept_mean = kept_sum / static_cast<double>(d.size() - static_cast<int>(noisy.flipped.size()));
    CAPTURE(flipped_mean, kept_mean);
    CHECK(flipped_mean < 0.7 * kept_mean);  // about 0.55 here
  }
  SECTION("more points than the 4096 references") {
    Rng rng(12);
    const Dataset d = make_toy2d(Toy2d::moons, 30000, 2, 0.2f, rng);
    for (double eta : {0.1, 0.4}) {
      CAPTURE(eta);
      const NoisyLabels noisy = apply_label_noise(d, settings(LabelNoise::boundary, eta));
      CHECK(std::abs(noisy.realised_rate - eta) <= binomial_tolerance(eta, d.size()));
      // Mean distance to the other class (exact, by brute force) over every 15th point. With s = the median
      // distance the flip profile is gentle on moons, so the ratio is about 0.8 (its sampling noise about
      // ±0.03); uniform flips would give 1.
      double flipped_sum = 0, kept_sum = 0;
      int flipped_n = 0, kept_n = 0;
      for (int i = 0; i < d.size(); i += 15) {
        const double dist = nearest_other(d, i);
        if (noisy.labels[static_cast<size_t>(i)] != d.y[static_cast<size_t>(i)]) {
          flipped_sum += dist;
          flipped_n++;
        } else {
          kept_sum += dist;
          kept_n++;
        }
      }
      REQUIRE(flipped_n > 20);
      CHECK(flipped_sum / flipped_n < 0.9 * (kept_sum / kept_n));
    }
  }
}

TEST_CASE("the same noise seed gives the same flips and another seed other flips") {
  const Dataset d = blobs(3000, 3);
  for (LabelNoise kind : kNoisyKinds) {
    for (NoiseSampling sampling : {NoiseSampling::bernoulli, NoiseSampling::exact}) {
      CAPTURE(label_noise_name(kind), noise_sampling_name(sampling));
      const NoisyLabels a = apply_label_noise(d, any_settings(kind, 3, 0.3, sampling, 5));
      const NoisyLabels b = apply_label_noise(d, any_settings(kind, 3, 0.3, sampling, 5));
      const NoisyLabels c = apply_label_noise(d, any_settings(kind, 3, 0.3, sampling, 6));
      CHECK(a.labels == b.labels);
      CHECK(a.flipped == b.flipped);
      CHECK(a.flipped != c.flipped);
    }
  }
}

TEST_CASE("flipped lists exactly the changed labels in ascending order") {
  const Dataset d = blobs(2000, 4);
  for (LabelNoise kind : kNoisyKinds) {
    for (NoiseSampling sampling : {NoiseSampling::bernoulli, NoiseSampling::exact}) {
      CAPTURE(label_noise_name(kind), noise_sampling_name(sampling));
      const NoisyLabels noisy = apply_label_noise(d, any_settings(kind, 4, 0.3, sampling, 1));
      REQUIRE(noisy.labels.size() == d.y.size());
      std::vector<int32_t> expected;
      for (size_t i = 0; i < d.y.size(); ++i) {
        CHECK(noisy.labels[i] >= 0);
        CHECK(noisy.labels[i] < 4);
        if (noisy.labels[i] != d.y[i]) expected.push_back(static_cast<int32_t>(i));
      }
      CHECK(noisy.flipped == expected);
      CHECK(std::is_sorted(noisy.flipped.begin(), noisy.flipped.end()));
      CHECK(!noisy.flipped.empty());
      CHECK(noisy.realised_rate == static_cast<double>(expected.size()) / d.size());
    }
  }
}

TEST_CASE("rate zero and the none model flip nothing and rate one flips every picked sample") {
  const Dataset d = blobs(1500, 3);
  for (LabelNoise kind : kNoisyKinds) {
    for (NoiseSampling sampling : {NoiseSampling::bernoulli, NoiseSampling::exact}) {
      CAPTURE(label_noise_name(kind), noise_sampling_name(sampling));
      const NoisyLabels noisy = apply_label_noise(d, any_settings(kind, 3, 0.0, sampling, 9));
      CHECK(noisy.flipped.empty());
      CHECK(noisy.labels == d.y);
      CHECK(noisy.realised_rate == 0);
    }
  }
  const NoisyLabels none = apply_label_noise(d, settings(LabelNoise::none, 0.7));
  CHECK(none.flipped.empty());
  CHECK(none.labels == d.y);
  for (LabelNoise kind : {LabelNoise::symmetric, LabelNoise::pair, LabelNoise::matrix})
    for (NoiseSampling sampling : {NoiseSampling::bernoulli, NoiseSampling::exact}) {
      CAPTURE(label_noise_name(kind), noise_sampling_name(sampling));
      CHECK(apply_label_noise(d, any_settings(kind, 3, 1.0, sampling, 9)).realised_rate == 1.0);
    }
  const NoisyLabels empty = apply_label_noise(Dataset{Mat(2, 0), {}, 3}, settings(LabelNoise::boundary, 0.5));
  CHECK(empty.labels.empty());
  CHECK(empty.realised_rate == 0);
}

TEST_CASE("check_label_noise names the field and the fault") {
  LabelNoiseSettings s = settings(LabelNoise::matrix, 0.2);
  s.matrix = {0.8, 0.1, 0.1, 0.0, 1.0, 0.0, 0.3, 0.3, 0.4};
  CHECK(!check_label_noise(s, 3));

  auto message = [&](const LabelNoiseSettings& t, int k) { return check_label_noise(t, k).value_or(""); };
  using Catch::Matchers::Contains;

  LabelNoiseSettings bad_row = s;
  bad_row.matrix[8] = 0.3;  // row 2 sums to 0.9
  CHECK_THAT(message(bad_row, 3), Contains("label_noise.matrix") && Contains("row 2") && Contains("0.9"));
  CHECK(message(bad_row, 3) == "label_noise.matrix: row 2 sums to 0.9; each row must sum to 1 (±1e-6)");
  LabelNoiseSettings nearly = s;
  nearly.matrix[0] += 5e-7;  // within the tolerance
  CHECK(!check_label_noise(nearly, 3));
  LabelNoiseSettings off = s;
  off.matrix[3] += 3e-6;  // just beyond it
  CHECK_THAT(message(off, 3), Contains("label_noise.matrix: row 1 sums to 1.000003"));

  LabelNoiseSettings short_matrix = s;
  short_matrix.matrix.resize(6);
  CHECK(message(short_matrix, 3) ==
        "label_noise.matrix: has 6 entries; a 3-class transition matrix needs 9 (3×3, row-major)");
  CHECK_THAT(message(s, 4), Contains("label_noise.matrix") && Contains("16"));  // right size for 3, not 4
  LabelNoiseSettings empty = s;
  empty.matrix.clear();
  CHECK_THAT(message(empty, 3), Contains("label_noise.matrix") && Contains("has 0 entries"));

  LabelNoiseSettings big = s;
  big.matrix = {0.0, -0.5, 1.5, 0.0, 1.0, 0.0, 0.3, 0.3, 0.4};  // sums to 1 but entries out of range
  CHECK(message(big, 3) == "label_noise.matrix: entry -0.5 at row 0, column 1 is outside [0, 1]");
  big.matrix[1] = 0.0;
  big.matrix[2] = 1.5;
  CHECK_THAT(message(big, 3), Contains("label_noise.matrix") && Contains("1.5") && Contains("row 0, column 2"));
  LabelNoiseSettings nan_entry = s;
  nan_entry.matrix[4] = std::nan("");
  CHECK_THAT(message(nan_entry, 3), Contains("label_noise.matrix") && Contains("row 1, column 1"));

  // The matrix is only checked for the matrix model.
  LabelNoiseSettings symmetric = bad_row;
  symmetric.kind = LabelNoise::symmetric;
  CHECK(!check_label_noise(symmetric, 3));

  for (double rate : {-0.1, 1.5, std::nan(""), std::numeric_limits<double>::infinity()}) {
    CAPTURE(rate);
    LabelNoiseSettings r = settings(LabelNoise::symmetric, rate);
    CHECK_THAT(message(r, 3), Contains("label_noise.rate") && Contains("[0, 1]"));
  }
  CHECK(!check_label_noise(settings(LabelNoise::symmetric, 0.0), 3));
  CHECK(!check_label_noise(settings(LabelNoise::symmetric, 1.0), 3));
  CHECK_THAT(message(settings(LabelNoise::symmetric, 0.2), 1), Contains("label_noise: "));
  CHECK(!check_label_noise(settings(LabelNoise::none, 0.2), 1));

  // Settings the check rejects leave the labels clean rather than half-applied.
  const Dataset d = blobs(300, 3);
  const NoisyLabels untouched = apply_label_noise(d, bad_row);
  CHECK(untouched.labels == d.y);
  CHECK(untouched.flipped.empty());
}
