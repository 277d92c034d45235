#include "fused_ce/fused_ce.hpp"

#include <array>
#include <cmath>

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

void fused_ce_row_losses(const FusedCeProblem& p, const FusedCeRowStats& rows, FusedCeResult& out) {
  const Mat& h = *p.h;
  const Mat& w = *p.w;
  const Eigen::Index n = h.cols();
  const double eps = p.label_smoothing;
  const int64_t used = used_rows(p);
  out.loss.setZero(n);
  double total = 0;
  Eigen::VectorXd w_mean;
  double bias_mean = 0;
  if (eps != 0) {  // mean_k z_ik = h_i·mean_k w_k + mean_k b_k
    w_mean = w.cast<double>().rowwise().mean();
    bias_mean = p.bias ? p.bias->cast<double>().mean() : 0.0;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (p.labels[static_cast<size_t>(i)] == p.ignore_label) continue;
    const double z_mean = eps != 0 ? h.col(i).cast<double>().dot(w_mean) + bias_mean : 0.0;
    // (max − z_y) + log sum: the difference of two floats first, exact when they are close.
    const double loss =
        (rows.max[i] - rows.label_logit[i]) + std::log(rows.sum[i]) + eps * rows.label_logit[i] - eps * z_mean;
    out.loss[i] = static_cast<float>(loss);
    total += loss;
  }
  out.mean_loss = used > 0 ? total / static_cast<double>(used) : 0.0;
}

// The target terms, exactly: −(1 − ε)/n_used at each label, −ε/(V·n_used) everywhere.
void fused_ce_add_target_terms(const FusedCeProblem& p, FusedCeResult& out) {
  const Mat& h = *p.h;
  const Mat& w = *p.w;
  const Eigen::Index d = h.rows(), n = h.cols(), v = w.cols();
  const int64_t used = used_rows(p);
  const double scale = used > 0 ? 1.0 / static_cast<double>(used) : 0.0;
  const double eps = p.label_smoothing;
  const auto label_weight = static_cast<float>((1 - eps) * scale);
  const auto spread = static_cast<float>(eps * scale / static_cast<double>(v));
  const Vec w_sum = spread != 0 ? Vec(w.rowwise().sum()) : Vec();
  Vec h_sum = Vec::Zero(d);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int32_t y = p.labels[static_cast<size_t>(i)];
    if (y == p.ignore_label) continue;
    out.dh.col(i) -= label_weight * w.col(y);
    if (spread != 0) out.dh.col(i) -= spread * w_sum;
    out.dw.col(y) -= label_weight * h.col(i);
    h_sum += h.col(i);
    if (p.bias) out.dbias[y] -= label_weight;
  }
  if (spread != 0) {
    out.dw.colwise() -= spread * h_sum;
    if (p.bias) out.dbias.array() -= spread * static_cast<float>(used);
  }
}

void fused_cross_entropy(FusedCeBackend backend, const FusedCeProblem& problem, const FusedCeOptions& options,
                         FusedCeResult& out) {
  switch (backend) {
    case FusedCeBackend::naive: fused_ce_naive(problem, options, out); return;
    case FusedCeBackend::blockwise: fused_ce_blockwise(problem, options, out); return;
  }
}

}  // namespace losslab
