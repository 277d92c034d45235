// Blockwise fused cross-entropy on the CPU (LOSSES.md §7). Nothing N×V is ever held: the work is a grid
// of tiles of `row_block` rows × `vocab_block` vocabulary entries, each formed in a small buffer by one
// GEMM and dropped again.
//
// Forward: per row, a running (max m, sum s) of exp(z − m) merged tile by tile (an online
// log-sum-exp), lse = m + log s; z_iy and mean_k z_ik come from direct dot products.
// Backward: each tile's logits are recomputed and turned into softmax entries S = exp(z − lse). When
// every entry of the tile is below the threshold its two products (dH += W·S, dW += H·Sᵀ) are skipped —
// on a trained model most of the vocabulary sits far below 2⁻¹² for most rows, and those products are
// the backward's cost. The target terms, −(1 − ε) at each label and −ε/V everywhere, are not in the
// tiles: they are applied exactly afterwards, as sparse updates (one column of W or H per row) and as
// rank-one updates (ε/V times the sums of W's and H's columns), so filtering never drops them.
#include <algorithm>
#include <cmath>
#include <limits>

#include "fused_ce/fused_ce.hpp"

namespace losslab {

void fused_ce_blockwise(const FusedCeProblem& p, const FusedCeOptions& o, FusedCeResult& out) {
  const Mat& h = *p.h;
  const Mat& w = *p.w;
  const Eigen::Index d = h.rows(), n = h.cols(), v = w.cols();
  const Eigen::Index bn = std::max(1, o.row_block), bv = std::max(1, o.vocab_block);

  Mat tile(std::min(bv, v), std::min(bn, std::max<Eigen::Index>(n, 1)));
  FusedCeRowStats rows;
  rows.max.setConstant(n, -std::numeric_limits<double>::infinity());
  rows.sum.setZero(n);
  rows.label_logit.setZero(n);

  // The logits of a tile, into the top-left corner of `tile`.
  auto logits = [&](Eigen::Index n0, Eigen::Index cn, Eigen::Index v0, Eigen::Index cv) {
    auto t = tile.topLeftCorner(cv, cn);
    t.noalias() = w.middleCols(v0, cv).transpose() * h.middleCols(n0, cn);
    if (p.bias) t.colwise() += p.bias->segment(v0, cv);
    return t;
  };

  // Forward: the online log-sum-exp.
  for (Eigen::Index n0 = 0; n0 < n; n0 += bn) {
    const Eigen::Index cn = std::min(bn, n - n0);
    for (Eigen::Index v0 = 0; v0 < v; v0 += bv) {
      const Eigen::Index cv = std::min(bv, v - v0);
      auto t = logits(n0, cn, v0, cv);
      for (Eigen::Index j = 0; j < cn; ++j) {
        const int32_t y = p.labels[static_cast<size_t>(n0 + j)];
        if (y >= v0 && y < v0 + cv) rows.label_logit[n0 + j] = t(y - v0, j);
        const double tile_max = t.col(j).maxCoeff();
        const double tile_sum = (t.col(j).array() - static_cast<float>(tile_max)).exp().cast<double>().sum();
        double& m = rows.max[n0 + j];
        double& s = rows.sum[n0 + j];
        if (tile_max > m) {
          s = s * std::exp(m - tile_max) + tile_sum;
          m = tile_max;
        } else {
          s += tile_sum * std::exp(tile_max - m);
        }
      }
    }
  }

  fused_ce_row_losses(p, rows, out);
  const int64_t used = used_rows(p);
  const double scale = used > 0 ? 1.0 / static_cast<double>(used) : 0.0;
  out.tiles = out.tiles_skipped = 0;
  out.extra_bytes = tile.size() * static_cast<int64_t>(sizeof(float)) + rows.bytes() + d * 8 +
                    (o.gradients ? 2 * n * static_cast<int64_t>(sizeof(float)) : 0);  // max_f, log_sum_f
  if (!o.gradients) return;

  // Backward: recompute, filter, accumulate the softmax part. S/n = exp((z − max) − (log sum + log n)):
  // the row's max is a float exactly, so z − max is exact for the entries that matter, and the small
  // second term keeps its precision in float (rounding lse itself to float would cost half an ulp of
  // |lse| — 5e-4 relative at logits of 1e4 — in every entry). 1/n is folded in, so each tile is touched
  // once before its products.
  out.dh.setZero(d, n);
  out.dw.setZero(d, v);
  if (p.bias) out.dbias.setZero(v);
  const Vec max_f = rows.max.cast<float>();
  const Vec log_sum_f =
      (rows.sum.array().log() + std::log(static_cast<double>(std::max<int64_t>(used, 1)))).cast<float>();
  const auto scaled_threshold = static_cast<float>(o.threshold * scale);
  for (Eigen::Index n0 = 0; n0 < n; n0 += bn) {
    const Eigen::Index cn = std::min(bn, n - n0);
    for (Eigen::Index v0 = 0; v0 < v; v0 += bv) {
      const Eigen::Index cv = std::min(bv, v - v0);
      ++out.tiles;
      auto t = logits(n0, cn, v0, cv);
      float tile_max = 0;
      for (Eigen::Index j = 0; j < cn; ++j) {
        if (p.labels[static_cast<size_t>(n0 + j)] == p.ignore_label) {
          t.col(j).setZero();
          continue;
        }
        t.col(j) = ((t.col(j).array() - max_f[n0 + j]) - log_sum_f[n0 + j]).exp();
        tile_max = std::max(tile_max, t.col(j).maxCoeff());
      }
      if (tile_max < scaled_threshold) {
        ++out.tiles_skipped;
        continue;
      }
      out.dh.middleCols(n0, cn).noalias() += w.middleCols(v0, cv) * t;
      out.dw.middleCols(v0, cv).noalias() += h.middleCols(n0, cn) * t.transpose();
      if (p.bias) out.dbias.segment(v0, cv) += t.rowwise().sum();
    }
  }

  fused_ce_add_target_terms(p, out);
}

}  // namespace losslab
