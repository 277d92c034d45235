// A small, fast moons run for tests that need a trained History rather than a good model: 64 training
// and 64 test points, batches of 32, evaluated every 10 steps.
#pragma once

#include "train/presets.hpp"

namespace losslab {

inline RunConfig small_moons_config(int64_t steps) {
  RunConfig c = find_preset("moons")->config;
  c.n_train = 64;
  c.n_test = 64;
  c.n_calib = 0;
  c.batch_size = 32;
  c.steps = steps;
  c.eval_every = 10;
  return c;
}

}  // namespace losslab
