// Fourier analysis of a token embedding over Z_p (Nanda et al. 2023, "Progress measures for grokking via
// mechanistic interpretability"; LOSSES.md §6, LOSSES-NOTES.md D8). Rows of E (p×d) are the tokens
// 0..p−1. The DFT along the token axis, for frequency k = 1..⌊p/2⌋, has the energy
//   e_k = Σ_d (|F_{k,d}|² + |F_{p−k,d}|²)  (the pair {k, p−k}; once for k = p/2 when p is even),
// which equals, up to a constant, the squared norms of E's components along cos(2πkx/p) and sin(2πkx/p).
// k = 0 (the mean over tokens) is excluded. Sparsity is the share of Σ_k e_k in the `top` largest pairs:
// ≈ 1 for an embedding made of a few sinusoids (a grokked modular-addition model), ≈ top/⌊p/2⌋ for noise.
#pragma once

#include <vector>

#include "util/eigen_types.hpp"

namespace losslab {

inline constexpr int kFourierTopFrequencies = 5;

struct FourierSpectrum {
  std::vector<double> energy;  // e_k for k = 1..⌊p/2⌋ (energy[k − 1])
  double sparsity = 0;         // share of the total in the `top` largest e_k (NaN when the total is 0)
};
FourierSpectrum fourier_spectrum(const MatD& embedding, int top = kFourierTopFrequencies);

}  // namespace losslab
