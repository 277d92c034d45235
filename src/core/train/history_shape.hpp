// Reading the shape of an event off a History series: when it first crosses a level, its value near a
// step, its extremes. The phenomena's signatures (train/phenomena/) and their tests use these, so that a
// signature is a statement about a curve, not a number copied from a run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "train/history.hpp"

namespace losslab {

// The first recorded step at or after `from` where the series is ≥ level (above) or ≤ level; −1 if none.
inline int64_t first_step(const Series& s, double level, bool above = true, int64_t from = 0) {
  for (size_t i = 0; i < s.value.size(); ++i)
    if (s.step[i] >= from && (above ? s.value[i] >= level : s.value[i] <= level)) return s.step[i];
  return -1;
}

// The value at the recorded step nearest to `step` (NaN for an empty series).
inline double value_at(const Series& s, int64_t step) {
  if (s.value.empty()) return std::numeric_limits<double>::quiet_NaN();
  size_t best = 0;
  for (size_t i = 0; i < s.step.size(); ++i)
    if (std::llabs(s.step[i] - step) < std::llabs(s.step[best] - step)) best = i;
  return s.value[best];
}

// The largest and smallest values recorded up to and including step `until`.
inline double max_value(const Series& s, int64_t until = std::numeric_limits<int64_t>::max()) {
  double m = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < s.value.size() && s.step[i] <= until; ++i) m = std::max(m, s.value[i]);
  return m;
}
inline double min_value(const Series& s, int64_t until = std::numeric_limits<int64_t>::max()) {
  double m = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < s.value.size() && s.step[i] <= until; ++i) m = std::min(m, s.value[i]);
  return m;
}

}  // namespace losslab
