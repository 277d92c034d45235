#include "optim/optimizer.hpp"

#include <array>

#include "optim/adam.hpp"
#include "optim/momentum.hpp"
#include "optim/nesterov.hpp"
#include "optim/sgd.hpp"
#include "util/registry.hpp"

namespace losslab {
namespace {

constexpr std::array<OptimizerInfo, 5> kRegistry{{
    {OptimizerKind::sgd, "sgd", "plain stochastic gradient descent, θ ← θ − η·g (momentum is ignored)"},
    {OptimizerKind::momentum, "momentum", "SGD with heavy-ball momentum (PyTorch): v ← μv + g, θ ← θ − η·v"},
    {OptimizerKind::nesterov, "nesterov",
     "SGD with Nesterov momentum (PyTorch): v ← μv + g, θ ← θ − η·(g + μv)"},
    {OptimizerKind::adam, "adam", "Adam (Kingma & Ba 2015) with bias correction"},
    {OptimizerKind::adamw, "adamw",
     "AdamW (Loshchilov & Hutter 2019): the same update as adam, since weight_decay is decoupled for "
     "every optimizer here; listed so configs from papers read as written"},
}};

}  // namespace

std::span<const OptimizerInfo> optimizer_registry() { return kRegistry; }

std::optional<OptimizerKind> optimizer_from_name(std::string_view name) {
  return kind_from_name(optimizer_registry(), name);
}

std::string_view optimizer_name(OptimizerKind kind) { return info_of(optimizer_registry(), kind).name; }

void Optimizer::step(Vec& params, const Vec& grads, const OptimizerSettings& s) {
  // PyTorch AdamW order: shrink first, then the update computed from the gradient of the old θ.
  if (s.weight_decay != 0.0f) params *= 1.0f - s.lr * s.weight_decay;
  update(params, grads, s);
}

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, Eigen::Index num_params) {
  switch (kind) {
    case OptimizerKind::sgd: return std::make_unique<Sgd>();
    case OptimizerKind::momentum: return std::make_unique<Momentum>(num_params);
    case OptimizerKind::nesterov: return std::make_unique<Nesterov>(num_params);
    case OptimizerKind::adam:
    case OptimizerKind::adamw: return std::make_unique<Adam>(num_params);
  }
  return nullptr;
}

}  // namespace losslab
