// Regularizers that act on the flat parameter or gradient vector between backward() and the optimizer
// (LOSSES.md §5). Each one touches every parameter, biases included, as the grokking codes (Power et
// al., Nanda, PAIR) do for their decay and norm penalties; excluding biases would be a toggle on top.
//
// Typical order in a step: backward → add_l2_gradient / add_l1_gradient → Grokfast::apply →
// clip_gradient_norm → optimizer step (with its decoupled weight decay) → add_langevin_noise.
#pragma once

#include "util/eigen_types.hpp"
#include "util/rng.hpp"

namespace losslab {

// Coupled L2: loss += λ‖θ‖²/2, so g += λθ. Unlike decoupled weight decay this goes through the
// optimizer (Adam divides it by √v̂, which weakens it for weights with large gradients).
void add_l2_gradient(Vec& grads, const Vec& params, float lambda);

// L1: loss += λ‖θ‖₁, with the subgradient g += λ·sign(θ) (sign(0) = 0). It jitters around 0 rather
// than giving exact zeros (a proximal step would), as PAIR's L1 option does.
void add_l1_gradient(Vec& grads, const Vec& params, float lambda);

// Global-norm clipping (PyTorch clip_grad_norm_): if ‖g‖₂ > max_norm, g ← g·max_norm/‖g‖₂, keeping its
// direction. max_norm ≤ 0 turns it off. Returns ‖g‖₂ before clipping (for the dashboard). A gradient
// whose norm is not finite is left as it is, so the divergence check still sees it.
float clip_gradient_norm(Vec& grads, float max_norm);

// Stochastic gradient Langevin dynamics (Welling & Teh 2011): after the optimizer step,
// θ ← θ + N(0, 2·lr·T) per coordinate, T the temperature on the scale of the mean loss (LOSSES.md §5;
// a posterior over N samples at temperature T' is T = T'/N). T ≤ 0 adds nothing and draws nothing.
void add_langevin_noise(Vec& params, float lr, float temperature, Rng& rng);

// Grokfast-EMA (Lee et al. 2024, "Grokfast: Accelerated Grokking by Amplifying Slow Gradients",
// gradfilter_ema): amplifies the slow component of the gradient before the optimizer,
//   μ ← α·μ + (1−α)·g,   g ← g + λ·μ        (paper defaults α = 0.98, λ = 2)
// μ starts at the first gradient seen (not at 0, which would damp the first steps by (1−α)).
class Grokfast {
 public:
  void apply(Vec& grads, float alpha, float lambda);
  // Forget the average (a new run, or a changed model whose parameter count differs).
  void reset() { ema_.resize(0); }
  const Vec& ema() const { return ema_; }  // empty before the first apply()

 private:
  Vec ema_;
};

}  // namespace losslab
