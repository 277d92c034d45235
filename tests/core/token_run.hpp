// A token-language run small enough for unit tests (vocabulary 64, a 16-wide body, 30 steps evaluated
// every 10), and a loop that trains a Trainer to its end: shared by the token model's tests.
#pragma once

#include "train/trainer.hpp"

namespace losslab {

inline RunConfig token_config() {
  RunConfig c;
  c.dataset = DatasetKind::zipf_markov;
  c.vocab = 64;
  c.zipf_exponent = 1.5;
  c.embed_dim = 8;
  c.hidden = {16};
  c.n_train = 2000;
  c.n_test = 128;
  c.batch_size = 16;
  c.steps = 30;
  c.eval_every = 10;
  return c;
}

inline void run(Trainer& t) {
  int guard = 0;
  while (t.step() == RunState::running && ++guard < 100000) {
  }
}

}  // namespace losslab
