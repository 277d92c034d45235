#include "fused_ce/fused_ce.hpp"

#include <array>

#include "util/registry.hpp"

namespace losslab {
namespace {

constexpr std::array<RegistryEntry<FusedCeBackend>, 2> kBackends{{
    {FusedCeBackend::naive, "naive", "materialises the N×V logits: the reference"},
    {FusedCeBackend::blockwise, "blockwise", "tiles with an online log-sum-exp; recomputes and filters in the backward"},
}};

}  // namespace

std::optional<FusedCeBackend> fused_ce_backend_from_name(std::string_view name) {
  return kind_from_name(std::span<const RegistryEntry<FusedCeBackend>>(kBackends), name);
}

std::string_view fused_ce_backend_name(FusedCeBackend backend) {
  return info_of(std::span<const RegistryEntry<FusedCeBackend>>(kBackends), backend).name;
}

std::string check_fused_ce(const FusedCeProblem& p) {
  if (!p.h || !p.w) return "fused cross-entropy: hidden states and classifier are both needed";
  const Eigen::Index d = p.h->rows(), n = p.h->cols(), v = p.w->cols();
  if (p.w->rows() != d)
    return "fused cross-entropy: hidden states have " + std::to_string(d) + " rows but the classifier has " +
           std::to_string(p.w->rows()) + "; both must have the hidden size d";
  if (v < 1) return "fused cross-entropy: the vocabulary is empty";
  if (static_cast<Eigen::Index>(p.labels.size()) != n)
    return "fused cross-entropy: " + std::to_string(p.labels.size()) + " labels for " + std::to_string(n) + " rows";
  if (p.bias && p.bias->size() != v)
    return "fused cross-entropy: the bias has " + std::to_string(p.bias->size()) + " entries for a vocabulary of " +
           std::to_string(v);
  if (!(p.label_smoothing >= 0 && p.label_smoothing <= 1))
    return "fused cross-entropy: label_smoothing " + std::to_string(p.label_smoothing) + " is outside [0, 1]";
  for (size_t i = 0; i < p.labels.size(); ++i) {
    const int32_t y = p.labels[i];
    if (y != p.ignore_label && (y < 0 || y >= v))
      return "fused cross-entropy: label " + std::to_string(y) + " of row " + std::to_string(i) + " is outside [0, " +
             std::to_string(v) + ") and is not the ignore label " + std::to_string(p.ignore_label);
  }
  return "";
}

int64_t used_rows(const FusedCeProblem& p) {
  int64_t used = 0;
  for (int32_t y : p.labels) used += y != p.ignore_label;
  return used;
}

void fused_cross_entropy(FusedCeBackend backend, const FusedCeProblem& problem, const FusedCeOptions& options,
                         FusedCeResult& out) {
  switch (backend) {
    case FusedCeBackend::naive: fused_ce_naive(problem, options, out); return;
    case FusedCeBackend::blockwise: fused_ce_blockwise(problem, options, out); return;
  }
}

}  // namespace losslab
