#include "metrics/fourier.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

namespace losslab {

namespace {

// |F_{k,d}|² summed over the columns d, by a direct DFT over the p tokens. The phase index k·x is
// reduced mod p before the table look-up, so every angle is one of p exact multiples of 2π/p (no drift
// from large k·x arguments).
double frequency_energy(const MatD& embedding, Eigen::Index k, const VecD& cos_table, const VecD& sin_table) {
  const Eigen::Index p = embedding.rows();
  double energy = 0;
  for (Eigen::Index d = 0; d < embedding.cols(); ++d) {
    double re = 0, im = 0;
    for (Eigen::Index x = 0; x < p; ++x) {
      const Eigen::Index phase = (k * x) % p;
      re += embedding(x, d) * cos_table[phase];
      im -= embedding(x, d) * sin_table[phase];
    }
    energy += re * re + im * im;
  }
  return energy;
}

}  // namespace

FourierSpectrum fourier_spectrum(const MatD& embedding, int top) {
  const Eigen::Index p = embedding.rows();
  VecD cos_table(p), sin_table(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double angle = 2.0 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(p);
    cos_table[j] = std::cos(angle);
    sin_table[j] = std::sin(angle);
  }

  FourierSpectrum out;
  double total = 0;
  for (Eigen::Index k = 1; 2 * k <= p; ++k) {
    // E is real, so F_{p−k} = conj(F_k): the pair {k, p−k} holds 2|F_k|², except k = p/2 (its own partner).
    const double pair = (2 * k == p ? 1.0 : 2.0) * frequency_energy(embedding, k, cos_table, sin_table);
    out.energy.push_back(pair);
    total += pair;
  }

  if (!(total > 0)) {
    out.sparsity = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  std::vector<double> sorted = out.energy;
  const size_t kept = std::min(static_cast<size_t>(std::max(top, 0)), sorted.size());
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(kept), sorted.end(),
                    std::greater<>());
  double top_sum = 0;
  for (size_t i = 0; i < kept; ++i) top_sum += sorted[i];
  out.sparsity = top_sum / total;
  return out;
}

}  // namespace losslab
