#include "train/trainer.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <utility>

#include "data/datasets.hpp"
#include "loss/cross_entropy.hpp"
#include "metrics/classification.hpp"
#include "nn/dropconnect.hpp"
#include "optim/schedule.hpp"
#include "train/regression_eval.hpp"
#include "util/random_distributions.hpp"

namespace losslab {
namespace {

bool is_language(const RunConfig& c) { return dataset_info(c.dataset).language; }
bool is_regression(const RunConfig& c) { return dataset_info(c.dataset).regression; }

// Model outputs: the classes, or what a regression loss reads (its bins, or one value for mse).
int outputs_of(const RunConfig& c) {
  return loss_outputs(c.loss_info(), c.loss_params, data_shape(c.data_settings()).classes);
}

// The MLP of the run: the whole model, or the token model's body (embedding width in and out).
MlpShape shape_of(const RunConfig& c) {
  if (is_language(c)) return TokenLm({c.vocab, c.embed_dim, c.hidden, c.activation}).body().shape();
  const DataShape shape = data_shape(c.data_settings());
  return {shape.inputs, c.hidden, outputs_of(c), c.activation, c.bias, c.output_layer, c.init_scale};
}

std::optional<TokenLm> token_model_of(const RunConfig& c) {
  if (!is_language(c)) return std::nullopt;
  return TokenLm({c.vocab, c.embed_dim, c.hidden, c.activation});
}

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

double loss_param(const RunConfig& c, std::string_view name, double fallback) {
  const int i = loss_param_index(c.loss_info(), name);
  return i < 0 ? fallback : c.loss_params[static_cast<size_t>(i)];
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
// (The label noise has a generator of its own.)
Trainer::Trainer(RunConfig config)
    : config_(std::move(config)),
      loss_(&config_.loss_info()),
      rng_(config_.seed),
      data_(make_split(config_.data_settings(), rng_)),
      clean_train_labels_(data_.train.y),
      model_(shape_of(config_)),
      lm_(token_model_of(config_)),
      optimizer_(make_optimizer(config_.optimizer, lm_ ? lm_->num_params() : model_.num_params())),
      loss_floor_(lm_ ? token_language_floor(config_.data_settings().language)
                      : std::numeric_limits<double>::quiet_NaN()) {
  if (lm_) {
    lm_->init(params_, rng_);
  } else {
    model_.init(params_, rng_);
    frozen_ = FrozenParams(model_.frozen_ranges(), params_);
  }
  head_.set_choice(config_.fused_backend);
  apply_label_noise_now();
  order_.resize(static_cast<size_t>(data_.train.size()));
  std::iota(order_.begin(), order_.end(), 0);
  rng_.shuffle(order_.begin(), order_.end());
  reset_sample_state();
  metrics_every_ = metrics_cadence(config_);
  evaluate();
  measure();
}

void Trainer::apply_label_noise_now() {
  data_.train.y = clean_train_labels_;
  noisy_ = apply_label_noise(data_.train, config_.label_noise_settings());
  data_.train.y = noisy_.labels;
  if (config_.label_noise != LabelNoise::none)
    history_.add_event(steps_done_, "label noise " + std::string(label_noise_name(config_.label_noise)) + ": " +
                                        std::to_string(noisy_.flipped.size()) + " of " +
                                        std::to_string(noisy_.labels.size()) +
                                        " training labels flipped (realised rate " +
                                        number_text(noisy_.realised_rate) + ")");
}

void Trainer::reset_sample_state() {
  if ((loss_->needs & kNeedsSampleState) && loss_->state_init)
    sample_state_.assign(order_.size(), loss_->state_init(config_.loss_params));
  else
    sample_state_.clear();
}

bool Trainer::training_teacher() const {
  return (loss_->needs & kNeedsTeacher) && teacher_steps_done_ < config_.teacher_steps;
}

// Custom data may hold fewer points than batch_size (validation allows it there): the batch is then
// the whole training split.
int Trainer::batch_size() const { return std::min(config_.batch_size, data_.train.size()); }

void Trainer::draw_batch() {
  const int b = batch_size();
  if (cursor_ + static_cast<size_t>(b) > order_.size()) {  // epoch done: reshuffle, drop the remainder
    rng_.shuffle(order_.begin(), order_.end());
    cursor_ = 0;
  }
  batch_x_.resize(data_.train.num_features(), b);
  batch_y_.resize(static_cast<size_t>(b));
  batch_index_.resize(static_cast<size_t>(b));
  const bool values = !data_.train.values.empty();  // a regression dataset's targets
  batch_v_.resize(values ? static_cast<size_t>(b) : 0);
  for (int j = 0; j < b; ++j) {
    const int32_t i = order_[cursor_++];
    batch_x_.col(j) = data_.train.x.col(i);
    batch_y_[static_cast<size_t>(j)] = data_.train.y[static_cast<size_t>(i)];
    if (values) batch_v_[static_cast<size_t>(j)] = data_.train.values[static_cast<size_t>(i)];
    batch_index_[static_cast<size_t>(j)] = i;
  }
}

// The teacher of kd/pld: the same model, cross-entropy, the run's optimizer settings, on the same
// (possibly noisy) labels, drawing its batches from the run's generator.
void Trainer::teacher_step() {
  if (teacher_params_.size() == 0) {
    model_.init(teacher_params_, rng_);
    teacher_frozen_ = FrozenParams(model_.frozen_ranges(), teacher_params_);
    teacher_optimizer_ = make_optimizer(config_.optimizer, model_.num_params());
  }
  draw_batch();
  model_.forward(teacher_params_, batch_x_, teacher_ws_);
  cross_entropy(teacher_ws_.logits(), batch_y_, ce_loss_, &dlogits_);
  dlogits_ *= 1.0f / static_cast<float>(batch_size());
  model_.backward(teacher_params_, batch_x_, dlogits_, teacher_ws_, extra_grads_);
  teacher_frozen_.zero_gradient(extra_grads_);
  teacher_optimizer_->step(teacher_params_, extra_grads_, config_.optimizer_settings());
  teacher_frozen_.restore(teacher_params_);
  ++teacher_steps_done_;
  if (!std::isfinite(teacher_params_.cast<double>().sum())) {
    stop(RunState::diverged, "the teacher's weights became NaN or Inf at its step " +
                                 std::to_string(teacher_steps_done_) + "; the run is paused (try a smaller lr, then reset)");
    return;
  }
  if (teacher_steps_done_ == config_.teacher_steps) {
    const ClassificationScore test = score(model_, teacher_params_, data_.test, eval_ws_);
    history_.add_event(steps_done_, "teacher trained for " + std::to_string(teacher_steps_done_) +
                                        " steps: test accuracy " + number_text(test.accuracy));
  }
}

// Projected gradient ascent on ‖Δ(x′) − Δ(x)‖ within an L2 ball of the loss's radius around each input
// (adv_comp_sum). Starts from a tiny random offset (at x′ = x the norm has no gradient), takes
// pgd_steps normalised steps of 2.5·radius/pgd_steps, and leaves the final x′ forwarded in adv_ws_.
void Trainer::find_adversarial_inputs(const Vec& weights, const LossBatch& batch) {
  const float radius = static_cast<float>(loss_param(config_, "radius", 0.1));
  const int steps = static_cast<int>(loss_param(config_, "pgd_steps", 1));
  const float step_size = 2.5f * radius / static_cast<float>(steps);
  adv_x_ = batch_x_;
  for (Eigen::Index i = 0; i < adv_x_.size(); ++i) adv_x_.data()[i] += 1e-3f * radius * rng_.normal();
  LossBatch probe = batch;
  for (int t = 0; t < steps; ++t) {
    model_.forward(weights, adv_x_, adv_ws_);
    adv_logits64_ = adv_ws_.logits().cast<double>();
    probe.adv_logits = &adv_logits64_;
    evaluate_loss(*loss_, config_.loss_params, probe, loss_out_);
    dlogits_ = loss_out_.dadv.cast<float>();
    model_.backward(weights, adv_x_, dlogits_, adv_ws_, extra_grads_, &dx_);
    for (Eigen::Index j = 0; j < adv_x_.cols(); ++j) {
      const float g = dx_.col(j).norm();
      Eigen::VectorXf delta = adv_x_.col(j) - batch_x_.col(j);
      if (g > 0) delta += step_size / g * dx_.col(j);
      const float n = delta.norm();
      if (n > radius) delta *= radius / n;
      adv_x_.col(j) = batch_x_.col(j) + delta;
    }
  }
  model_.forward(weights, adv_x_, adv_ws_);
  adv_logits64_ = adv_ws_.logits().cast<double>();
}

RunState Trainer::step() {
  if (state_ != RunState::running) return state_;
  if (token_evaluating_) {
    continue_token_evaluation();
    return state_;
  }
  if (lm_) return token_step();
  if (training_teacher()) {
    teacher_step();
    return state_;
  }
  draw_batch();
  const RunConfig& c = config_;
  const int b = batch_size();
  if (c.input_noise > 0)
    for (Eigen::Index i = 0; i < batch_x_.size(); ++i) batch_x_.data()[i] += c.input_noise * rng_.normal();
  // mixup: one λ ~ Beta(α, α) per batch, each sample mixed with a shuffled partner; the loss is the
  // λ-mixture of the losses on both labels (LOSSES-NOTES C6), which is right for every loss.
  float lambda = 1;
  if (c.mixup > 0) {
    lambda = sample_beta(rng_, c.mixup, c.mixup);
    std::vector<int32_t> partner(static_cast<size_t>(b));
    std::iota(partner.begin(), partner.end(), 0);
    rng_.shuffle(partner.begin(), partner.end());
    const Mat shuffled = batch_x_(Eigen::all, partner);
    batch_x_ = lambda * batch_x_ + (1 - lambda) * shuffled;
    mixed_y_.resize(static_cast<size_t>(b));
    for (size_t j = 0; j < partner.size(); ++j) mixed_y_[j] = batch_y_[static_cast<size_t>(partner[j])];
    mixed_v_.resize(batch_v_.size());
    for (size_t j = 0; j < mixed_v_.size(); ++j) mixed_v_[j] = batch_v_[static_cast<size_t>(partner[j])];
  }
  const Vec* weights = &params_;
  if (c.dropconnect > 0) {
    dropconnect_mask(model_, c.dropconnect, rng_, dropconnect_scale_);
    masked_params_ = params_.cwiseProduct(dropconnect_scale_);
    weights = &masked_params_;
  }
  model_.forward_train(*weights, batch_x_, {c.dropout, c.hidden_noise}, rng_, train_ws_);
  const double inv_b = 1.0 / b;  // the batch loss is the mean
  if (loss_->sample == ce_sample_ && c.mixup <= 0) {
    // The default loss on its float32 fast path (one exp per logit, no float64 round trip): the same
    // numbers as the registry's ce to rounding (tests/core/test_cross_entropy.cpp), ~15 % more steps/s.
    cross_entropy(train_ws_.logits(), batch_y_, ce_loss_, &dlogits_);
    const double loss = ce_loss_.cast<double>().mean();
    if (loss_diverged(loss)) return state_;
    dlogits_ *= static_cast<float>(inv_b);
    model_.backward(*weights, batch_x_, dlogits_, train_ws_, grads_);
    return finish_step();
  }
  logits64_ = train_ws_.logits().cast<double>();

  LossBatch batch;
  batch.logits = &logits64_;
  batch.labels = batch_y_;
  batch.values = batch_v_;
  if (loss_->needs & kNeedsTeacher) {
    model_.forward(teacher_params_, batch_x_, teacher_ws_);
    teacher_logits64_ = teacher_ws_.logits().cast<double>();
    batch.teacher_logits = &teacher_logits64_;
  }
  if (loss_->needs & kNeedsFeatures) {
    features64_ = model_.features(batch_x_, train_ws_).cast<double>();
    batch.features = &features64_;
  }
  if (loss_->needs & kNeedsSampleState) {
    batch_state_.resize(static_cast<size_t>(b));
    for (size_t j = 0; j < batch_state_.size(); ++j) batch_state_[j] = sample_state_[static_cast<size_t>(batch_index_[j])];
    if (loss_->state_update) loss_->state_update(batch, c.loss_params, batch_state_);
    for (size_t j = 0; j < batch_state_.size(); ++j) sample_state_[static_cast<size_t>(batch_index_[j])] = batch_state_[j];
    batch.sample_state = batch_state_;
  }
  if (loss_->needs & kNeedsAdversarial) {
    find_adversarial_inputs(*weights, batch);
    batch.adv_logits = &adv_logits64_;
  }
  evaluate_loss(*loss_, c.loss_params, batch, loss_out_);
  if (c.mixup > 0) {
    LossBatch partner = batch;
    partner.labels = mixed_y_;
    partner.values = mixed_v_;
    evaluate_loss(*loss_, c.loss_params, partner, mixed_out_);
    loss_out_.loss = lambda * loss_out_.loss + (1 - lambda) * mixed_out_.loss;
    loss_out_.dlogits = lambda * loss_out_.dlogits + (1 - lambda) * mixed_out_.dlogits;
    if (batch.adv_logits) loss_out_.dadv = lambda * loss_out_.dadv + (1 - lambda) * mixed_out_.dadv;
  }
  const double loss = loss_out_.loss.mean();
  if (loss_diverged(loss)) return state_;
  dlogits_ = (loss_out_.dlogits * inv_b).cast<float>();
  model_.backward(*weights, batch_x_, dlogits_, train_ws_, grads_);
  if (batch.adv_logits) {
    dlogits_ = (loss_out_.dadv * inv_b).cast<float>();
    model_.backward(*weights, adv_x_, dlogits_, adv_ws_, extra_grads_);
    grads_ += extra_grads_;
  }
  return finish_step();
}

// The token model: lookup → MLP → fused head (possibly on the device: then this call only submits, and a
// later call, finding the result, finishes the step). Nothing the head reads changes while it is pending.
RunState Trainer::token_step() {
  const RunConfig& c = config_;
  const FusedCeOptions options{.threshold = c.fused_threshold};
  const float smoothing = c.loss == "label_smoothing" ? static_cast<float>(c.loss_params[0]) : 0.0f;
  // Built after the forward pass: it points at the batch's labels and hidden states.
  auto problem = [&] {
    return FusedCeProblem{&train_ws_.logits(), &head_w_, &head_c_, batch_y_, kIgnoreLabel, smoothing};
  };
  bool done = false;
  if (head_.pending()) {
    done = head_.poll(problem(), options, head_out_);
  } else {
    draw_batch();
    lm_->embed(params_, batch_x_, lm_x_);
    model_.forward_train(params_, lm_x_, {c.dropout, c.hidden_noise}, rng_, train_ws_);
    lm_->copy_head(params_, head_w_, head_c_);
    done = head_.start(problem(), options, head_out_);
  }
  if (std::string notice = head_.take_notice(); !notice.empty()) history_.add_event(steps_done_, notice);
  if (!done) return state_;
  if (loss_diverged(head_out_.mean_loss)) return state_;
  batch_loss_sum_ += head_out_.mean_loss;
  ++batch_losses_;
  lm_->backward(params_, batch_x_, lm_x_, head_out_, train_ws_, body_grads_, dx_, grads_);
  return finish_step();
}

// A NaN or Inf batch loss stops the run before it reaches the weights.
bool Trainer::loss_diverged(double loss) {
  if (std::isfinite(loss)) return false;
  stop(RunState::diverged, "loss became " + number_text(loss) + " at step " + std::to_string(steps_done_ + 1) +
                               "; the run is paused (try a smaller lr, then reset)");
  return true;
}

// Everything after the loss's backward pass: gradient regularizers, the optimizer, Langevin noise, the
// divergence check, evaluation and the end of the run.
RunState Trainer::finish_step() {
  const RunConfig& c = config_;
  if (c.dropconnect > 0) grads_.array() *= dropconnect_scale_.array();
  if (c.l2 > 0) add_l2_gradient(grads_, params_, c.l2);
  if (c.l1 > 0) add_l1_gradient(grads_, params_, c.l1);
  frozen_.zero_gradient(grads_);  // fixed output layer, absent biases: before Grokfast, clipping, optimizer
  if (c.grokfast_lambda > 0)
    grokfast_.apply(grads_, c.grokfast_alpha, c.grokfast_lambda);
  else
    grokfast_.reset();
  if (c.grad_clip > 0) clip_gradient_norm(grads_, c.grad_clip);
  OptimizerSettings settings = c.optimizer_settings();
  settings.lr = scheduled_lr(c.schedule_settings(), c.lr, steps_done_, c.steps);
  optimizer_->step(params_, grads_, settings);
  if (c.sgld > 0) add_langevin_noise(params_, settings.lr, c.sgld, rng_);
  frozen_.restore(params_);  // undoes weight decay and Langevin noise there
  ++steps_done_;
  // One vectorised float64 sum instead of a per-element test: any NaN or Inf makes it non-finite, and
  // float32 values cannot overflow a float64 sum.
  if (!std::isfinite(params_.cast<double>().sum())) {
    stop(RunState::diverged, "the weights became NaN or Inf at step " + std::to_string(steps_done_) +
                                 "; the run is paused (try a smaller lr, then reset)");
    return state_;
  }
  if (steps_done_ % c.eval_every == 0 || steps_done_ >= c.steps) evaluate();
  if (steps_done_ % metrics_every_ == 0 || steps_done_ >= c.steps) measure();
  // A token model's evaluation goes on over the next calls; the run can end only once it is recorded.
  if (!token_evaluating_) check_end();
  return state_;
}

// Early stopping, or the last step: after an evaluation has been recorded.
void Trainer::check_end() {
  const RunConfig& c = config_;
  if (c.early_stopping > 0 && evals_since_best_ >= c.early_stopping) {
    measure();  // the panels and the output show the model the run ends with
    stop(RunState::finished, "early stopping: no better test accuracy in " + std::to_string(c.early_stopping) +
                                 " evaluations; best " + number_text(best_test_acc_) + " at step " +
                                 std::to_string(best_step_));
    history_.add_event(steps_done_, "early stopping: best test_acc " + number_text(best_test_acc_) + " at step " +
                                        std::to_string(best_step_));
    return;
  }
  if (steps_done_ >= c.steps) stop(RunState::finished, "finished " + std::to_string(steps_done_) + " steps");
}

void Trainer::evaluate() {
  if (last_eval_ == steps_done_) return;
  last_eval_ = steps_done_;
  if (lm_) {
    evaluate_token_model();
    return;
  }
  if (is_regression(config_)) {
    record_regression_evaluation(model_, params_, *loss_, config_.loss_params, data_, steps_done_, eval_ws_,
                                 history_);
    history_.add("lr", steps_done_,
                 scheduled_lr(config_.schedule_settings(), config_.lr, steps_done_, config_.steps));
    return;
  }
  const ClassificationScore train = score(model_, params_, data_.train, eval_ws_);
  const ClassificationScore test = score(model_, params_, data_.test, eval_ws_);
  record_scores(train, test);
}

// The token model on the test split and on as many training tokens (the start of the training chain).
// Its logits cost 2·d·V per token — 0.6 s of wasm for 1,024 tokens at V = 65,536 — so the evaluation is
// spread over the following calls of step(), a batch of tokens each, and training waits for it: the
// numbers are those of the weights at this step, and no frame stalls.
void Trainer::evaluate_token_model() {
  token_evaluating_ = true;
  eval_train_ = {};
  eval_test_ = {};
}

void Trainer::continue_token_evaluation() {
  const int samples = data_.test.size();
  const int count = std::max(32, config_.batch_size);
  if (eval_train_.next < std::min(samples, data_.train.size())) {
    score_some(*lm_, params_, data_.train, samples, count, eval_train_, lm_score_ws_);
    return;
  }
  if (!score_some(*lm_, params_, data_.test, samples, count, eval_test_, lm_score_ws_)) return;
  token_evaluating_ = false;
  const ClassificationScore train = eval_train_.result(), test = eval_test_.result();
  record_scores(train, test);
  if (batch_losses_ > 0) {  // the running training loss of language-model logs, on the batches themselves
    history_.add("batch_loss", steps_done_, batch_loss_sum_ / static_cast<double>(batch_losses_));
    batch_loss_sum_ = 0;
    batch_losses_ = 0;
  }
  history_.add("loss_floor", steps_done_, loss_floor_);
  history_.add("reducible_gap", steps_done_, test.loss - loss_floor_);
  check_end();
}

void Trainer::record_scores(const ClassificationScore& train, const ClassificationScore& test) {
  history_.add("train_loss", steps_done_, train.loss);
  history_.add("train_acc", steps_done_, train.accuracy);
  history_.add("test_loss", steps_done_, test.loss);
  history_.add("test_acc", steps_done_, test.accuracy);
  history_.add("lr", steps_done_, scheduled_lr(config_.schedule_settings(), config_.lr, steps_done_, config_.steps));
  if (test.accuracy > best_test_acc_) {
    best_test_acc_ = test.accuracy;
    best_step_ = steps_done_;
    evals_since_best_ = 0;
  } else {
    ++evals_since_best_;
  }
}

void Trainer::measure(bool record) {
  // The instruments need the K×N logits the token model never forms, and class labels a regression
  // run does not have (its weight norms are recorded with its evaluations).
  if (lm_ || is_regression(config_)) return;
  if (record && last_recorded_ == steps_done_) return;
  // The coherence samples come from a generator of their own, so measuring never changes training.
  // Modular arithmetic reads one-hot operands: the first layer's columns are the tokens' embeddings.
  MatD embedding;
  const bool tokens = config_.dataset == DatasetKind::modular;
  if (tokens) embedding = modular_token_embedding(model_.weight(params_, 0), config_.modulus);
  if (!measure_instruments(model_, params_, data_, clean_train_labels_, config_.ece_bins,
                           config_.seed ^ 0x5eed5a3b1e5ULL, tokens ? &embedding : nullptr, steps_done_, instrument_ws_,
                           instruments_))
    return;
  if (!record) return;
  record_instruments(instruments_, history_);
  last_recorded_ = steps_done_;
}

void Trainer::stop(RunState state, std::string message) {
  state_ = state;
  message_ = std::move(message);
  if (state == RunState::diverged) history_.add_event(steps_done_, "diverged: " + message_);
}

bool Trainer::apply_live(const RunConfig& next) {
  if (!validate(next).empty()) return false;
  // A regression loss with another number of outputs (mse's one value, or other bins) needs another model.
  if (!lm_ && outputs_of(next) != model_.shape().outputs) return false;
  for (const FieldSpec& f : config_fields())
    if (!f.live && get_field(next, f) != get_field(config_, f)) return false;
  // With the same loss its parameters are compared too; a new loss lists its parameters in its event.
  const bool same_loss = next.loss == config_.loss;
  const std::vector<FieldSpec> compared =
      same_loss ? config_fields(next) : std::vector<FieldSpec>(config_fields().begin(), config_fields().end());
  for (const FieldSpec& f : compared) {
    const auto before = get_field(config_, f), after = get_field(next, f);
    if (before == after) continue;
    std::string text = std::string(f.key) + ": " + before.dump() + " -> " + after.dump();
    if (f.key == "loss") {  // a new loss: say which parameters it starts with
      std::string params;
      for (const FieldSpec& p : config_fields(next))
        if (p.key.starts_with("loss."))
          params += (params.empty() ? "" : ", ") + std::string(p.key.substr(5)) + "=" + get_field(next, p).dump();
      if (!params.empty()) text += " (" + params + ")";
    }
    history_.add_event(steps_done_, text);
  }
  const bool noise_changed = !(next.label_noise_settings() == config_.label_noise_settings());
  const bool loss_changed = !same_loss || next.loss_params != config_.loss_params;
  const bool bins_changed = next.ece_bins != config_.ece_bins;
  if (next.optimizer != config_.optimizer)
    optimizer_ = make_optimizer(next.optimizer, lm_ ? lm_->num_params() : model_.num_params());
  config_ = next;
  head_.set_choice(config_.fused_backend);
  loss_ = &config_.loss_info();
  if (noise_changed) apply_label_noise_now();
  if (loss_changed) reset_sample_state();
  metrics_every_ = metrics_cadence(config_);
  // A paused or finished run would otherwise keep showing pictures of the old bins or the old labels.
  if (bins_changed || noise_changed) measure(false);
  if (state_ == RunState::finished && steps_done_ < config_.steps) state_ = RunState::running;
  if (state_ == RunState::running && steps_done_ >= config_.steps) {  // shortened below where it is
    evaluate();
    measure();
    if (!token_evaluating_) stop(RunState::finished, "finished " + std::to_string(steps_done_) + " steps");
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
