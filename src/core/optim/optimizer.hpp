// Optimizers over a flat parameter vector. Hyperparameters are passed at every step, so a change made
// while a run is going (the learning rate, say) takes effect at the next step without losing state.
//
// Weight decay is decoupled for every optimizer (Loshchilov & Hutter, AdamW): θ ← θ − η·λ·θ, applied
// before the optimizer's own update as PyTorch's AdamW does, to every parameter including the biases
// (as the grokking codes do). It lives in Optimizer::step, once, so no update rule can forget it or
// apply it in another order. Coupled L2 (a loss term) is add_l2_gradient in optim/regularizers.hpp.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "util/eigen_types.hpp"
#include "util/registry.hpp"

namespace losslab {

enum class OptimizerKind { sgd, momentum, nesterov, adam, adamw };

using OptimizerInfo = RegistryEntry<OptimizerKind>;

std::span<const OptimizerInfo> optimizer_registry();
std::optional<OptimizerKind> optimizer_from_name(std::string_view name);
std::string_view optimizer_name(OptimizerKind kind);

struct OptimizerSettings {
  float lr = 0.01f;
  float momentum = 0.9f;      // momentum, nesterov
  float beta1 = 0.9f;         // adam, adamw
  float beta2 = 0.999f;       // adam, adamw
  float eps = 1e-8f;          // adam, adamw
  float weight_decay = 0.0f;  // decoupled, every optimizer: θ ← θ − lr·λ·θ before the update
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Decoupled weight decay, then the update rule; state (velocity, moments, step count) is kept
  // between calls.
  void step(Vec& params, const Vec& grads, const OptimizerSettings& s);

 protected:
  // params ← params − update(grads), the rule proper (no weight decay).
  virtual void update(Vec& params, const Vec& grads, const OptimizerSettings& s) = 0;
};

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, Eigen::Index num_params);

}  // namespace losslab
