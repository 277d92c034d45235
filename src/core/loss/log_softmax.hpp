// log softmax(x / T) into out (the same length as x): x/T − lse(x/T), with the max subtracted first.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

namespace losslab {

inline void log_softmax(std::span<const double> x, double temperature, std::span<double> out) {
  const double m = *std::max_element(x.begin(), x.end()) / temperature;
  double sum = 0;
  for (double v : x) sum += std::exp(v / temperature - m);
  const double lse = m + std::log(sum);
  for (size_t k = 0; k < x.size(); ++k) out[k] = x[k] / temperature - lse;
}

}  // namespace losslab
