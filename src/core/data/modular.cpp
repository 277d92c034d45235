#include "data/modular.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

namespace losslab {
namespace {

constexpr std::array<RegistryEntry<ModularOp>, 4> kOps{{
    {ModularOp::add, "add", "a + b mod p"},
    {ModularOp::sub, "sub", "a − b mod p"},
    {ModularOp::mul, "mul", "a · b mod p"},
    {ModularOp::div, "div", "a · b⁻¹ mod p (b ≠ 0)"},
}};

// b^e mod p by squaring; the inverse of b is b^(p−2) for prime p (Fermat).
int power_mod(int b, int e, int p) {
  int64_t result = 1, base = b % p;
  for (; e > 0; e >>= 1) {
    if (e & 1) result = result * base % p;
    base = base * base % p;
  }
  return static_cast<int>(result);
}

}  // namespace

std::span<const RegistryEntry<ModularOp>> modular_op_registry() { return kOps; }
std::optional<ModularOp> modular_op_from_name(std::string_view name) { return kind_from_name(modular_op_registry(), name); }
std::string_view modular_op_name(ModularOp op) { return info_of(modular_op_registry(), op).name; }

bool is_prime(int n) {
  if (n < 2) return false;
  for (int d = 2; d * d <= n; ++d)
    if (n % d == 0) return false;
  return true;
}

int modular_apply(ModularOp op, int a, int b, int p) {
  switch (op) {
    case ModularOp::add: return (a + b) % p;
    case ModularOp::sub: return ((a - b) % p + p) % p;
    case ModularOp::mul: return static_cast<int>(static_cast<int64_t>(a) * b % p);
    case ModularOp::div: return static_cast<int>(static_cast<int64_t>(a) * power_mod(b, p - 2, p) % p);
  }
  return 0;
}

Split make_modular_split(const ModularSettings& s, Rng& rng) {
  const int p = s.modulus;
  std::vector<std::array<int, 2>> pairs;
  for (int a = 0; a < p; ++a)
    for (int b = s.op == ModularOp::div ? 1 : 0; b < p; ++b) pairs.push_back({a, b});
  rng.shuffle(pairs.begin(), pairs.end());
  const auto n = static_cast<int>(pairs.size());
  const int n_train = std::clamp(static_cast<int>(std::lround(s.train_fraction * n)), 1, n - 1);
  auto fill = [&](Dataset& d, int begin, int end) {
    d.num_classes = p;
    d.x = Mat::Zero(2 * p, end - begin);
    d.y.resize(static_cast<size_t>(end - begin));
    for (int i = begin; i < end; ++i) {
      const auto [a, b] = pairs[static_cast<size_t>(i)];
      d.x(a, i - begin) = 1;
      d.x(p + b, i - begin) = 1;
      d.y[static_cast<size_t>(i - begin)] = modular_apply(s.op, a, b, p);
    }
  };
  Split split;
  fill(split.train, 0, n_train);
  fill(split.test, n_train, n);
  split.calib.num_classes = p;
  split.calib.x.resize(2 * p, 0);
  return split;
}

MatD modular_token_embedding(const Mat& w, int p) {
  MatD e(p, 2 * w.rows());
  e.leftCols(w.rows()) = w.leftCols(p).transpose().cast<double>();
  e.rightCols(w.rows()) = w.middleCols(p, p).transpose().cast<double>();
  return e;
}

}  // namespace losslab
