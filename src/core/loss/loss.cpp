#include "loss/loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace losslab {

double log1m_prob(std::span<const double> lp, int32_t y) {
  double m = -std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < lp.size(); ++k)
    if (static_cast<int32_t>(k) != y) m = std::max(m, lp[k]);
  if (!std::isfinite(m)) return m;  // K = 1, or every other class has probability 0
  double sum = 0;
  for (size_t k = 0; k < lp.size(); ++k)
    if (static_cast<int32_t>(k) != y) sum += std::exp(lp[k] - m);
  return std::min(0.0, m + std::log(sum));
}

// One exp per logit: e_k = exp(z_k − max) gives the softmax, lse, and — from the sum over the other
// classes, which has no cancellation — log(1 − p_y) with two logs. Whichever of p_y and 1 − p_y is the
// smaller is so known to full relative precision, and the log of the other comes from it by log1p: neither
// log p_y near 1 nor log(1 − p_y) near 0 loses digits. Only when every other class underflows
// (z_y − z_k > ~745) is log(1 − p_y) taken the slow way, from the log-probabilities.
void fill_softmax_stats(std::span<const double> z, int32_t y, std::span<double> p, std::span<double> lp,
                        SampleView& view) {
  const size_t yi = static_cast<size_t>(y);
  const double m = *std::max_element(z.begin(), z.end());
  double sum = 0, other = 0;
  for (size_t k = 0; k < z.size(); ++k) {
    p[k] = std::exp(z[k] - m);
    sum += p[k];
    if (k != yi) other += p[k];
  }
  const double log_sum = std::log(sum);
  const double lse = m + log_sum;
  const double inv = 1.0 / sum;
  for (size_t k = 0; k < z.size(); ++k) {
    lp[k] = z[k] - lse;
    p[k] *= inv;
  }
  view.z = z;
  view.p = p;
  view.lp = lp;
  view.lse = lse;
  view.y = y;
  view.lp_y = lp[yi];
  if (other > 1e-300)
    view.log1m_py = std::log(other) - log_sum;
  else
    view.log1m_py = log1m_prob(lp, y);
  if (view.lp_y < -0.6931471805599453)
    view.log1m_py = std::log1p(-std::exp(view.lp_y));
  else if (other > 1e-300)
    view.lp_y = std::log1p(-other * inv);
  else
    view.lp_y = std::log1p(-std::exp(view.log1m_py));
}

LossParams default_loss_params(const LossInfo& loss) {
  LossParams out{};
  for (size_t i = 0; i < loss.params.size(); ++i) out[i] = loss.params[i].default_value;
  return out;
}

int loss_param_index(const LossInfo& loss, std::string_view param) {
  for (size_t i = 0; i < loss.params.size(); ++i)
    if (loss.params[i].name == param) return static_cast<int>(i);
  return -1;
}

int loss_outputs(const LossInfo& loss, const LossParams& params, int classes) {
  if (loss.task == LossTask::classification) return classes;
  const int bins = loss_param_index(loss, "bins");
  return bins < 0 ? 1 : static_cast<int>(params[static_cast<size_t>(bins)]);
}

const LossInfo* find_loss(std::string_view name) {
  for (const LossInfo& loss : loss_registry())
    if (loss.name == name) return &loss;
  return nullptr;
}

std::vector<std::string_view> loss_names() {
  std::vector<std::string_view> names;
  for (const LossInfo& loss : loss_registry()) names.push_back(loss.name);
  return names;
}

void evaluate_loss(const LossInfo& loss, const LossParams& params, const LossBatch& batch, LossResult& out,
                   bool want_grad) {
  const MatD& logits = *batch.logits;
  const Eigen::Index k = logits.rows(), b = logits.cols();
  if (loss.batch) {
    loss.batch(batch, params, out);
    if (!want_grad) out.dlogits.resize(0, 0);
    return;
  }
  out.loss.resize(b);
  out.dlogits.resize(k, b);
  const bool adversarial = batch.adv_logits != nullptr;
  if (adversarial) out.dadv.resize(k, b);
  const size_t kk = static_cast<size_t>(k);
  auto column = [kk](const MatD& m, Eigen::Index i) { return std::span<const double>(m.col(i).data(), kk); };
  std::vector<double> p(kk), lp(kk), grad(kk), grad_adv(kk);  // per-sample scratch, reused
  for (Eigen::Index i = 0; i < b; ++i) {
    const auto z = column(logits, i);
    SampleView view;
    if (batch.teacher_logits) view.teacher = column(*batch.teacher_logits, i);
    if (adversarial) view.adv = column(*batch.adv_logits, i);
    if (!batch.values.empty()) view.value = batch.values[static_cast<size_t>(i)];
    if (!batch.sample_state.empty()) view.state = batch.sample_state[static_cast<size_t>(i)];
    const std::span<double> grad_adv_span = adversarial ? std::span<double>(grad_adv) : std::span<double>();
    auto dz = out.dlogits.col(i);
    if (batch.soft_targets && loss.task == LossTask::classification) {
      // A soft target t is read as a distribution over labels: ℓ = Σ_y t_y ℓ(z, y). For losses linear in
      // the one-hot target (ce, brier, …) this is the soft-target loss up to a constant; for the others it
      // is the mixture of losses that mixup prescribes (LOSSES-NOTES C6).
      double value = 0;
      dz.setZero();
      if (adversarial) out.dadv.col(i).setZero();
      for (Eigen::Index y = 0; y < k; ++y) {
        const double t = (*batch.soft_targets)(y, i);
        if (t == 0) continue;
        fill_softmax_stats(z, static_cast<int32_t>(y), p, lp, view);
        value += t * loss.sample(view, params, grad, grad_adv_span);
        for (size_t j = 0; j < kk; ++j) dz[static_cast<Eigen::Index>(j)] += t * grad[j];
        if (adversarial)
          for (size_t j = 0; j < kk; ++j) out.dadv(static_cast<Eigen::Index>(j), i) += t * grad_adv[j];
      }
      out.loss[i] = value;
      continue;
    }
    const int32_t y = batch.labels.empty() ? 0 : batch.labels[static_cast<size_t>(i)];
    fill_softmax_stats(z, y, p, lp, view);
    out.loss[i] = loss.sample(view, params, grad, grad_adv_span);
    for (size_t j = 0; j < kk; ++j) dz[static_cast<Eigen::Index>(j)] = grad[j];
    if (adversarial)
      for (size_t j = 0; j < kk; ++j) out.dadv(static_cast<Eigen::Index>(j), i) = grad_adv[j];
  }
  if (!want_grad) out.dlogits.resize(0, 0);
}

}  // namespace losslab
