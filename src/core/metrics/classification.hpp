// Loss and accuracy of a model over a whole dataset (a full forward pass, no gradients).
#pragma once

#include "data/dataset.hpp"
#include "nn/mlp.hpp"
#include "nn/token_lm.hpp"

namespace losslab {

struct ClassificationScore {
  double loss = 0;      // mean cross-entropy
  double accuracy = 0;  // fraction of argmax predictions equal to the label
};

ClassificationScore score(const Mlp& model, const Vec& params, const Dataset& data, MlpWorkspace& ws);

// The token language model on the first `max_samples` samples of `data` (all when fewer). Its logits are
// formed a few tokens at a time (chunk × V floats, ~8 MB at V = 65,536), never for the whole split.
struct TokenLmScoreWorkspace {
  MlpWorkspace body;
  Mat tokens, x, logits;
};
ClassificationScore score(const TokenLm& model, const Vec& params, const Dataset& data, int max_samples,
                          TokenLmScoreWorkspace& ws);

// The same, resumable: each call scores at most `count` more samples, so that a large vocabulary's
// evaluation can be spread over the page's frames. Returns true once all `max_samples` are scored.
struct ScoreProgress {
  int64_t next = 0;  // samples scored so far
  double loss_sum = 0;
  int64_t correct = 0;
  ClassificationScore result() const;
};
bool score_some(const TokenLm& model, const Vec& params, const Dataset& data, int max_samples, int count,
                ScoreProgress& progress, TokenLmScoreWorkspace& ws);

}  // namespace losslab
