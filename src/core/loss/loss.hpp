// The loss zoo's interface. A loss is a row of the registry (loss_registry.cpp): a stable name, its
// parameters, a citation, and a function that gives one sample's loss and its gradient with respect to
// the logits — analytic, in float64. The driver here turns that into batches (matrices with one sample
// per column) and handles soft targets, so a loss file holds only its own formula.
//
// Conventions (../shared/LOSSES.md): z ∈ ℝᴷ logits, p = softmax(z), label y; log p is always z − lse(z),
// never the log of a rounded probability.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/eigen_types.hpp"
#include "util/param_spec.hpp"

namespace losslab {

constexpr int kMaxLossParams = 6;
// Parameter values in the order of the loss's ParamSpec list; unused entries are ignored.
using LossParams = std::array<double, kMaxLossParams>;

enum class LossTask {
  classification,  // targets are class labels (or soft targets over classes)
  regression,      // targets are real values; the K outputs are bins (or one scalar for mse)
};

// Inputs beyond the logits and the targets that a loss needs (bit flags).
enum LossNeeds : unsigned {
  kNeedsTeacher = 1u << 0,      // teacher logits, K per sample (kd, pld)
  kNeedsAdversarial = 1u << 1,  // logits at an adversarially perturbed input (adv_comp_sum)
  kNeedsFeatures = 1u << 2,     // penultimate activations, per sample (bias_loss)
  kNeedsSampleState = 1u << 3,  // one number kept per training sample between steps (aldr_kl)
  kBatchCoupled = 1u << 4,      // a sample's loss depends on the rest of the batch (anyloss, dice's option)
};

// Everything one sample's loss may read. The driver fills the softmax statistics once per sample.
struct SampleView {
  std::span<const double> z;    // K logits
  std::span<const double> p;    // softmax(z)
  std::span<const double> lp;   // log softmax(z) = z − lse
  double lse = 0;               // log Σ exp z
  int32_t y = 0;                // class label (classification)
  double lp_y = 0;              // log p_y
  double log1m_py = 0;          // log(1 − p_y), from a log-sum-exp over the other classes (no cancellation)
  double value = 0;             // regression target
  std::span<const double> teacher;  // teacher logits (kNeedsTeacher)
  std::span<const double> adv;      // logits at the perturbed input (kNeedsAdversarial)
  double state = 0;             // the sample's persistent state (kNeedsSampleState), read-only here
};

// Writes ∂ℓ/∂z into grad (K entries, always given) and, for adversarial losses, ∂ℓ/∂z_adv into
// grad_adv; returns ℓ.
using SampleLossFn = double (*)(const SampleView& s, const LossParams& params, std::span<double> grad,
                                std::span<double> grad_adv);

// A batch: K×B logits and the targets, in float64 (the trainer converts its float32 logits: K×B is small
// next to the network, and float64 keeps finite-difference checks and extreme logits exact). Labels or
// soft targets (K×B, columns summing to 1) for classification; values for regression. The optional inputs are those the loss's `needs` names.
struct LossBatch {
  const MatD* logits = nullptr;
  std::span<const int32_t> labels;
  const MatD* soft_targets = nullptr;
  std::span<const double> values;
  const MatD* teacher_logits = nullptr;  // K×B
  const MatD* adv_logits = nullptr;      // K×B
  const MatD* features = nullptr;        // F×B
  std::span<const double> sample_state;  // B, the batch's slice of the per-sample state
};

// loss: B per-sample values. dlogits: ∂(Σᵢ ℓᵢ)/∂Z (K×B) — for per-sample losses simply each sample's
// gradient; for batch-coupled losses the gradient of the batch sum. dadv: the same for adv_logits.
struct LossResult {
  VecD loss;
  MatD dlogits;
  MatD dadv;
};

// Batch-level losses implement this instead of a SampleLossFn.
using BatchLossFn = void (*)(const LossBatch& batch, const LossParams& params, LossResult& out);
// Per-sample state: its value before the first step, and its update from the current logits (run by
// the trainer before the loss, so the loss treats the state as a constant).
using StateInitFn = double (*)(const LossParams& params);
using StateUpdateFn = void (*)(const LossBatch& batch, const LossParams& params, std::span<double> state);
// Constraints between parameters that single ranges cannot express (v_min < v_max): empty if fine,
// else a sentence naming the parameters.
using ParamCheckFn = std::string (*)(const LossParams& params);

struct LossInfo {
  std::string_view name;         // stable key: config value, URL value, CLI argument
  std::string_view title;        // menu label
  std::string_view description;  // one line: what it does and when to use it
  std::string_view citation;     // where it comes from
  std::span<const ParamSpec> params;
  LossTask task = LossTask::classification;
  unsigned needs = 0;            // LossNeeds flags
  SampleLossFn sample = nullptr;
  BatchLossFn batch = nullptr;   // set for batch-level losses (then `sample` is unused)
  StateInitFn state_init = nullptr;
  StateUpdateFn state_update = nullptr;
  ParamCheckFn check_params = nullptr;
};

std::span<const LossInfo> loss_registry();
const LossInfo* find_loss(std::string_view name);
std::vector<std::string_view> loss_names();
LossParams default_loss_params(const LossInfo& loss);
// Index of a parameter in the loss's list, or −1.
int loss_param_index(const LossInfo& loss, std::string_view param);

// Number of outputs the model needs: K classes for classification, `bins` for binned regression, 1 for
// mse.
int loss_outputs(const LossInfo& loss, const LossParams& params, int classes);

// Evaluates the loss on a batch; with want_grad the gradients too. The batch must carry what the loss's
// `needs` and `task` require (the trainer and `losslab loss` check this before calling).
void evaluate_loss(const LossInfo& loss, const LossParams& params, const LossBatch& batch, LossResult& out,
                   bool want_grad = true);

// Fills the softmax statistics of a SampleView from z (K) and label y into caller-owned buffers p, lp.
void fill_softmax_stats(std::span<const double> z, int32_t y, std::span<double> p, std::span<double> lp,
                        SampleView& view);
// log(1 − p_y) for the view's current y, from the log-probabilities: log Σ_{k≠y} p_k.
double log1m_prob(std::span<const double> lp, int32_t y);

}  // namespace losslab
