#include "nn/activation.hpp"

#include <array>
#include <cmath>

#include "util/registry.hpp"

namespace losslab {
namespace {

constexpr std::array<ActivationInfo, 3> kRegistry{{
    {Activation::relu, "relu", "max(0, z)"},
    {Activation::tanh, "tanh", "hyperbolic tangent"},
    {Activation::gelu, "gelu", "z·Φ(z), the exact (erf) GELU of Hendrycks & Gimpel 2016"},
}};

constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f;

// GELU(z) = z Φ(z),  Φ(z) = ½(1 + erf(z/√2)).
float gelu(float z) { return 0.5f * z * (1.0f + std::erf(z * kInvSqrt2)); }
// GELU'(z) = Φ(z) + z φ(z),  φ(z) = exp(−z²/2)/√(2π).
float gelu_grad(float z) {
  return 0.5f * (1.0f + std::erf(z * kInvSqrt2)) + z * kInvSqrt2Pi * std::exp(-0.5f * z * z);
}

}  // namespace

std::span<const ActivationInfo> activation_registry() { return kRegistry; }

std::optional<Activation> activation_from_name(std::string_view name) {
  return kind_from_name(activation_registry(), name);
}

std::string_view activation_name(Activation kind) { return info_of(activation_registry(), kind).name; }

void activation_forward(Activation kind, const Mat& z, Mat& a) {
  switch (kind) {
    case Activation::relu: a = z.cwiseMax(0.0f); break;
    case Activation::tanh: a = z.array().tanh(); break;
    case Activation::gelu: a = z.unaryExpr(&gelu); break;
  }
}

void activation_backward(Activation kind, const Mat& z, const Mat& a, const Mat& da, Mat& dz) {
  switch (kind) {
    case Activation::relu: dz = (z.array() > 0.0f).select(da, 0.0f); break;
    case Activation::tanh: dz = da.array() * (1.0f - a.array().square()); break;
    case Activation::gelu: dz = da.array() * z.unaryExpr(&gelu_grad).array(); break;
  }
}

}  // namespace losslab
