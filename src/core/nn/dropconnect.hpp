// DropConnect (Wan et al., ICML 2013): drop weights instead of activations, with one mask per
// minibatch (the paper's cheap approximation of one mask per example) and inverted scaling, so that
// evaluation simply uses the stored weights (E[θ ⊙ scale] = θ; the paper's Gaussian moment matching at
// inference is not reproduced). Biases are never dropped.
//
// Use in a training step, with `masked` and `scale` reused buffers:
//   dropconnect_mask(model, rate, rng, scale);
//   masked = params.cwiseProduct(scale);                   // θ ⊙ s
//   model.forward_train(masked, x, noise, rng, ws);  … loss …
//   model.backward(masked, x, dlogits, ws, grads);         // ∇ at θ ⊙ s
//   grads.array() *= scale.array();                        // chain rule: ∂/∂θ f(θ ⊙ s) = s ⊙ ∇f(θ ⊙ s)
//   optimizer.step(params, grads, settings);               // the stored θ, never the masked copy
#pragma once

#include "nn/mlp.hpp"
#include "util/eigen_types.hpp"
#include "util/rng.hpp"

namespace losslab {

// Fills scale (resized to model.num_params()) with m/(1−p), m ~ Bernoulli(1−p), on every weight, layer
// by layer in parameter order, and 1 on every bias. rate ≤ 0 gives all ones and draws nothing; rate ≥ 1
// zeroes every weight.
void dropconnect_mask(const Mlp& model, float rate, Rng& rng, Vec& scale);

}  // namespace losslab
