// The Zipf–Markov token language: its entropy formula against a direct sum, every state's next-token
// distribution a permutation of one Zipf law, sampling that follows those probabilities, and a long
// sample whose empirical conditional entropy matches the exact entropy rate.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "data/zipf_markov.hpp"

using namespace losslab;

TEST_CASE("the Zipf entropy matches a direct sum and log V at exponent 0", "[zipf_markov]") {
  for (double a : {0.0, 0.8, 1.1, 2.0}) {
    const int v = 50;
    double z = 0;
    for (int r = 1; r <= v; ++r) z += std::pow(r, -a);
    double h = 0;
    for (int r = 1; r <= v; ++r) {
      const double p = std::pow(r, -a) / z;
      h -= p * std::log(p);
    }
    CHECK(zipf_entropy(v, a) == Approx(h).epsilon(1e-12));
  }
  CHECK(zipf_entropy(1024, 0) == Approx(std::log(1024.0)));
  // A steeper law is more predictable.
  CHECK(zipf_entropy(1024, 1.5) < zipf_entropy(1024, 1.0));
}

TEST_CASE("every state's next-token law is the same Zipf law permuted", "[zipf_markov]") {
  for (int v : {64, 100}) {  // a power of two and not: the multipliers must be coprime to V either way
    const ZipfMarkov chain({v, 1.1, 3});
    std::vector<double> zipf;
    double z = 0;
    for (int r = 1; r <= v; ++r) z += std::pow(r, -1.1);
    for (int r = 1; r <= v; ++r) zipf.push_back(std::pow(r, -1.1) / z);
    for (int state : {0, 1, v / 2, v - 1}) {
      std::vector<double> row;
      for (int next = 0; next < v; ++next) row.push_back(chain.probability(state, next));
      std::sort(row.rbegin(), row.rend());
      for (int r = 0; r < v; ++r) CHECK(row[static_cast<size_t>(r)] == Approx(zipf[static_cast<size_t>(r)]).epsilon(1e-9));
    }
    // Different states put their most likely token in different places.
    auto top = [&](int state) {
      int best = 0;
      for (int t = 1; t < v; ++t)
        if (chain.probability(state, t) > chain.probability(state, best)) best = t;
      return best;
    };
    int distinct = 0;
    for (int s = 1; s < 8; ++s) distinct += top(s) != top(0);
    CHECK(distinct >= 5);
  }
}

TEST_CASE("sampling follows the chain's probabilities", "[zipf_markov]") {
  const ZipfMarkov chain({32, 1.1, 4});
  Rng rng(5);
  constexpr int kDraws = 200000;
  std::vector<int> counts(32, 0);
  for (int i = 0; i < kDraws; ++i) ++counts[static_cast<size_t>(chain.next(7, rng))];
  // Each count within 5 binomial standard deviations of its expectation.
  for (int t = 0; t < 32; ++t) {
    const double p = chain.probability(7, t), expected = p * kDraws;
    CHECK(std::abs(counts[static_cast<size_t>(t)] - expected) <= 5 * std::sqrt(expected * (1 - p)) + 1);
  }
}

TEST_CASE("a long sample's conditional entropy matches the exact entropy rate", "[zipf_markov]") {
  // Plug-in estimate of H(next | prev) from 400,000 transitions of a 64-token chain: its bias is about
  // −(V − 1)·V/(2N) ≈ −0.005 nats, its spread a few thousandths.
  const ZipfMarkov chain({64, 1.1, 6});
  Rng rng(7);
  const std::vector<int32_t> tokens = chain.sample(400001, rng);
  std::vector<double> pair(64 * 64, 0), prev(64, 0);
  for (size_t i = 1; i < tokens.size(); ++i) {
    pair[static_cast<size_t>(tokens[i - 1] * 64 + tokens[i])] += 1;
    prev[static_cast<size_t>(tokens[i - 1])] += 1;
  }
  double h = 0;
  const double n = static_cast<double>(tokens.size() - 1);
  for (int a = 0; a < 64; ++a)
    for (int b = 0; b < 64; ++b) {
      const double c = pair[static_cast<size_t>(a * 64 + b)];
      if (c > 0) h -= c / n * std::log(c / prev[static_cast<size_t>(a)]);
    }
  INFO("empirical " << h << ", exact " << chain.entropy_rate());
  CHECK(std::abs(h - chain.entropy_rate()) < 0.02);
  // The same seeds give the same tokens.
  Rng again(7);
  CHECK(chain.sample(1000, again) == std::vector<int32_t>(tokens.begin(), tokens.begin() + 1000));
}

TEST_CASE("zipf markov settings outside their ranges are refused by name", "[zipf_markov]") {
  CHECK(check_zipf_markov({1024, 1.1, 1}).empty());
  CHECK_THAT(check_zipf_markov({1, 1.1, 1}), Catch::Contains("vocab: 1 is out of range"));
  CHECK_THAT(check_zipf_markov({64, -0.5, 1}), Catch::Contains("exponent"));
}
