// Hidden-layer activations: forward a = f(z) and backward dz = da ⊙ f'(z), elementwise.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "util/eigen_types.hpp"
#include "util/registry.hpp"

namespace losslab {

enum class Activation { relu, tanh, gelu };

using ActivationInfo = RegistryEntry<Activation>;

std::span<const ActivationInfo> activation_registry();
std::optional<Activation> activation_from_name(std::string_view name);
std::string_view activation_name(Activation kind);

// a = f(z). Shapes: z, a are H×B.
void activation_forward(Activation kind, const Mat& z, Mat& a);

// dz = da ⊙ f'(z). f' is taken from z (GELU) or from a = f(z) (ReLU, tanh), whichever is cheaper.
void activation_backward(Activation kind, const Mat& z, const Mat& a, const Mat& da, Mat& dz);

}  // namespace losslab
