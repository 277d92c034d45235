// Modular arithmetic a ∘ b mod p (Power et al. 2022, "Grokking"; Nanda et al. 2023): every pair (a, b) of
// residues — b ≠ 0 for division — labelled c = a ∘ b mod p, with ÷ meaning a · b⁻¹. The input of a pair
// is one-hot(a) ⊕ one-hot(b) (2p features), so the first layer's weight columns are the two operands'
// token embeddings. A random `train_fraction` of the pairs trains; the rest is the test split. The
// generalisation the task asks for is to the unseen pairs, which is why grokking shows on it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "data/dataset.hpp"
#include "util/eigen_types.hpp"
#include "util/registry.hpp"
#include "util/rng.hpp"

namespace losslab {

enum class ModularOp { add, sub, mul, div };
std::span<const RegistryEntry<ModularOp>> modular_op_registry();
std::optional<ModularOp> modular_op_from_name(std::string_view name);
std::string_view modular_op_name(ModularOp op);

struct ModularSettings {
  int modulus = 97;  // p, a prime (so that every b ≠ 0 has an inverse)
  ModularOp op = ModularOp::add;
  double train_fraction = 0.3;
};

bool is_prime(int n);

// a ∘ b mod p for residues a, b in [0, p) (b ≠ 0 for div).
int modular_apply(ModularOp op, int a, int b, int p);

// The pairs in a seeded random order; the first round(train_fraction · N) (at least 1, at most N − 1) train.
Split make_modular_split(const ModularSettings& settings, Rng& rng);

// The token embedding of a model whose first layer reads one-hot(a) ⊕ one-hot(b): W (width × 2p) →
// E (p × 2·width), row t = [W[:, t]ᵀ, W[:, p + t]ᵀ], both operands' embeddings of token t side by side.
MatD modular_token_embedding(const Mat& first_layer_weight, int modulus);

}  // namespace losslab
