// Memorization under label noise (LOSSES.md §6): how the model treats the training samples whose given
// label differs from the true one. A sample is "noisy" when given ≠ clean (a uniform-noise draw that
// kept the true class is clean).
#pragma once

#include <cstdint>
#include <span>

namespace losslab {

struct Memorization {
  int64_t clean_count = 0, noisy_count = 0;
  double clean_acc = 0;       // clean samples: fraction predicted as their (given = true) label
  double noisy_as_given = 0;  // noisy samples: fraction predicted as the given, wrong label (memorised)
  double noisy_as_true = 0;   // noisy samples: fraction predicted as the true label (corrected)
};
// Fractions are NaN when their subset is empty. All three spans have the same length.
Memorization memorization(std::span<const int32_t> predicted, std::span<const int32_t> given,
                          std::span<const int32_t> clean);

}  // namespace losslab
