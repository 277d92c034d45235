// A random batch that carries everything any registered loss may need (teacher and adversarial logits,
// features, per-sample state, regression targets), for the tests that walk the whole loss registry.
#pragma once

#include <string>
#include <vector>

#include "loss/loss.hpp"
#include "util/rng.hpp"

namespace losslab::test {

struct LossCase {
  const LossInfo* loss = nullptr;
  LossParams params{};
  int classes = 3;  // K: logits per sample (bins for binned regression, 1 for a scalar head)
  std::string label() const {
    std::string text = std::string(loss->name) + " K=" + std::to_string(classes);
    for (size_t i = 0; i < loss->params.size(); ++i)
      text += " " + std::string(loss->params[i].name) + "=" + std::to_string(params[i]);
    return text;
  }
};

struct OwnedBatch {
  MatD logits, teacher, adv, features;
  std::vector<int32_t> labels;
  std::vector<double> values, state;

  LossBatch view(const LossInfo& loss) const {
    LossBatch b;
    b.logits = &logits;
    if (loss.task == LossTask::classification) b.labels = labels;
    if (loss.task == LossTask::regression) b.values = values;
    if (loss.needs & kNeedsTeacher) b.teacher_logits = &teacher;
    if (loss.needs & kNeedsAdversarial) b.adv_logits = &adv;
    if (loss.needs & kNeedsFeatures) b.features = &features;
    if (loss.needs & kNeedsSampleState) b.sample_state = state;
    return b;
  }
};

inline double param_or(const LossCase& c, std::string_view name, double fallback) {
  const int i = loss_param_index(*c.loss, name);
  return i < 0 ? fallback : c.params[static_cast<size_t>(i)];
}

// Logits ~ N(0, scale²); the adversarial logits a small perturbation of them; state initialised and
// updated once as the trainer would before the loss.
inline OwnedBatch random_batch(const LossCase& c, int batch, uint64_t seed, double scale = 2.0) {
  Rng rng(seed);
  OwnedBatch b;
  const int k = c.classes;
  b.logits.resize(k, batch);
  b.teacher.resize(k, batch);
  b.adv.resize(k, batch);
  b.features.resize(5, batch);
  for (int i = 0; i < batch; ++i) {
    for (int j = 0; j < k; ++j) {
      b.logits(j, i) = scale * rng.normal();
      b.teacher(j, i) = scale * rng.normal();
      b.adv(j, i) = b.logits(j, i) + 0.3 * rng.normal();
    }
    for (int f = 0; f < 5; ++f) b.features(f, i) = rng.normal() * (1.0 + i);
    b.labels.push_back(static_cast<int32_t>(rng.below(static_cast<uint32_t>(k))));
    const double lo = param_or(c, "v_min", -1), hi = param_or(c, "v_max", 1);
    b.values.push_back(lo + (hi - lo) * rng.uniform());
  }
  if (c.loss->state_init) {
    b.state.assign(static_cast<size_t>(batch), c.loss->state_init(c.params));
    if (c.loss->state_update) c.loss->state_update(b.view(*c.loss), c.params, b.state);
  }
  return b;
}

// The cases every registry-wide test walks: each loss at its defaults and with each parameter at the
// ends of its range (and at every choice), for several K. Combinations a loss rejects are skipped.
inline std::vector<LossCase> registry_cases(std::initializer_list<int> class_counts = {2, 3, 7}) {
  std::vector<LossCase> cases;
  for (const LossInfo& loss : loss_registry()) {
    std::vector<LossParams> settings{default_loss_params(loss)};
    for (size_t i = 0; i < loss.params.size(); ++i) {
      const ParamSpec& p = loss.params[i];
      if (p.name == "bins") continue;  // tied to K below
      std::vector<double> values{p.min, p.max};
      if (!p.choices.empty()) {
        values.clear();
        for (size_t c = 0; c < p.choices.size(); ++c) values.push_back(static_cast<double>(c));
      }
      for (double v : values) {
        LossParams params = default_loss_params(loss);
        params[i] = v;
        settings.push_back(params);
      }
    }
    for (int k : class_counts) {
      const bool scalar_head = loss.task == LossTask::regression && loss_param_index(loss, "bins") < 0;
      const int outputs = scalar_head ? 1 : k;
      for (LossParams params : settings) {
        if (const int bins = loss_param_index(loss, "bins"); bins >= 0) params[static_cast<size_t>(bins)] = k;
        if (loss.check_params && !loss.check_params(params).empty()) continue;
        cases.push_back({&loss, params, outputs});
      }
      if (scalar_head) break;
    }
  }
  return cases;
}

inline double total_loss(const LossInfo& loss, const LossParams& params, const LossBatch& batch) {
  LossResult r;
  evaluate_loss(loss, params, batch, r, false);
  return r.loss.sum();
}

}  // namespace losslab::test
