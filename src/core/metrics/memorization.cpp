#include "metrics/memorization.hpp"

#include <cassert>
#include <limits>

namespace losslab {

namespace {

double fraction(int64_t hits, int64_t count) {
  return count > 0 ? static_cast<double>(hits) / static_cast<double>(count)
                   : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Memorization memorization(std::span<const int32_t> predicted, std::span<const int32_t> given,
                          std::span<const int32_t> clean) {
  assert(predicted.size() == given.size() && given.size() == clean.size());
  Memorization m;
  int64_t clean_hits = 0, as_given = 0, as_true = 0;
  for (size_t i = 0; i < predicted.size(); ++i) {
    if (given[i] == clean[i]) {
      ++m.clean_count;
      clean_hits += predicted[i] == given[i];
    } else {
      ++m.noisy_count;
      as_given += predicted[i] == given[i];
      as_true += predicted[i] == clean[i];
    }
  }
  m.clean_acc = fraction(clean_hits, m.clean_count);
  m.noisy_as_given = fraction(as_given, m.noisy_count);
  m.noisy_as_true = fraction(as_true, m.noisy_count);
  return m;
}

}  // namespace losslab
