// Trainer: one run, advanced one optimizer step at a time. It never blocks and never loops on its own:
// the page calls step() within each frame's time budget, the CLI calls it until the run ends. Same
// code, same numbers.
//
// A step: draw a minibatch (epoch-wise shuffling) → forward → cross-entropy → backward → optimizer.
// Every eval_every steps (and at steps 0 and the last) the model is scored on the full train and test
// sets and the History gets train_loss, train_acc, test_loss, test_acc at that step.
// A NaN or Inf in the loss or the weights stops the run at that step (state diverged) with a message;
// the History up to it is kept.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"
#include "nn/mlp.hpp"
#include "optim/optimizer.hpp"
#include "train/history.hpp"
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

  // Advances one step while running; returns the state after it.
  RunState step();

  // Takes the fields marked live (learning rate, batch size, steps, …) from `next` and records each
  // change in the History. Returns false, changing nothing, if `next` differs in a field that needs a
  // restart (dataset, model, seed): build a new Trainer for that.
  bool apply_live(const RunConfig& next);

  RunState state() const { return state_; }
  const std::string& message() const { return message_; }  // why the run stopped, if it did
  int64_t steps_done() const { return steps_done_; }
  const RunConfig& config() const { return config_; }
  const History& history() const { return history_; }
  const Split& data() const { return data_; }
  const Mlp& model() const { return model_; }
  const Vec& params() const { return params_; }

  // Class probabilities (K×N) for arbitrary inputs x (D×N), e.g. a grid for the decision boundary.
  void predict_proba(const Mat& x, Mat& probs, MlpWorkspace& ws) const;

 private:
  void draw_batch();
  void evaluate();
  void stop(RunState state, std::string message);

  RunConfig config_;
  Rng rng_;
  Split data_;
  Mlp model_;
  Vec params_, grads_;
  std::unique_ptr<Optimizer> optimizer_;
  MlpWorkspace train_ws_, eval_ws_;
  std::vector<int32_t> order_;  // epoch permutation of the training set
  size_t cursor_ = 0;
  Mat batch_x_, dlogits_;
  std::vector<int32_t> batch_y_;
  Vec batch_loss_;
  History history_;
  int64_t steps_done_ = 0;
  int64_t last_eval_ = -1;
  RunState state_ = RunState::running;
  std::string message_;
};

}  // namespace losslab
