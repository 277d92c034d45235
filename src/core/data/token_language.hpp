// Next-token prediction on the Zipf–Markov language (data/zipf_markov.hpp): the dataset of the token
// language model. A sample is one token (its id, stored as a float in a 1×N input row: exact for ids
// below 2²⁴) and its label is the token that follows it in the chain. The training split is one chain of
// n_train + 1 tokens, the test split an independent chain of n_test + 1 tokens; there is no calibration
// split. The best any model can do on either is the source's entropy rate (token_language_floor), in nats.
#pragma once

#include "data/dataset.hpp"
#include "util/rng.hpp"

namespace losslab {

struct TokenLanguageSettings {
  int vocab = 4096;       // V: tokens in, classes out
  double exponent = 1.1;  // the Zipf exponent of every state's next-token law
  int n_train = 100000, n_test = 1024;
};

// One draw from `rng` seeds the language (its per-state permutations), then the two chains follow.
Split make_token_language_split(const TokenLanguageSettings& settings, Rng& rng);

// The entropy rate of the language: the irreducible part of the next-token loss.
double token_language_floor(const TokenLanguageSettings& settings);

}  // namespace losslab
