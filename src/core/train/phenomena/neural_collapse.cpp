// §5 of PHENOMENA.md: neural collapse (Papyan, Han & Donoho 2020). Once the training split is fitted,
// training goes on (the terminal phase) and the penultimate features of each class shrink onto their
// class mean (NC1 → 0, by orders of magnitude on a log axis) while the centred class means spread into
// a simplex equiangular frame (NC2 → 0).
//
// Measured on seeds 1–5: train accuracy 100 % at step 50–75, NC1 then 0.19–0.27; NC1 a hundredth of that
// by steps 1,400–2,075, and 0.002–0.005 of it at step 3,000. What did not work: cross-entropy — with
// Adam, AdamW (weight decay 0.1–2), or SGD with momentum and L2 (5·10⁻⁴–5·10⁻²) — NC1 fell only 2–4×
// after the fit, or rose when strong weight decay made the features nearly rank-deficient; tanh
// features; 32 dimensions with 500 samples (NC1 fell ~10× even with label smoothing); batches of 100
// (NC1 stalls near 10⁻³ on some seeds).
#include "train/phenomena/phenomena.hpp"

#include <cstdio>

#include "train/history_shape.hpp"

namespace losslab {

namespace {

// After training accuracy reaches 100 %, NC1 falls to a hundredth of its value there.
Signature collapsed(const History& h, const RunConfig&) {
  const Series* train = h.find("train_acc");
  const Series* nc1 = h.find("nc1");
  if (!train || !nc1) return {};
  const int64_t fitted = first_step(*train, 1.0);
  if (fitted < 0) return {};
  const double at_fit = value_at(*nc1, fitted);
  const int64_t step = first_step(*nc1, at_fit / 100, false, fitted);
  if (step < 0) return {};
  char text[160];
  std::snprintf(text, sizeof text, "train accuracy 100%% at step %lld; NC1 a hundredth of its value there at step %lld",
                static_cast<long long>(fitted), static_cast<long long>(step));
  return {true, step, text};
}

}  // namespace

std::vector<Preset> neural_collapse_presets() {
  // 20 a class: the MLP fits them all within 75 steps, then the terminal phase begins.
  RunConfig c = ten_class_mixture_config(0.5f, 200, 1000, "label_smoothing");  // ε = 0.1
  // Label smoothing has a finite optimum — every training sample of a class is pushed to the same
  // logits — and decoupled weight decay removes what the logits do not need, so the features collapse
  // in a few thousand steps. With plain cross-entropy (with or without weight decay) NC1 falls only
  // about 3× in the same budget: its pull on fitted samples vanishes as their margins grow.
  c.optimizer = OptimizerKind::adamw;
  c.lr = 0.001f;
  c.weight_decay = 0.5f;
  c.batch_size = 200;  // full batch
  c.steps = 3000;
  c.eval_every = 25;
  c.metrics_every = 25;
  std::vector<Preset> out = {{"neural-collapse", "Neural collapse",
           "An MLP trained far past 100% training accuracy on a 10-class Gaussian mixture: its last hidden "
           "layer's features collapse onto their class means, and the means form a simplex.",
           c,
           "Within 50-75 steps the training accuracy reaches 100% (the accuracy plot): the terminal phase of "
           "training starts there. Keep watching the neural-collapse plot, whose step axis is logarithmic: NC1, "
           "the within-class spread of the last hidden layer's features measured against the spread between "
           "the class means, keeps falling while the accuracy barely moves - a hundredfold by step ~1,500 "
           "(about 10 s in the page) and two and a half orders of magnitude by the end. The NC2 curves fall "
           "too (equiangularity from about 0.17 to 0.06): the centred class means become equally long and "
           "equally spaced, their pairwise cosines approaching -1/(K-1) = -0.11, the simplex equiangular tight "
           "frame.",
           "Papyan, Han & Donoho 2020, Prevalence of Neural Collapse during the Terminal Phase of Deep Learning "
           "Training (NC1 = tr(Sigma_W Sigma_B^+)/K); Zhou et al. 2022, Are All Losses Created Equal: A Neural Collapse "
           "Perspective (label smoothing collapses too, and faster). Scaled down: deep convolutional nets on "
           "image datasets for 350 epochs become a 2-hidden-layer MLP (128, 128) on 200 samples of a 10-class "
           "Gaussian mixture in 64 dimensions for 3,000 full-batch steps; label smoothing (epsilon = 0.1) and "
           "AdamW weight decay 0.5 stand in for the papers' long SGD schedule with weight decay.",
           {"collapse", "accuracy", "loss"},
           "",
           true}};
  out[0].signature = &collapsed;
  return out;
}

}  // namespace losslab
