// Fourier spectrum of token embeddings over Z_p: pure sinusoids (exact energies), Gaussian noise,
// invariance to a constant offset, even p, and the degenerate cases.
//
// Energy of one sinusoid, worked out: a column a·cos(2πk₀x/p + φ) = (a/2)(e^{i(2πk₀x/p+φ)} + c.c.) has
// F_{k₀} = Σ_x E(x) e^{−2πik₀x/p} = (a/2)·e^{iφ}·p (the conjugate term sums to 0 unless 2k₀ ≡ 0), so
// |F_{k₀}|² = a²p²/4, and the pair {k₀, p−k₀} holds a²p²/2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "metrics/fourier.hpp"
#include "util/rng.hpp"

using namespace losslab;

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

struct Sinusoids {
  MatD embedding;
  std::vector<double> expected;  // expected pair energy, indexed by k − 1
};

// p×d embedding whose every column mixes cosines at the frequencies `ks` with random amplitudes in
// [0.5, 2) and random phases.
Sinusoids sinusoid_embedding(int p, int d, const std::vector<int>& ks, Rng& rng) {
  Sinusoids s{MatD::Zero(p, d), std::vector<double>(static_cast<size_t>(p / 2), 0.0)};
  for (int k : ks)
    for (int c = 0; c < d; ++c) {
      const double a = rng.uniform(0.5f, 2.0f), phase = kTwoPi * rng.uniform();
      for (int x = 0; x < p; ++x) s.embedding(x, c) += a * std::cos(kTwoPi * k * x / p + phase);
      s.expected[static_cast<size_t>(k - 1)] += a * a * p * p / 2.0;
    }
  return s;
}

double sum(const std::vector<double>& v) {
  double t = 0;
  for (double x : v) t += x;
  return t;
}

}  // namespace

TEST_CASE("fourier energy of pure sinusoids lands at their frequencies", "[metrics][fourier]") {
  Rng rng(21);
  const Sinusoids s = sinusoid_embedding(97, 32, {5, 17, 40}, rng);
  const FourierSpectrum f = fourier_spectrum(s.embedding);
  REQUIRE(f.energy.size() == 48);
  const double total = sum(s.expected);
  for (size_t i = 0; i < f.energy.size(); ++i) {
    INFO("k = " << i + 1);
    CHECK(f.energy[i] == Approx(s.expected[i]).epsilon(1e-9).margin(1e-12 * total));
  }
  // Three nonzero pairs out of the top 5: the whole energy.
  CHECK(f.sparsity == Approx(1.0).epsilon(1e-9));

  // top = 2 keeps the two largest of the three expected energies.
  std::vector<double> e = s.expected;
  std::sort(e.begin(), e.end(), std::greater<>());
  CHECK(fourier_spectrum(s.embedding, 2).sparsity == Approx((e[0] + e[1]) / total).epsilon(1e-9));
}

TEST_CASE("fourier sparsity of a Gaussian embedding is low", "[metrics][fourier]") {
  // p = 97 gives 48 pairs, each e_k ~ (p/2)·χ²_{2d} with 2d = 64 degrees of freedom: equal means,
  // relative spread √(2/64) ≈ 0.18. The top 5 of 48 hold ≈ 5/48 ≈ 0.10 of the energy, raised by the
  // order statistics (the top 5 sit ~1.5 spreads above the mean) to ≈ 0.13; 0.35 would need a real
  // concentration. The top 5 of 48 can never hold less than 5/48.
  Rng rng(22);
  MatD e(97, 32);
  for (Eigen::Index i = 0; i < e.size(); ++i) e.data()[i] = rng.normal();
  const FourierSpectrum f = fourier_spectrum(e);
  REQUIRE(f.energy.size() == 48);
  CHECK(f.sparsity < 0.35);
  CHECK(f.sparsity >= 5.0 / 48.0 - 1e-12);
}

TEST_CASE("fourier spectrum ignores a constant offset over tokens", "[metrics][fourier]") {
  // Adding the same row to every token changes only k = 0, which is excluded.
  Rng rng(23);
  MatD e(59, 16);
  for (Eigen::Index i = 0; i < e.size(); ++i) e.data()[i] = rng.normal();
  VecD offset(16);
  for (Eigen::Index i = 0; i < offset.size(); ++i) offset[i] = 10.0 * rng.normal();
  const MatD shifted = e.rowwise() + offset.transpose();
  const FourierSpectrum a = fourier_spectrum(e), b = fourier_spectrum(shifted);
  REQUIRE(a.energy.size() == 29);
  REQUIRE(b.energy.size() == 29);
  const double total = sum(a.energy);
  for (size_t i = 0; i < a.energy.size(); ++i) CHECK(b.energy[i] == Approx(a.energy[i]).margin(1e-9 * total));
  CHECK(b.sparsity == Approx(a.sparsity).epsilon(1e-9));
}

TEST_CASE("fourier spectrum counts the Nyquist frequency once for even p", "[metrics][fourier]") {
  // p = 8: pairs k = 1, 2, 3 and the lone k = 4.
  //   column 0: (−1)^x = cos(πx), F_4 = Σ_x 1 = 8, its own partner: e_4 = 64 (not 128).
  //   column 1: cos(2πx/8), F_1 = F_7 = 8/2 = 4: e_1 = 16 + 16 = 32.
  MatD e(8, 2);
  for (int x = 0; x < 8; ++x) {
    e(x, 0) = x % 2 == 0 ? 1.0 : -1.0;
    e(x, 1) = std::cos(kTwoPi * x / 8);
  }
  const FourierSpectrum f = fourier_spectrum(e, 1);
  REQUIRE(f.energy.size() == 4);
  CHECK(f.energy[0] == Approx(32.0));
  CHECK(f.energy[1] == Approx(0.0).margin(1e-12));
  CHECK(f.energy[2] == Approx(0.0).margin(1e-12));
  CHECK(f.energy[3] == Approx(64.0));
  CHECK(f.sparsity == Approx(64.0 / 96.0));
  // More requested frequencies than pairs exist: the share is over all of them.
  CHECK(fourier_spectrum(e, 5).sparsity == Approx(1.0));
}

TEST_CASE("fourier sparsity is NaN for a zero embedding", "[metrics][fourier]") {
  // A constant embedding has energy at k = 0 only, which is excluded: its pairs are ≈ 0 (rounding only).
  const FourierSpectrum c = fourier_spectrum(MatD::Constant(11, 3, 2.5));
  REQUIRE(c.energy.size() == 5);
  for (double v : c.energy) CHECK(v == Approx(0.0).margin(1e-20));
  // The zero embedding has a total of exactly 0: no share can be defined.
  CHECK(std::isnan(fourier_spectrum(MatD::Zero(11, 3)).sparsity));
}
