#include "optim/optimizer.hpp"

#include <array>

#include "optim/adam.hpp"
#include "optim/sgd.hpp"
#include "util/registry.hpp"

namespace losslab {
namespace {

constexpr std::array<OptimizerInfo, 2> kRegistry{{
    {OptimizerKind::sgd, "sgd", "stochastic gradient descent with heavy-ball momentum"},
    {OptimizerKind::adam, "adam", "Adam (Kingma & Ba 2015) with bias correction"},
}};

}  // namespace

std::span<const OptimizerInfo> optimizer_registry() { return kRegistry; }

std::optional<OptimizerKind> optimizer_from_name(std::string_view name) {
  return kind_from_name(optimizer_registry(), name);
}

std::string_view optimizer_name(OptimizerKind kind) { return info_of(optimizer_registry(), kind).name; }

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, Eigen::Index num_params) {
  switch (kind) {
    case OptimizerKind::sgd: return std::make_unique<Sgd>(num_params);
    case OptimizerKind::adam: return std::make_unique<Adam>(num_params);
  }
  return nullptr;
}

}  // namespace losslab
