// Neural collapse of penultimate features (Papyan, Han & Donoho 2020; LOSSES.md §6, LOSSES-NOTES.md D6).
// With class means μ_k, global mean μ_G (mean of the class means, so unbalanced classes weigh equally),
//   Σ_W = mean over samples of (h − μ_y)(h − μ_y)ᵀ,  Σ_B = mean over classes of (μ_k − μ_G)(μ_k − μ_G)ᵀ,
//   NC1 = tr(Σ_W Σ_B⁺) / K                  (pseudo-inverse via the eigendecomposition of Σ_B)
//   NC2 equinorm      = std_k ‖μ_k − μ_G‖ / mean_k ‖μ_k − μ_G‖
//   NC2 equiangularity = std over pairs k ≠ k′ of cos(μ_k − μ_G, μ_k′ − μ_G)
//   NC2 max-angle      = mean over pairs of |cos + 1/(K−1)|  (0 for the simplex ETF)
// NC1 → 0 as features collapse to their class means; NC2 → 0 as the means form a simplex ETF.
#pragma once

#include <cstdint>
#include <span>

#include "util/eigen_types.hpp"

namespace losslab {

struct NeuralCollapse {
  double nc1 = 0;
  double equinorm = 0;
  double equiangularity = 0;
  double max_angle = 0;
};
// features: d×N (one column per sample), labels: N in [0, classes). Every value is NaN when fewer than
// two classes have samples, or when all class means coincide (Σ_B = 0: nothing is separated, which a
// pseudo-inverse would report as perfect collapse); classes without samples are left out.
NeuralCollapse neural_collapse(const MatD& features, std::span<const int32_t> labels, int classes);

}  // namespace losslab
