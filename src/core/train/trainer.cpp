#include "train/trainer.hpp"

#include <cmath>
#include <numeric>
#include <sstream>
#include <utility>

#include "data/toy2d.hpp"
#include "loss/cross_entropy.hpp"
#include "metrics/classification.hpp"

namespace losslab {
namespace {

MlpShape shape_of(const RunConfig& c) {
  return {2, c.hidden, toy2d_classes(c.dataset, c.classes), c.activation};
}

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

std::string_view run_state_name(RunState state) {
  switch (state) {
    case RunState::running: return "running";
    case RunState::finished: return "finished";
    case RunState::diverged: return "diverged";
  }
  return "?";
}

// Member order fixes the order of random draws: data first, then the initial weights, then batches.
Trainer::Trainer(RunConfig config)
    : config_(std::move(config)),
      rng_(config_.seed),
      data_(make_toy2d_split(config_.dataset, config_.n_train, config_.n_test, config_.classes,
                             config_.noise, rng_)),
      model_(shape_of(config_)),
      optimizer_(make_optimizer(config_.optimizer, model_.num_params())) {
  model_.init(params_, rng_);
  order_.resize(static_cast<size_t>(data_.train.size()));
  std::iota(order_.begin(), order_.end(), 0);
  rng_.shuffle(order_.begin(), order_.end());
  evaluate();
}

void Trainer::draw_batch() {
  const int b = config_.batch_size;
  if (cursor_ + static_cast<size_t>(b) > order_.size()) {  // epoch done: reshuffle, drop the remainder
    rng_.shuffle(order_.begin(), order_.end());
    cursor_ = 0;
  }
  batch_x_.resize(data_.train.num_features(), b);
  batch_y_.resize(static_cast<size_t>(b));
  for (int j = 0; j < b; ++j) {
    const int32_t i = order_[cursor_++];
    batch_x_.col(j) = data_.train.x.col(i);
    batch_y_[static_cast<size_t>(j)] = data_.train.y[static_cast<size_t>(i)];
  }
}

RunState Trainer::step() {
  if (state_ != RunState::running) return state_;
  draw_batch();
  model_.forward(params_, batch_x_, train_ws_);
  cross_entropy(train_ws_.logits(), batch_y_, batch_loss_, &dlogits_);
  const double loss = batch_loss_.cast<double>().mean();
  if (!std::isfinite(loss)) {
    stop(RunState::diverged, "loss became " + number_text(loss) + " at step " + std::to_string(steps_done_ + 1) +
                                 "; the run is paused (try a smaller lr, then reset)");
    return state_;
  }
  dlogits_ *= 1.0f / static_cast<float>(config_.batch_size);  // mean over the batch
  model_.backward(params_, batch_x_, dlogits_, train_ws_, grads_);
  optimizer_->step(params_, grads_, config_.optimizer_settings());
  ++steps_done_;
  // One vectorised float64 sum instead of a per-element test: any NaN or Inf makes it non-finite, and
  // float32 values cannot overflow a float64 sum.
  if (!std::isfinite(params_.cast<double>().sum())) {
    stop(RunState::diverged, "the weights became NaN or Inf at step " + std::to_string(steps_done_) +
                                 "; the run is paused (try a smaller lr, then reset)");
    return state_;
  }
  if (steps_done_ % config_.eval_every == 0 || steps_done_ >= config_.steps) evaluate();
  if (steps_done_ >= config_.steps) stop(RunState::finished, "finished " + std::to_string(steps_done_) + " steps");
  return state_;
}

void Trainer::evaluate() {
  if (last_eval_ == steps_done_) return;
  last_eval_ = steps_done_;
  const ClassificationScore train = score(model_, params_, data_.train, eval_ws_);
  const ClassificationScore test = score(model_, params_, data_.test, eval_ws_);
  history_.add("train_loss", steps_done_, train.loss);
  history_.add("train_acc", steps_done_, train.accuracy);
  history_.add("test_loss", steps_done_, test.loss);
  history_.add("test_acc", steps_done_, test.accuracy);
}

void Trainer::stop(RunState state, std::string message) {
  state_ = state;
  message_ = std::move(message);
  if (state == RunState::diverged) history_.add_event(steps_done_, "diverged: " + message_);
}

bool Trainer::apply_live(const RunConfig& next) {
  if (!validate(next).empty()) return false;
  for (const FieldSpec& f : config_fields())
    if (!f.live && get_field(next, f) != get_field(config_, f)) return false;
  for (const FieldSpec& f : config_fields()) {
    const auto before = get_field(config_, f), after = get_field(next, f);
    if (before != after)
      history_.add_event(steps_done_, std::string(f.key) + ": " + before.dump() + " -> " + after.dump());
  }
  if (next.optimizer != config_.optimizer) optimizer_ = make_optimizer(next.optimizer, model_.num_params());
  config_ = next;
  if (state_ == RunState::finished && steps_done_ < config_.steps) state_ = RunState::running;
  if (state_ == RunState::running && steps_done_ >= config_.steps) {  // shortened below where it is
    evaluate();
    stop(RunState::finished, "finished " + std::to_string(steps_done_) + " steps");
  }
  return true;
}

void Trainer::predict_proba(const Mat& x, Mat& probs, MlpWorkspace& ws) const {
  model_.forward(params_, x, ws);
  const Mat& z = ws.logits();
  probs.resize(z.rows(), z.cols());
  for (Eigen::Index i = 0; i < z.cols(); ++i) {
    const auto e = (z.col(i).array() - z.col(i).maxCoeff()).exp();
    probs.col(i) = e / e.sum();
  }
}

}  // namespace losslab
