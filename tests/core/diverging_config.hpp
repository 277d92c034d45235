// A config whose run diverges within a few hundred steps: SGD at lr 10 with momentum 0.999 on a wide
// three-layer ReLU network grows the weights until the logits overflow float32. Used to check that
// divergence pauses the run (trainer, UI, CLI) rather than crashing or going on with NaNs.
#pragma once

#include "train/run_config.hpp"

namespace losslab::testing {

inline RunConfig diverging_config() {
  RunConfig c;
  c.optimizer = OptimizerKind::momentum;
  c.lr = 10.0f;
  c.momentum = 0.999f;
  c.hidden = {256, 256, 256};
  c.steps = 2000;
  c.eval_every = 5;
  return c;
}

}  // namespace losslab::testing
