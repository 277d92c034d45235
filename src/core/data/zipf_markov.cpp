#include "data/zipf_markov.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace losslab {
namespace {

// m⁻¹ mod V for m coprime to V (extended Euclid).
int64_t inverse_mod(int64_t m, int64_t v) {
  int64_t old_r = m, r = v, old_s = 1, s = 0;
  while (r != 0) {
    const int64_t q = old_r / r;
    old_r -= q * r;
    std::swap(old_r, r);
    old_s -= q * s;
    std::swap(old_s, s);
  }
  return ((old_s % v) + v) % v;
}

}  // namespace

std::string check_zipf_markov(const ZipfMarkovSettings& s) {
  if (s.vocab < 2 || s.vocab > (1 << 20))
    return "vocab: " + std::to_string(s.vocab) + " is out of range; allowed [2, 1048576]";
  if (!(s.exponent >= 0 && s.exponent <= 10))
    return "exponent: " + std::to_string(s.exponent) + " is out of range; allowed [0, 10]";
  return "";
}

double zipf_entropy(int vocab, double exponent) {
  double z = 0, weighted = 0;  // Σ r^−a and Σ r^−a·ln r
  for (int r = 1; r <= vocab; ++r) {
    const double w = std::pow(r, -exponent);
    z += w;
    weighted += w * std::log(r);
  }
  // H = −Σ p_r ln p_r with p_r = r^−a/Z: = ln Z + a·Σ p_r ln r.
  return std::log(z) + exponent * weighted / z;
}

ZipfMarkov::ZipfMarkov(const ZipfMarkovSettings& s) : entropy_(zipf_entropy(s.vocab, s.exponent)) {
  assert(check_zipf_markov(s).empty());
  const int v = s.vocab;
  cdf_.resize(static_cast<size_t>(v));
  double sum = 0;
  for (int r = 1; r <= v; ++r) cdf_[static_cast<size_t>(r - 1)] = sum += std::pow(r, -s.exponent);
  for (double& c : cdf_) c /= sum;
  cdf_.back() = 1;  // no rank is lost to rounding
  Rng rng(s.seed);
  multiplier_.resize(static_cast<size_t>(v));
  offset_.resize(static_cast<size_t>(v));
  for (int state = 0; state < v; ++state) {
    auto m = static_cast<int32_t>(1 + rng.below(static_cast<uint32_t>(v - 1)));
    while (std::gcd(m, v) != 1) m = m % (v - 1) + 1;  // the next candidate in [1, V): 1 always qualifies
    multiplier_[static_cast<size_t>(state)] = m;
    offset_[static_cast<size_t>(state)] = static_cast<int32_t>(rng.below(static_cast<uint32_t>(v)));
  }
}

double ZipfMarkov::probability(int state, int next) const {
  const int64_t v = vocab();
  const auto st = static_cast<size_t>(state);
  // r − 1 = m⁻¹·(next − c) mod V.
  const int64_t rank0 = inverse_mod(multiplier_[st], v) * (((next - offset_[st]) % v + v) % v) % v;
  const auto r = static_cast<size_t>(rank0);
  return cdf_[r] - (r > 0 ? cdf_[r - 1] : 0.0);
}

int ZipfMarkov::next(int state, Rng& rng) const {
  // 53 random bits: the float uniform's 24 would leave the rarest ranks of a large vocabulary unreachable.
  const double u = static_cast<double>(rng.next_u64() >> 11) * 0x1.0p-53;
  const auto rank0 = static_cast<int64_t>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  const auto st = static_cast<size_t>(state);
  const int64_t v = vocab();
  return static_cast<int>((static_cast<int64_t>(multiplier_[st]) * std::min(rank0, v - 1) + offset_[st]) % v);
}

std::vector<int32_t> ZipfMarkov::sample(int length, Rng& rng) const {
  std::vector<int32_t> tokens(static_cast<size_t>(std::max(length, 0)));
  if (tokens.empty()) return tokens;
  tokens[0] = static_cast<int32_t>(rng.below(static_cast<uint32_t>(vocab())));
  for (size_t i = 1; i < tokens.size(); ++i) tokens[i] = next(tokens[i - 1], rng);
  return tokens;
}

}  // namespace losslab
