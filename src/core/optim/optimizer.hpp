// Optimizers over a flat parameter vector. Hyperparameters are passed at every step, so a change made
// while a run is going (the learning rate, say) takes effect at the next step without losing state.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "util/eigen_types.hpp"
#include "util/registry.hpp"

namespace losslab {

enum class OptimizerKind { sgd, adam };

using OptimizerInfo = RegistryEntry<OptimizerKind>;

std::span<const OptimizerInfo> optimizer_registry();
std::optional<OptimizerKind> optimizer_from_name(std::string_view name);
std::string_view optimizer_name(OptimizerKind kind);

struct OptimizerSettings {
  float lr = 0.01f;
  float momentum = 0.9f;  // SGD
  float beta1 = 0.9f;     // Adam
  float beta2 = 0.999f;   // Adam
  float eps = 1e-8f;      // Adam
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // params ← params − update(grads); state (momentum, moments, step count) is kept between calls.
  virtual void step(Vec& params, const Vec& grads, const OptimizerSettings& s) = 0;
};

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, Eigen::Index num_params);

}  // namespace losslab
