// `losslab bench fused-ce`: seconds per forward + backward of the fused linear cross-entropy on random
// data of a given shape, GFLOP/s (counted as 6·N·d·V: the logits and the two gradient products, whatever
// a backend skips or recomputes), and the scratch bytes the backend held against the naive logits' size.
#pragma once

#include <string>

namespace losslab::cli {

struct FusedCeBenchOptions {
  int n = 1024, d = 256, v = 32768;
  std::string backend = "blockwise";
  float threshold = -1;  // < 0: the backend's default
  float weight_scale = 0.05f;  // std of the classifier's entries (larger: a more peaked softmax)
  int row_block = 0, vocab_block = 0;  // 0: the backend's default tile
  int repeats = 5;
  bool json = false;
};

int bench_fused_ce(const FusedCeBenchOptions& options);

}  // namespace losslab::cli
