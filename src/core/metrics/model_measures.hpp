// Measures of the model itself rather than of its predictions: weight norms (LOSSES-NOTES.md C9) and
// the coherence of per-example gradients (Chatterjee & Zielinski 2022; LOSSES-NOTES.md D7).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nn/mlp.hpp"

namespace losslab {

struct WeightNorms {
  double total = 0;                // ‖θ‖₂ over every parameter, biases included
  std::vector<double> per_layer;   // ‖W_l‖_F of each layer's weight matrix (biases excluded)
};
WeightNorms weight_norms(const Mlp& model, const Vec& params);

// m-coherence of the cross-entropy gradients of the samples `indices` of (x, labels):
//   ‖Σ_i g_i‖² / Σ_i ‖g_i‖²,  between 0 and m = indices.size(): m when all are equal, 1 when they are
//   pairwise orthogonal, below 1 when they conflict.
// NaN when indices is empty or every gradient is zero. Each g_i is a separate forward and backward pass
// (evaluation mode: no dropout, no noise), accumulated in float64.
double gradient_coherence(const Mlp& model, const Vec& params, const Mat& x, std::span<const int32_t> labels,
                          std::span<const int32_t> indices, MlpWorkspace& ws);

// LOSSES.md §6's figures from that ratio r over m samples, leaving out each gradient's product with
// itself: α = (Σ_{i≠j} g_i·g_j / (m(m−1))) / (Σ_i ‖g_i‖² / m) = (r − 1)/(m − 1) — 1 when all gradients are
// equal, 0 when pairwise orthogonal, negative when they conflict — and m·α. NaN for m < 2.
struct CoherenceFigures {
  double alpha = 0;
  double m_alpha = 0;
};
CoherenceFigures coherence_figures(double ratio, int m);

}  // namespace losslab
