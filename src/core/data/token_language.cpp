#include "data/token_language.hpp"

#include "data/zipf_markov.hpp"

namespace losslab {
namespace {

// Consecutive pairs of one chain of `samples` + 1 tokens.
Dataset chain_pairs(const ZipfMarkov& language, int samples, Rng& rng) {
  const std::vector<int32_t> tokens = language.sample(samples + 1, rng);
  Dataset d;
  d.num_classes = language.vocab();
  d.x.resize(1, samples);
  d.y.resize(static_cast<size_t>(samples));
  for (int i = 0; i < samples; ++i) {
    d.x(0, i) = static_cast<float>(tokens[static_cast<size_t>(i)]);
    d.y[static_cast<size_t>(i)] = tokens[static_cast<size_t>(i) + 1];
  }
  return d;
}

}  // namespace

Split make_token_language_split(const TokenLanguageSettings& s, Rng& rng) {
  const ZipfMarkov language({s.vocab, s.exponent, rng.next_u64()});
  Split split;
  split.train = chain_pairs(language, s.n_train, rng);
  split.test = chain_pairs(language, s.n_test, rng);
  split.calib.num_classes = s.vocab;
  split.calib.x.resize(1, 0);
  return split;
}

double token_language_floor(const TokenLanguageSettings& s) { return zipf_entropy(s.vocab, s.exponent); }

}  // namespace losslab
