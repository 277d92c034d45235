// Trainer: one run, advanced one optimizer step at a time. It never blocks and never loops on its own:
// the page calls step() within each frame's time budget, the CLI calls it until the run ends. Same
// code, same numbers.
//
// A step: draw a minibatch (epoch-wise shuffling) → training-time noise (input noise, mixup, DropConnect,
// dropout, hidden noise) → forward → the configured loss (from the loss registry) → backward →
// gradient regularizers (L2, L1, Grokfast, clipping) → optimizer with the scheduled learning rate and
// decoupled weight decay → Langevin noise. Each regularizer draws random numbers only while it is on.
// Parameters that never train (a fixed-sign output layer, absent biases: nn/frozen_params.hpp) get a zero
// gradient and keep their values through weight decay and Langevin noise.
// Every eval_every steps (and at steps 0 and the last) the model is scored on the full train and test
// sets and the History gets train_loss, train_acc, test_loss, test_acc (cross-entropy and accuracy, so
// runs with different losses compare on one scale) and lr at that step. Every metrics_cadence() steps
// (and at steps 0 and the last) the instruments — calibration, memorization, norms, collapse, coherence,
// margins — are measured (train/instruments.hpp) and recorded too.
//
// Label noise is applied once to the training labels (its own generator), and again when its settings
// change mid-run; the clean labels are kept, and the test split is never noisy. Losses that need a
// teacher (kd, pld) first train one — the same model, cross-entropy, teacher_steps steps — in the same
// step() slices, before the student moves. A NaN or Inf in the loss or the weights stops the run at that
// step (state diverged) with a message; the History up to it is kept.
//
// On a token language (dataset zipf_markov) the model is the token LM (nn/token_lm.hpp) and its head is
// the fused cross-entropy (train/fused_head.hpp). With a device (WebGPU in the page) a step is split: the
// first call of step() submits the head's work and returns with waiting() true; later calls poll, and the
// call that finds the result finishes the step. Evaluations score the test split and as many training
// tokens, a batch of tokens per call of step() (training waits meanwhile), and record batch_loss (the mean
// batch loss since the last evaluation), loss_floor (the language's entropy rate) and reducible_gap
// (test_loss − floor); the instruments, made for K-class heads with K×N logits, are not measured.
//
// On a regression dataset (dataset heavy_tail_regression, a loss of LossTask::regression) the model's
// outputs are the loss's (its bins, or one value for mse), the batches carry the real-valued targets,
// and evaluations record the loss and the squared errors of the prediction (train/regression_eval.hpp)
// instead of accuracy; the instruments, which read class labels, are not measured. A live change to a
// loss with another number of outputs (mse ↔ binned, or other bins) needs a restart.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"
#include "data/label_noise.hpp"
#include "loss/loss.hpp"
#include "fused_ce/fused_ce_device.hpp"
#include "metrics/classification.hpp"
#include "nn/frozen_params.hpp"
#include "nn/mlp.hpp"
#include "nn/token_lm.hpp"
#include "optim/optimizer.hpp"
#include "optim/regularizers.hpp"
#include "train/fused_head.hpp"
#include "train/history.hpp"
#include "train/instruments.hpp"
#include "train/run_config.hpp"
#include "util/rng.hpp"

namespace losslab {

enum class RunState { running, finished, diverged };

// "running", "finished" or "diverged": the word the CLI's JSON, the page and the status line use.
std::string_view run_state_name(RunState state);

class Trainer {
 public:
  // `config` must have passed validation (apply_json / validate).
  explicit Trainer(RunConfig config);

  // Advances one step while running (a teacher step while a teacher is still being trained); returns
  // the state after it.
  RunState step();

  // Takes the fields marked live (loss and its parameters, label noise, learning rate, regularizers, …)
  // from `next` and records each change in the History. Returns false, changing nothing, if `next`
  // differs in a field that needs a restart (dataset, model, seed): build a new Trainer for that.
  bool apply_live(const RunConfig& next);

  // The page's WebGPU device for the token model's head (not owned; null: the CPU backends).
  // auto_min_flops: the smallest head (6·N·d·V) that `auto` sends to the device (tests set 0).
  void set_fused_device(FusedCeDevice* device, double auto_min_flops = FusedHead::kAutoMinFlops) {
    head_.set_device(device);
    head_.set_auto_min_flops(auto_min_flops);
  }
  // An evaluation of the token model is being spread over the next calls of step().
  bool evaluating() const { return token_evaluating_; }
  // A step is waiting for the device: step() would return at once, so end this frame's slice.
  bool waiting() const { return state_ == RunState::running && head_.pending(); }
  // The token model and its head (token languages only; else null).
  const TokenLm* token_model() const { return lm_ ? &*lm_ : nullptr; }
  const FusedHead& fused_head() const { return head_; }
  const FusedCeResult& head_result() const { return head_out_; }  // the last finished step's
  // The entropy rate of a token language (the irreducible loss), NaN for other datasets.
  double loss_floor() const { return loss_floor_; }

  RunState state() const { return state_; }
  const std::string& message() const { return message_; }  // why the run stopped, if it did
  int64_t steps_done() const { return steps_done_; }
  const RunConfig& config() const { return config_; }
  const History& history() const { return history_; }
  const Split& data() const { return data_; }  // data().train.y are the labels the model sees (noisy)
  const std::vector<int32_t>& clean_train_labels() const { return clean_train_labels_; }
  const NoisyLabels& label_noise() const { return noisy_; }
  const Mlp& model() const { return model_; }
  const Vec& params() const { return params_; }
  // The teacher of kd/pld: steps trained so far (0 when the loss needs none).
  int64_t teacher_steps_done() const { return teacher_steps_done_; }
  bool training_teacher() const;
  // Best clean test accuracy seen at an evaluation, and its step (the early-stopping point).
  double best_test_acc() const { return best_test_acc_; }
  int64_t best_step() const { return best_step_; }

  // The latest measurement of the instruments, for the panels (its step says when it was taken).
  const Instruments& instruments() const { return instruments_; }
  int64_t metrics_every() const { return metrics_every_; }

  // Class probabilities (K×N) for arbitrary inputs x (D×N), e.g. a grid for the decision boundary.
  void predict_proba(const Mat& x, Mat& probs, MlpWorkspace& ws) const;

 private:
  int batch_size() const;
  void draw_batch();
  RunState token_step();
  void evaluate_token_model();
  void continue_token_evaluation();
  void check_end();
  void record_scores(const ClassificationScore& train, const ClassificationScore& test);
  void teacher_step();
  void apply_label_noise_now();
  void reset_sample_state();
  void find_adversarial_inputs(const Vec& weights, const LossBatch& batch);
  bool loss_diverged(double loss);
  RunState finish_step();
  void evaluate();
  // Measures the instruments at this step; `record` adds them to the History (once per step), else only
  // the panels' snapshot is refreshed (after a live change of the bins or the label noise).
  void measure(bool record = true);
  void stop(RunState state, std::string message);

  RunConfig config_;
  const LossInfo* loss_;
  SampleLossFn ce_sample_ = find_loss("ce")->sample;  // the default loss has a float32 fast path
  Rng rng_;
  Split data_;
  std::vector<int32_t> clean_train_labels_;
  NoisyLabels noisy_;
  Mlp model_;                 // the MLP, or the token model's body
  std::optional<TokenLm> lm_;  // token languages: the whole model (its body is model_'s shape)
  Vec params_, grads_, extra_grads_, dropconnect_scale_, masked_params_;
  FrozenParams frozen_, teacher_frozen_;  // parameters that never train (nn/frozen_params.hpp)
  std::unique_ptr<Optimizer> optimizer_;
  Grokfast grokfast_;
  MlpWorkspace train_ws_, adv_ws_, eval_ws_;
  std::vector<int32_t> order_;  // epoch permutation of the training set
  size_t cursor_ = 0;
  Mat batch_x_, adv_x_, dlogits_, dx_;
  Vec ce_loss_;
  std::vector<int32_t> batch_y_, batch_index_, mixed_y_;
  std::vector<double> batch_v_, mixed_v_;  // regression targets of the batch and of mixup's partners
  MatD logits64_, adv_logits64_, teacher_logits64_, features64_;
  std::vector<double> batch_state_;
  std::vector<double> sample_state_;  // per training sample (aldr_kl's λ_i)
  LossResult loss_out_, mixed_out_;
  // The teacher of kd/pld.
  Vec teacher_params_;
  std::unique_ptr<Optimizer> teacher_optimizer_;
  MlpWorkspace teacher_ws_;
  int64_t teacher_steps_done_ = 0;
  // The token model's step: its input, the head's problem and result.
  FusedHead head_;
  Mat lm_x_, head_w_;
  Vec head_c_, body_grads_;
  FusedCeResult head_out_;
  TokenLmScoreWorkspace lm_score_ws_;
  double loss_floor_;
  bool token_evaluating_ = false;  // an evaluation of the token model is being spread over step() calls
  ScoreProgress eval_train_, eval_test_;
  double batch_loss_sum_ = 0;  // the token model's batch losses since the last evaluation
  int64_t batch_losses_ = 0;
  History history_;
  int64_t steps_done_ = 0;
  int64_t last_eval_ = -1;
  Instruments instruments_;
  InstrumentWorkspace instrument_ws_;
  int64_t last_recorded_ = -1;
  int64_t metrics_every_ = 1;
  double best_test_acc_ = -1;
  int64_t best_step_ = 0;
  int evals_since_best_ = 0;
  RunState state_ = RunState::running;
  std::string message_;
};

}  // namespace losslab
