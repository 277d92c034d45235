// §6 of PHENOMENA.md: the entropy floor of a synthetic language. The loss of next-token prediction is
// the source's entropy rate plus the model's KL from it (Henighan et al. 2020, "Scaling Laws for
// Autoregressive Generative Modeling": loss = S(true) + KL(true ‖ model)); on the Zipf–Markov language
// S is known exactly, so the plot can draw it and the gap above it.
#include "train/phenomena/phenomena.hpp"

#include <cstdio>

#include "train/history_shape.hpp"

namespace losslab {

namespace {

// The reducible gap (test loss − entropy rate) down to a quarter of where it started.
Signature near_floor(const History& h, const RunConfig&) {
  const Series* gap = h.find("reducible_gap");
  if (!gap || gap->value.empty()) return {};
  const int64_t step = first_step(*gap, 0.25 * gap->value.front(), false);
  if (step < 0) return {};
  char text[160];
  std::snprintf(text, sizeof text, "the loss is within %.2f nats of the entropy floor at step %lld (from %.2f)",
                value_at(*gap, step), static_cast<long long>(step), gap->value.front());
  return {true, step, text};
}

}  // namespace

std::vector<Preset> entropy_floor_presets() {
  RunConfig c = token_language_config(256, 1.5, 64, 0.003f, 3000);
  c.n_test = 4096;  // the test loss is a mean over tokens: 4,096 of them put its noise at ~0.02 nats
  c.eval_every = 100;
  std::vector<Preset> out = {{"entropy-floor-lm", "Entropy floor of a language",
           "A token model learns a synthetic language of 256 tokens whose entropy rate is known exactly.",
           c,
           "The test loss starts at log 256 = 5.55 nats and falls toward the dashed line: the language's "
           "entropy rate, the loss no model can beat, because the next token is random. What is left above "
           "the line (the green curve, the reducible gap) is the model's KL divergence from the true "
           "next-token law; it shrinks as training goes on but never goes below zero.",
           "Henighan et al. 2020, Scaling Laws for Autoregressive Generative Modeling (loss = S + KL). The "
           "language: a first-order Markov chain over 256 tokens whose every next-token law is a Zipf law "
           "(exponent 1.5) over its own permutation of the vocabulary, so its entropy rate is the Zipf "
           "law's entropy.",
           {"loss", "accuracy"},
           "head"}};
  out[0].signature = &near_floor;
  return out;
}

}  // namespace losslab
