// §2 of PHENOMENA.md: benign overfitting, then grokking, on XOR cluster data (Xu, Wang, Frei, Vardi & Hu
// 2024). A two-layer ReLU network f(x) = Σ_j a_j ReLU(⟨w_j, x⟩) — a_j = ±1/√m fixed, no biases, w_j(0) ~
// N(0, ω²I), only W trained by full-batch gradient descent on the logistic loss, no regulariser — fits
// every training label, the flipped ones included, within the first steps, while its clean test accuracy
// sits at chance: in p ≫ n dimensions the training points are nearly orthogonal, so the first steps act
// like a linear classifier that memorises them, and no linear classifier beats chance on XOR. Later the
// neurons align with ±μ1 and ±μ2, the boundary takes the XOR shape and the clean test accuracy rises to
// near 100 %, while the flipped labels stay fitted. The model is the MLP with hidden {m}, output_layer
// fixed_signs (logits (0, f): softmax cross-entropy is exactly log(1 + exp(−y·f))), bias off and
// init_scale ω; the data are xor_clusters with symmetric label noise η (two classes: a picked label always
// flips, so each flips with probability exactly η).
//
// Scaled: the paper's p = 40,000, n = 200, m = 1,000 costs ~1.6e10 multiply-adds a step (forward and
// backward). f is 1-homogeneous in W and its outputs stay ≪ 1 (the loss stays near log 2, its derivative
// near −y/2), so the trajectory depends on α and ω only through α/ω; p ≫ n and ‖μ‖ = 2.5·√(p/n) keep the
// geometry. Measured (p = 10,000, n = 200, m = 100, α/ω = 3.3, seeds 1–5): every label fitted by step 5
// with test accuracy 49–57 %; test ≥ 90 % at steps 40–100, 96–100 % at step 200, train accuracy 100 %
// throughout. What did not work: the paper's α/ω = 1,000 (also at these sizes) jumps from ~50 % to ~98 %
// test accuracy between steps 1 and 2 — right, but nothing to watch; n = 100 (p/n = 100, m = 200) left
// four seeds of five at 84–93 % after 1,000 steps; more neurons (m = 500) did not help, more points did.
// Evaluations every step (the log axis needs the first ones) cost about a training step each; the
// instruments every 10 (their per-sample gradient coherence costs ~4 steps here).
#include "train/phenomena/phenomena.hpp"

#include <cmath>
#include <cstdio>

#include "train/history_shape.hpp"

namespace losslab {
namespace {

// Every training label fitted (train accuracy against the noisy labels ≥ 99.9 %: the flipped ones
// included) while clean test accuracy is at most 60 %; then, later, clean test accuracy ≥ 90 % at an
// evaluation where every training label is still fitted.
Signature benign_then_generalised(const History& h, const RunConfig&) {
  const Series* train = h.find("train_acc");
  const Series* test = h.find("test_acc");
  if (!train || !test) return {};
  const int64_t fitted = first_step(*train, 0.999);
  if (fitted < 0 || value_at(*test, fitted) > 0.60) return {};
  for (size_t i = 0; i < test->step.size(); ++i) {
    const int64_t step = test->step[i];
    if (step <= fitted || test->value[i] < 0.90 || value_at(*train, step) < 0.999) continue;
    char text[200];
    std::snprintf(text, sizeof text,
                  "every training label fitted (flipped ones too) at step %lld with clean test accuracy %.0f%%; "
                  "clean test %.0f%% at step %lld with them still fitted",
                  static_cast<long long>(fitted), 100 * value_at(*test, fitted), 100 * test->value[i],
                  static_cast<long long>(step));
    return {true, step, text};
  }
  return {};
}

RunConfig xor_config(int p, int n_train, int n_test, int m, float omega, float alpha, int64_t steps) {
  RunConfig c;
  c.dataset = DatasetKind::xor_clusters;
  c.dimension = p;
  c.mean_norm = static_cast<float>(2.5 * std::sqrt(static_cast<double>(p) / n_train));
  c.noise = 1.0f;
  c.n_train = n_train;
  c.n_test = n_test;
  c.n_calib = 0;
  c.label_noise = LabelNoise::symmetric;
  c.noise_rate = 0.05;
  c.noise_sampling = NoiseSampling::bernoulli;
  c.hidden = {m};
  c.activation = Activation::relu;
  c.bias = false;
  c.output_layer = OutputLayer::fixed_signs;
  c.init_scale = omega;
  c.loss = "ce";
  c.loss_params = default_loss_params(*find_loss("ce"));
  c.optimizer = OptimizerKind::sgd;
  c.lr = alpha;
  c.batch_size = n_train;  // full-batch gradient descent
  c.steps = steps;
  c.eval_every = 1;
  c.metrics_every = 10;  // memorization every 10 steps: its gradient coherence costs ~4 steps
  c.seed = 1;
  return c;
}

}  // namespace

std::vector<Preset> benign_overfitting_presets() {
  const std::vector<std::string_view> plots = {"accuracy", "memorization"};
  std::vector<Preset> out = {
      {"benign-overfitting-xor", "Benign overfitting: XOR clusters (scaled)",
       "Scaled; not the paper's exact regime (that is benign-overfitting-xor-paper, for the command line). A "
       "two-layer ReLU net (100 neurons, fixed ±1/10 output weights, no biases, tiny initial weights) learns by "
       "full-batch gradient descent from 200 points in 10,000 dimensions, drawn from 4 clusters in an XOR "
       "pattern, 5% of them with the wrong label. It fits every label, the wrong ones too, within a few steps "
       "while it still guesses on new points; later it generalises, and still fits the wrong labels.",
       xor_config(10000, 200, 200, 100, 3e-6f, 1e-5f, 200),
       "The step axis is logarithmic. By step 5 train accuracy is 100%: every training label is fitted, the "
       "12 flipped ones included (memorization plot: the noisy samples are all predicted as their given, "
       "wrong label), while the clean test accuracy is still about 50%, chance. In 10,000 dimensions 200 "
       "points are nearly orthogonal, so the first steps fit each one like a linear model would, and no "
       "linear model beats chance on XOR. Then, with no regulariser at all, test accuracy climbs: past 90% "
       "near step 60, 99% by step 100, while the flipped labels stay fitted to the end - overfitting that "
       "does no harm. The boundary view draws the net on the plane of the two cluster means, with the "
       "points at their projections: the XOR shape shows there within a few steps, yet new points are still "
       "guessed, because each point's noise, off that plane and about six times longer than its mean, is "
       "what the first steps fitted; as the neurons turn towards the means the plane's shape takes over. "
       "The training loss barely moves from log 2 = 0.693: the outputs stay tiny, as in the paper (so the "
       "boundary view scales the logits up to show their sign).",
       "Xu, Wang, Frei, Vardi & Hu 2024, Benign Overfitting and Grokking in ReLU Networks for XOR Cluster "
       "Data (ICLR 2024, arXiv 2310.02541), Def. 2.1 and Fig. 1-2. Scaled for the browser: dimension p = "
       "10,000 instead of 40,000 and m = 100 neurons instead of 1,000, with the paper's n = 200 (at n = 100 "
       "some seeds stall near 90% test accuracy), ||mu|| = 2.5 sqrt(p/n) = 17.7 by the paper's rule, label "
       "noise 0.05, the paper's network (fixed output weights ±1/sqrt(m), no biases, only the first layer "
       "trained, logistic loss, full-batch gradient descent). Initial scale omega = 3e-6 and step alpha = "
       "1e-5 instead of 1e-15 and 1e-12: the net is 1-homogeneous in its weights and its outputs stay << 1, "
       "so what counts is alpha/omega, lowered from 1,000 to 3.3 - at 1,000 the test accuracy jumps within "
       "two steps (as in benign-overfitting-xor-paper), too fast to watch.",
       plots,
       "boundary",
       true},
      {"benign-overfitting-xor-paper", "Benign overfitting: XOR clusters (paper size, command line only)",
       "The paper's exact run: p = 40,000 dimensions, n = 200 training and 200 test points, m = 1,000 "
       "neurons, ||mu|| = 35.4, label noise 0.05, omega = 1e-15, alpha = 1e-12, 30 steps. Too heavy for the "
       "page (8e9 multiply-adds a step): run it from the command line, losslab run --preset "
       "benign-overfitting-xor-paper --out run.csv (a minute or two natively, 1.2 GB of memory).",
       xor_config(40000, 200, 200, 1000, 1e-15f, 1e-12f, 30),
       "Train accuracy is 100% from step 1, the 12 flipped labels included, while the clean test accuracy "
       "is 46%, chance. At the paper's alpha/omega = 1,000 the turn comes fast: 87% at step 2, 99% by step 5, "
       "100% from step 6, with the flipped labels still fitted. The outputs stay near 1e-13 - the loss prints "
       "as log 2 = 0.693147 throughout - so only the sign of f matters: gradient descent's implicit bias, "
       "with no regulariser, does all of it.",
       "Xu, Wang, Frei, Vardi & Hu 2024, Benign Overfitting and Grokking in ReLU Networks for XOR Cluster "
       "Data (ICLR 2024, arXiv 2310.02541): the setting of their Fig. 1 (left), one run instead of 100.",
       plots,
       "boundary",
       true},
  };
  out[0].signature = &benign_then_generalised;
  out[1].cli_only = true;
  return out;
}

}  // namespace losslab
