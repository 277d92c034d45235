// A synthetic token language whose entropy rate is known exactly (PHENOMENA.md §6, "entropy floor"): a
// first-order Markov chain over V tokens in which the token after state s is drawn from a Zipf law
// over a permutation of the vocabulary that depends on s,
//   P(next = π_s(r) | s) = r^−a / Σ_{j=1..V} j^−a,   ranks r = 1..V,
// with π_s(r) = (m_s·(r − 1) + c_s) mod V and m_s coprime to V (a bijection; m_s, c_s drawn per state
// from the seed). Every state's next-token distribution is the same Zipf law, permuted, so every row of
// the V×V transition matrix has the same entropy H(V, a), and the entropy rate Σ_s μ(s)·H(next | s) is
// exactly H(V, a) whatever the stationary distribution μ: the loss floor of next-token prediction, known
// without ever forming the matrix (V may be 65,536).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/rng.hpp"

namespace losslab {

struct ZipfMarkovSettings {
  int vocab = 1024;       // V ≥ 2
  double exponent = 1.1;  // a ≥ 0 (0: uniform, entropy log V)
  uint64_t seed = 1;      // draws the permutations
};

// "" when the settings are usable, else a message naming the field and its range (V in [2, 2²⁰], a in
// [0, 10]). The constructor expects usable settings.
std::string check_zipf_markov(const ZipfMarkovSettings& settings);

// H(V, a) of the Zipf law over V ranks, in nats.
double zipf_entropy(int vocab, double exponent);

class ZipfMarkov {
 public:
  explicit ZipfMarkov(const ZipfMarkovSettings& settings);

  int vocab() const { return static_cast<int>(cdf_.size()); }
  double entropy_rate() const { return entropy_; }  // nats per token
  // P(next | state).
  double probability(int state, int next) const;
  // One step of the chain.
  int next(int state, Rng& rng) const;
  // `length` tokens from a uniformly drawn first token.
  std::vector<int32_t> sample(int length, Rng& rng) const;

 private:
  std::vector<double> cdf_;  // of the Zipf law over ranks 1..V
  std::vector<int32_t> multiplier_, offset_;  // m_s, c_s per state
  double entropy_ = 0;
};

}  // namespace losslab
