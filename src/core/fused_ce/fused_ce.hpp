// Fused linear cross-entropy (Cut Cross-Entropy; Wijmans et al., ICLR 2025; LOSSES.md §7): the loss of
// softmax(Wᵀh_i + b) against labels y_i, and its gradients, for a vocabulary too large to hold the N×V
// logit matrix. Layout as everywhere in LossLab, one sample (token) per column:
//   H (d×N) hidden states, W (d×V) classifier (column k is token k's vector), b (V) optional bias,
//   logits z_ik = w_k·h_i + b_k,  lse_i = log Σ_k exp z_ik,
//   loss_i = lse_i − (1 − ε)·z_iy − ε·mean_k z_ik   (label smoothing ε; ε = 0: cross-entropy),
//   mean loss = Σ_i loss_i / (rows whose label is not ignore_label; 0 when every row is ignored),
//   G = ∂(mean loss)/∂Z = (softmax(Z) − (1 − ε)·onehot(y) − ε/V) / n_used  (0 in ignored columns),
//   dH = W·G, dW = H·Gᵀ, db = row sums of G.
// Backends (one interface, results equal up to float rounding and the filter below):
//   naive      materialises Z: the reference, and the "what it would cost" figure;
//   blockwise  tiles of rows × vocabulary entries, an online log-sum-exp in the forward, and a backward
//              that recomputes each tile's logits and skips the tile's two gradient products when every
//              softmax entry in it is below `threshold` (the label and smoothing terms are applied
//              exactly, apart from the tiles). Extra memory: one tile plus O(N), never O(N·V).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/eigen_types.hpp"

namespace losslab {

enum class FusedCeBackend { naive, blockwise };
std::optional<FusedCeBackend> fused_ce_backend_from_name(std::string_view name);
std::string_view fused_ce_backend_name(FusedCeBackend backend);

inline constexpr int32_t kIgnoreLabel = -100;      // PyTorch's ignore_index default
inline constexpr float kDefaultFilterThreshold = 1.0f / 4096;  // 2⁻¹², CCE's bfloat16 default

struct FusedCeProblem {
  const Mat* h = nullptr;        // d×N
  const Mat* w = nullptr;        // d×V
  const Vec* bias = nullptr;     // V, or none
  std::span<const int32_t> labels;  // N, each in [0, V) or ignore_label
  int32_t ignore_label = kIgnoreLabel;
  float label_smoothing = 0;     // ε in [0, 1]
};

struct FusedCeOptions {
  bool gradients = true;         // false: the loss only (no backward pass)
  float threshold = kDefaultFilterThreshold;  // blockwise: skip a tile whose softmax is below this everywhere; 0 = exact
  // Blockwise tile (512 KiB of float logits). Tall tiles matter: dW (d×V) is read and written once per
  // row block, so 1024 rows make that traffic 4× smaller than 256 (measured: 1.33 s → 0.96 s at N = 2048,
  // d = 256, V = 16384; docs/BENCHMARKS.md).
  int row_block = 1024;          // rows (tokens)
  int vocab_block = 128;         // vocabulary entries
};

struct FusedCeResult {
  double mean_loss = 0;
  Vec loss;                      // N (0 for ignored rows)
  Mat dh, dw;                    // d×N, d×V (when gradients)
  Vec dbias;                     // V (when gradients and a bias)
  int64_t tiles = 0, tiles_skipped = 0;  // blockwise backward: tiles visited and tiles whose products were skipped
  int64_t extra_bytes = 0;       // scratch the backend held beyond its inputs and these outputs
};

// Problems that cannot be run: a message naming what is wrong (sizes, a label out of range), or "".
std::string check_fused_ce(const FusedCeProblem& problem);

// Runs a checked problem. The result's buffers are reused when they already have the right sizes.
void fused_cross_entropy(FusedCeBackend backend, const FusedCeProblem& problem, const FusedCeOptions& options,
                         FusedCeResult& out);

// Rows whose label is not the ignore label: the mean's denominator.
int64_t used_rows(const FusedCeProblem& problem);

// Bytes the naive backend's N×V float logit matrix takes.
inline int64_t naive_logit_bytes(int64_t n, int64_t v) { return n * v * static_cast<int64_t>(sizeof(float)); }

// Per row: the online log-sum-exp state (lse = max + log sum) and the label's logit as the tiles computed
// it, so that lse − z_y is formed from the same rounded logits (a fresh float64 dot product would differ
// by a float ulp of |z|, ~1e-3 at logits of 1e4, and could make a fitted row's loss < 0).
struct FusedCeRowStats {
  Eigen::VectorXd max, sum;  // running max of the (float) logits — itself a float — and Σ exp(z − max)
  Eigen::VectorXd label_logit;
  int64_t bytes() const { return (max.size() + sum.size() + label_logit.size()) * 8; }
};

// The parts every tiled backend (blockwise, webgpu) shares. fused_ce_row_losses fills out.loss and
// out.mean_loss from the row statistics (with the smoothing term ε·mean_k z_ik from h·mean(W)).
// fused_ce_add_target_terms adds the exact target terms of G — −(1 − ε)/n_used at each label and
// −ε/(V·n_used) everywhere — to dh, dw and dbias, which hold the softmax part (W·S, H·Sᵀ, row sums of
// S, with S = softmax/n_used) on entry.
void fused_ce_row_losses(const FusedCeProblem& problem, const FusedCeRowStats& rows, FusedCeResult& out);
void fused_ce_add_target_terms(const FusedCeProblem& problem, FusedCeResult& out);

// The two backends, for the dispatcher and the tests.
void fused_ce_naive(const FusedCeProblem& problem, const FusedCeOptions& options, FusedCeResult& out);
void fused_ce_blockwise(const FusedCeProblem& problem, const FusedCeOptions& options, FusedCeResult& out);

}  // namespace losslab
